package cryo.sim.scenario;

import cryo.hal.device.StageId;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.sim.plant.CryostatPlant;
import java.util.Map;

/** Builds the simulated board a scenario starts from: plant figures, initial state, default wiring. */
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
        return SimulatedBoards.cryostat(plant, seed);
    }
}
