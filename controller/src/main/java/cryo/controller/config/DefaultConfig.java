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
        return mixingChamber(nodeId, mxcCurve, FIRMWARE_VERSION);
    }

    public static ControllerConfig mixingChamber(String nodeId, CalibrationCurve mxcCurve, String firmwareVersion) {
        SensorConfig mxc = new SensorConfig("mxc", "sim-ruox-mxc", 4, mxcCurve);
        LoopConfig loop = new LoopConfig("mxc", 0, 3, 100.0, 0.050, 2e-3, 2e-3, 0.0, 5, 1.0, true);
        OverTemperatureLimit limit = new OverTemperatureLimit(0, 5.0, 4);
        return new ControllerConfig(nodeId, firmwareVersion, 0.1, 1.0, 3000, 5,
                List.of(mxc), List.of(loop), List.of(limit));
    }
}
