package cryo.controller.config;

/**
 * A heater loop: a sensor (by index into the sensor list), a heater channel, gains and limits.
 *
 * @param loopId                 name used in commands and status (e.g. "mxc")
 * @param sensorIndex            index into {@link ControllerConfig#sensors()}
 * @param heaterChannel          board heater channel
 * @param heaterResistanceOhms   heater resistance, for range power limits
 * @param setpointKelvin         start-up setpoint
 * @param kp                     proportional gain, W/K
 * @param ki                     integral gain, W/(K·s)
 * @param kd                     derivative gain, W·s/K
 * @param heaterRange            start-up heater range (1..8)
 * @param setpointLimitKelvin    setpoints above this are refused
 * @param startClosedLoop        whether the loop starts in PID mode (else off)
 */
public record LoopConfig(String loopId, int sensorIndex, int heaterChannel, double heaterResistanceOhms,
                         double setpointKelvin, double kp, double ki, double kd, int heaterRange,
                         double setpointLimitKelvin, boolean startClosedLoop) {
    public LoopConfig {
        String f = "loops." + loopId + ".";
        requirePositive(f + "heaterResistanceOhms", heaterResistanceOhms);
        requirePositive(f + "setpointLimitKelvin", setpointLimitKelvin);
        if (!(setpointKelvin > 0) || setpointKelvin > setpointLimitKelvin) {
            throw new IllegalArgumentException(f + "setpointKelvin " + setpointKelvin + " must be in (0, " + setpointLimitKelvin + "]");
        }
        if (!(kp >= 0) || !(ki >= 0) || !(kd >= 0)) {
            throw new IllegalArgumentException(f + "kp/ki/kd must be finite and >= 0");
        }
        if (!cryo.hal.device.HeaterRanges.valid(heaterRange)) {
            throw new IllegalArgumentException(f + "heaterRange " + heaterRange + " outside 0..8");
        }
    }

    private static void requirePositive(String field, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(field + " must be > 0 and finite, was " + v);
        }
    }
}
