package cryo.controller.config;

import cryo.hal.calibration.CalibrationCurve;
import cryo.v1.LoopMode;
import java.util.List;

/**
 * The shipped configuration for the simulated board's default wiring (mixing chamber RuOx on
 * thermometer channel 4, 100 Ω heater on heater channel 3): hold the mixing chamber at 50 mK in
 * zone mode, trip above 5 K. The same values are in {@code cryo-default.yaml}.
 */
public final class DefaultConfig {
    public static final String FIRMWARE_VERSION = "0.1.0";

    private DefaultConfig() {
    }

    /**
     * The shipped mixing-chamber zone table. The stage's conductance to the dilution unit,
     * dQ/dT = 2·84·ṅ·T, grows with T, and so does its heat capacity; gains scale with T so the
     * loop gain (P × dT/dP ≈ 0.5, I/P = 1 s⁻¹) stays about the same across five zones, and each
     * zone's range holds about ten times the power its upper bound needs.
     */
    public static List<ZoneConfig> mixingChamberZones() {
        return List.of(
                new ZoneConfig(0.030, 0.8e-3, 0.8e-3, 0.0, 4, 0.0, 0.0),  // ≤ 30 mK: 100 µW range
                new ZoneConfig(0.070, 2.0e-3, 2.0e-3, 0.0, 5, 0.0, 0.0),  // ≤ 70 mK: 1 mW
                new ZoneConfig(0.200, 4.0e-3, 4.0e-3, 0.0, 6, 0.0, 0.0),  // ≤ 200 mK: 10 mW
                new ZoneConfig(1.000, 2.0e-2, 2.0e-2, 0.0, 7, 0.0, 0.0)); // ≤ 1 K: 100 mW
    }

    public static ControllerConfig mixingChamber(String nodeId, CalibrationCurve mxcCurve) {
        return mixingChamber(nodeId, mxcCurve, FIRMWARE_VERSION);
    }

    public static ControllerConfig mixingChamber(String nodeId, CalibrationCurve mxcCurve, String firmwareVersion) {
        SensorConfig mxc = new SensorConfig("mxc", "sim-ruox-mxc", 4, mxcCurve);
        PidOptions options = new PidOptions(1.0, 0.0, 2.0, 1e-4, 1e-4, 60.0);
        LoopConfig loop = new LoopConfig("mxc", 0, 3, 100.0, 0.050, 2e-3, 2e-3, 0.0, 5, 1.0, true,
                LoopMode.LOOP_MODE_ZONE, 8, options, false, 1e-3, mixingChamberZones());
        OverTemperatureLimit limit = new OverTemperatureLimit(0, 5.0, 4);
        return new ControllerConfig(nodeId, firmwareVersion, 0.1, 1.0, 3000, 5,
                List.of(mxc), List.of(loop), List.of(limit));
    }
}
