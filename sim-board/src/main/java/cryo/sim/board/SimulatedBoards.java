package cryo.sim.board;

import cryo.hal.device.StageId;
import cryo.sim.clock.VirtualClock;
import cryo.sim.plant.MixingChamberPlant;
import cryo.sim.plant.Plant;
import cryo.sim.sensor.RuOxSensor;

/**
 * Ready-made boards. The default channel assignment, used by the shipped controller
 * configuration: thermometers 0 = 50k, 1 = 4k, 2 = still, 3 = cold-plate, 4 = mxc, 5 = sample;
 * heaters 0 = 50k, 1 = 4k, 2 = still, 3 = mxc.
 */
public final class SimulatedBoards {
    public static final int MXC_THERMOMETER = 4;
    public static final int MXC_HEATER = 3;
    public static final double MXC_HEATER_OHMS = 100.0;
    public static final double DEFAULT_SAMPLE_INTERVAL_SECONDS = 0.1;

    private SimulatedBoards() {
    }

    /** The mixing chamber alone (walking-skeleton plant), at 4 K, seeded noise. */
    public static SimulatedBoard mixingChamber(long seed) {
        return mixingChamber(MixingChamberPlant.typical(), seed);
    }

    public static SimulatedBoard mixingChamber(Plant plant, long seed) {
        BoardWiring wiring = new BoardWiring(8, 4)
                .thermometer(MXC_THERMOMETER, StageId.MXC, RuOxSensor.typical("sim-ruox-mxc"))
                .heater(MXC_HEATER, StageId.MXC, MXC_HEATER_OHMS);
        return new SimulatedBoard(plant, wiring, new VirtualClock(0), seed, DEFAULT_SAMPLE_INTERVAL_SECONDS);
    }
}
