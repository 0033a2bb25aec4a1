package cryo.controller.config;

import cryo.hal.calibration.CalibrationCurve;
import java.util.List;

/**
 * The shipped configuration for the simulated board's default wiring (mixing chamber RuOx on
 * thermometer channel 4, 100 Ω heater on heater channel 3): hold the mixing chamber at 50 mK,
 * trip above 5 K.
 */
public final class DefaultConfig {
    public static final String FIRMWARE_VERSION = "0.1.0";

    private DefaultConfig() {
    }

    public static ControllerConfig mixingChamber(String nodeId, CalibrationCurve mxcCurve) {
        SensorConfig mxc = new SensorConfig("mxc", "sim-ruox-mxc", 4, mxcCurve);
        LoopConfig loop = new LoopConfig("mxc", 0, 3, 100.0, 0.050, 2e-3, 2e-3, 0.0, 5, 1.0, true);
        OverTemperatureLimit limit = new OverTemperatureLimit(0, 5.0, 4);
        return new ControllerConfig(nodeId, FIRMWARE_VERSION, 0.1, 1.0, 3000, 5,
                List.of(mxc), List.of(loop), List.of(limit));
    }

    /** Stage ids of the cryostat's thermometers in channel order (0..5), as SimulatedBoards.cryostat wires them. */
    public static final String[] CRYOSTAT_STAGES = {"50k", "4k", "still", "cold-plate", "mxc", "sample"};

    /**
     * The five-stage cryostat on the default wiring (thermometers 0..5 = 50k, 4k, still,
     * cold-plate, mxc, sample; heaters 0 = 50k 2.5 kΩ, 1 = 4k 1 kΩ, 2 = still 120 Ω, 3 = mxc
     * 100 Ω), at a 1 s control tick.
     *
     * @param curves one curve per thermometer channel from 0; 5 curves (no sample stage) or 6
     */
    public static ControllerConfig cryostat(String nodeId, CalibrationCurve... curves) {
        return cryostat(nodeId, 1.0, curves);
    }

    /**
     * As {@link #cryostat(String, CalibrationCurve...)} with a given control tick. Loops, all off at
     * start (a scenario or operator switches them on): 50k and 4k warm-up heaters (PID to 290 K
     * when used, range 8), still (range 7, up to 120 mW; the still heater sets the circulation),
     * mxc (range 5, up to 1 mW). Over-temperature limits that a cooldown from room temperature
     * never crosses: 50k and 4k above 320 K (a warm-up heater running away past room
     * temperature); still, cold plate, mxc and sample above 45 K — their RuOx curves end at 40 K
     * and read invalid above, which the detector ignores, so these only catch an in-range
     * reading gone hot. Tighter base-temperature protection needs a mode-aware limit (interlock
     * work).
     */
    public static ControllerConfig cryostat(String nodeId, double tickSeconds, CalibrationCurve... curves) {
        if (curves.length != 5 && curves.length != 6) {
            throw new IllegalArgumentException("cryostat: need 5 or 6 calibration curves (channels 0..4 or 0..5), got " + curves.length);
        }
        List<SensorConfig> sensors = new java.util.ArrayList<>();
        for (int ch = 0; ch < curves.length; ch++) {
            sensors.add(new SensorConfig(CRYOSTAT_STAGES[ch], curves[ch].name(), ch, curves[ch]));
        }
        List<LoopConfig> loops = List.of(
                new LoopConfig("50k", 0, 0, 2500.0, 290.0, 2.0, 2e-3, 0.0, 8, 310.0, false),
                new LoopConfig("4k", 1, 1, 1000.0, 290.0, 1.0, 1e-3, 0.0, 8, 310.0, false),
                new LoopConfig("still", 2, 2, 120.0, 0.8, 0.05, 5e-4, 0.0, 7, 5.0, false),
                new LoopConfig("mxc", 4, 3, 100.0, 0.050, 2e-3, 2e-3, 0.0, 5, 1.0, false));
        List<OverTemperatureLimit> limits = new java.util.ArrayList<>();
        limits.add(new OverTemperatureLimit(0, 320.0, 4));
        limits.add(new OverTemperatureLimit(1, 320.0, 4));
        for (int ch = 2; ch < curves.length; ch++) {
            limits.add(new OverTemperatureLimit(ch, 45.0, 4));
        }
        return new ControllerConfig(nodeId, FIRMWARE_VERSION, tickSeconds, Math.max(10.0, tickSeconds),
                (int) Math.max(3000, Math.ceil(3000 * tickSeconds)), 5,
                sensors, loops, limits);
    }
}
