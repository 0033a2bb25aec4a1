package cryo.sim.board;

import cryo.hal.device.StageId;
import cryo.sim.clock.VirtualClock;
import cryo.sim.plant.CryostatPlant;
import cryo.sim.plant.MixingChamberPlant;
import cryo.sim.plant.Plant;
import cryo.sim.sensor.CernoxSensor;
import cryo.sim.sensor.Pt100Sensor;
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

    /** Heater resistances of the cryostat wiring: warm-up heaters large so range 8 (100 mA) gives watts. */
    public static final double HEATER_50K_OHMS = 2500.0;   // 25 W at 100 mA
    public static final double HEATER_4K_OHMS = 1000.0;    // 10 W at 100 mA
    public static final double HEATER_STILL_OHMS = 120.0;  // 12 mW on range 6, 120 mW on range 7
    /** Thermometer channel of each stage in the cryostat wiring, indexed by StageId.ordinal(). */
    public static final int[] CRYOSTAT_THERMOMETER = {0, 1, 2, 3, 4, 5};
    /** Heater channel of each stage in the cryostat wiring (-1: none), indexed by StageId.ordinal(). */
    public static final int[] CRYOSTAT_HEATER = {0, 1, 2, -1, 3, -1};
    /** Channel of the second (redundant) mixing-chamber RuOx in {@link #cryostatRedundantMxc}. */
    public static final int MXC_REDUNDANT_THERMOMETER = 6;

    /**
     * What scenarios run on ({@link #cryostatRedundantMxc}): the stage of each thermometer channel
     * (null: unwired), channel {@link #MXC_REDUNDANT_THERMOMETER} being the mixing chamber's second.
     */
    public static final StageId[] SCENARIO_THERMOMETER_STAGE = {
        StageId.PLATE_50K, StageId.PLATE_4K, StageId.STILL, StageId.COLD_PLATE, StageId.MXC, StageId.SAMPLE, StageId.MXC, null
    };
    /** The stage of each heater channel in the scenario wiring. */
    public static final StageId[] SCENARIO_HEATER_STAGE = {StageId.PLATE_50K, StageId.PLATE_4K, StageId.STILL, StageId.MXC};

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

    /** The five-stage cryostat (default figures) at room temperature, default wiring. */
    public static SimulatedBoard cryostat(long seed) {
        return cryostat(new CryostatPlant(), seed);
    }

    /** Still heater power of {@link #cryostatAtBase}: about what holds the still at 0.8 K. */
    public static final double BASE_STILL_HEATER_WATTS = 0.018;

    /**
     * The five-stage cryostat already cold: cooled from room temperature to steady circulation
     * at base (still heater {@link #BASE_STILL_HEATER_WATTS}), default wiring, seeded noise. The
     * cooldown runs in the plant alone (well under a second); the board's heaters start at zero.
     */
    public static SimulatedBoard cryostatAtBase(long seed) {
        return cryostat(CryostatPlant.cooledToBase(cryo.sim.plant.PlantParameters.defaults(), BASE_STILL_HEATER_WATTS), seed);
    }

    /**
     * As {@link #cryostatAtBase(long)} with the given plant figures, e.g.
     * {@code PlantParameters.defaults().withPulseTubeRipple()} for a fridge with pulse-tube ripple.
     */
    public static SimulatedBoard cryostatAtBase(cryo.sim.plant.PlantParameters figures, long seed) {
        return cryostat(CryostatPlant.cooledToBase(figures, BASE_STILL_HEATER_WATTS), seed);
    }

    /**
     * A cryostat plant with the default wiring: Pt100 on 50k, Cernox-type on 4k, RuOx on still,
     * cold plate, mixing chamber and sample; heaters 50k 2.5 kΩ, 4k 1 kΩ, still 120 Ω, mxc 100 Ω.
     */
    public static SimulatedBoard cryostat(Plant plant, long seed) {
        return new SimulatedBoard(plant, cryostatWiring(), new VirtualClock(0), seed, DEFAULT_SAMPLE_INTERVAL_SECONDS);
    }

    private static BoardWiring cryostatWiring() {
        return new BoardWiring(8, 4)
                .thermometer(0, StageId.PLATE_50K, Pt100Sensor.typical("sim-pt100-50k"))
                .thermometer(1, StageId.PLATE_4K, CernoxSensor.typical("sim-cernox-4k"))
                .thermometer(2, StageId.STILL, RuOxSensor.typical("sim-ruox-still"))
                .thermometer(3, StageId.COLD_PLATE, RuOxSensor.typical("sim-ruox-cold-plate"))
                .thermometer(MXC_THERMOMETER, StageId.MXC, RuOxSensor.typical("sim-ruox-mxc"))
                .thermometer(5, StageId.SAMPLE, RuOxSensor.typical("sim-ruox-sample"))
                .heater(0, StageId.PLATE_50K, HEATER_50K_OHMS)
                .heater(1, StageId.PLATE_4K, HEATER_4K_OHMS)
                .heater(2, StageId.STILL, HEATER_STILL_OHMS)
                .heater(MXC_HEATER, StageId.MXC, MXC_HEATER_OHMS);
    }

    /**
     * As {@link #cryostat(Plant, long)} with a second RuOx on the mixing chamber on channel
     * {@link #MXC_REDUNDANT_THERMOMETER} ("sim-ruox-mxc-b"), for cross-checking two sensors of
     * one stage. A separate board so the default wiring's noise sequence stays as it was.
     */
    public static SimulatedBoard cryostatRedundantMxc(Plant plant, long seed) {
        BoardWiring wiring = cryostatWiring()
                .thermometer(MXC_REDUNDANT_THERMOMETER, StageId.MXC, RuOxSensor.typical("sim-ruox-mxc-b"));
        return new SimulatedBoard(plant, wiring, new VirtualClock(0), seed, DEFAULT_SAMPLE_INTERVAL_SECONDS);
    }
}
