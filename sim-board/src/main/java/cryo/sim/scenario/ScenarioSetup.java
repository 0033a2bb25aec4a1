package cryo.sim.scenario;

import cryo.hal.device.StageId;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.sim.plant.CryostatPlant;
import java.util.Map;

/**
 * Builds the simulated board a scenario starts from: plant figures, initial state, the default
 * wiring plus the mixing chamber's second thermometer on channel
 * {@link SimulatedBoards#MXC_REDUNDANT_THERMOMETER} (a fault on it plays sensor disagreement).
 */
public final class ScenarioSetup {
    private ScenarioSetup() {
    }

    public static SimulatedBoard board(Scenario s, long seed) {
        CryostatPlant plant = Scenario.BASE.equals(s.initialState())
                ? CryostatPlant.cooledToBase(s.plant(), s.initialStillWatts())
                : new CryostatPlant(s.plant());
        for (Map.Entry<StageId, Double> e : s.initialKelvin().entrySet()) {
            plant.setTemperatureKelvin(e.getKey(), e.getValue());
        }
        return SimulatedBoards.cryostatRedundantMxc(plant, seed);
    }
}
