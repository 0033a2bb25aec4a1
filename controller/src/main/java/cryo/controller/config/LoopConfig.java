package cryo.controller.config;

import cryo.hal.device.HeaterRanges;
import cryo.v1.LoopMode;
import java.util.List;

/**
 * A heater loop: a sensor (by index into the sensor list), a heater channel, gains and limits.
 *
 * @param loopId                 name used in commands and status (e.g. "mxc")
 * @param sensorIndex            index into {@link ControllerConfig#sensors()}
 * @param heaterChannel          board heater channel
 * @param heaterResistanceOhms   heater resistance, for range power limits
 * @param setpointKelvin         start-up setpoint
 * @param kp                     proportional gain, W/K (PID mode)
 * @param ki                     integral gain, W/(K·s) (PID mode)
 * @param kd                     derivative gain, W·s/K (PID mode)
 * @param heaterRange            start-up heater range (1..8)
 * @param setpointLimitKelvin    setpoints above this are refused
 * @param startClosedLoop        whether the loop starts in PID mode (else off); {@code startMode} wins when set
 * @param startMode              start-up mode (off, pid, zone, monitor), null = from {@code startClosedLoop}
 * @param heaterRangeCount       how many of the 8 ranges this heater may use (ranges above are refused)
 * @param pidOptions             derivative filter, I-zone, staleness and settling
 * @param rampEnabled            setpoint changes ramp at {@code rampRateKelvinPerMinute}
 * @param rampRateKelvinPerMinute ramp rate, K/min (> 0 when ramping is enabled)
 * @param zones                  zone table, rising upper bounds, at most {@link #MAX_ZONES}
 */
public record LoopConfig(String loopId, int sensorIndex, int heaterChannel, double heaterResistanceOhms,
                         double setpointKelvin, double kp, double ki, double kd, int heaterRange,
                         double setpointLimitKelvin, boolean startClosedLoop,
                         LoopMode startMode, int heaterRangeCount, PidOptions pidOptions,
                         boolean rampEnabled, double rampRateKelvinPerMinute, List<ZoneConfig> zones) {
    public static final int MAX_ZONES = 10;
    /** Fastest accepted ramp, K/min. */
    public static final double MAX_RAMP_KELVIN_PER_MINUTE = 100.0;

    public LoopConfig {
        String f = "loops." + loopId + ".";
        requirePositive(f + "heaterResistanceOhms", heaterResistanceOhms);
        requirePositive(f + "setpointLimitKelvin", setpointLimitKelvin);
        if (!(setpointKelvin > 0) || setpointKelvin > setpointLimitKelvin) {
            throw new IllegalArgumentException(f + "setpointKelvin " + setpointKelvin + " must be in (0, " + setpointLimitKelvin + "]");
        }
        if (!(kp >= 0) || !(ki >= 0) || !(kd >= 0) || !Double.isFinite(kp) || !Double.isFinite(ki) || !Double.isFinite(kd)) {
            throw new IllegalArgumentException(f + "kp/ki/kd must be finite and >= 0");
        }
        if (heaterRangeCount < 1 || heaterRangeCount > HeaterRanges.COUNT) {
            throw new IllegalArgumentException(f + "heaterRangeCount " + heaterRangeCount + " outside 1.." + HeaterRanges.COUNT);
        }
        if (heaterRange < 0 || heaterRange > heaterRangeCount) {
            throw new IllegalArgumentException(f + "heaterRange " + heaterRange + " outside 0.." + heaterRangeCount);
        }
        if (pidOptions == null) {
            pidOptions = PidOptions.DEFAULT;
        }
        if (!(rampRateKelvinPerMinute >= 0) || rampRateKelvinPerMinute > MAX_RAMP_KELVIN_PER_MINUTE) {
            throw new IllegalArgumentException(f + "ramp.rateKelvinPerMinute " + rampRateKelvinPerMinute + " outside 0.." + MAX_RAMP_KELVIN_PER_MINUTE);
        }
        if (rampEnabled && !(rampRateKelvinPerMinute > 0)) {
            throw new IllegalArgumentException(f + "ramp.rateKelvinPerMinute must be > 0 when ramping is enabled");
        }
        zones = zones == null ? List.of() : List.copyOf(zones);
        String zp = ZoneConfig.tableProblem(f + "zones", zones, heaterResistanceOhms, heaterRangeCount);
        if (zp != null) {
            throw new IllegalArgumentException(zp);
        }
        if (startMode == null) {
            startMode = startClosedLoop ? LoopMode.LOOP_MODE_PID : LoopMode.LOOP_MODE_OFF;
        }
        if (startMode != LoopMode.LOOP_MODE_OFF && startMode != LoopMode.LOOP_MODE_PID && startMode != LoopMode.LOOP_MODE_ZONE
                && startMode != LoopMode.LOOP_MODE_MONITOR) {
            throw new IllegalArgumentException(f + "mode " + startMode + " cannot be a start-up mode (off, pid, zone, monitor)");
        }
        if (startMode == LoopMode.LOOP_MODE_ZONE && zones.isEmpty()) {
            throw new IllegalArgumentException(f + "mode zone needs a zone table (zones is empty)");
        }
    }

    /** The walking skeleton's loop: PID gains, no zones, no ramp, all 8 ranges. */
    public LoopConfig(String loopId, int sensorIndex, int heaterChannel, double heaterResistanceOhms,
                      double setpointKelvin, double kp, double ki, double kd, int heaterRange,
                      double setpointLimitKelvin, boolean startClosedLoop) {
        this(loopId, sensorIndex, heaterChannel, heaterResistanceOhms, setpointKelvin, kp, ki, kd, heaterRange,
                setpointLimitKelvin, startClosedLoop, null, HeaterRanges.COUNT, PidOptions.DEFAULT, false, 0.0, List.of());
    }

    /** This loop with another zone table and start-up mode. */
    public LoopConfig withZones(List<ZoneConfig> newZones, LoopMode mode) {
        return new LoopConfig(loopId, sensorIndex, heaterChannel, heaterResistanceOhms, setpointKelvin, kp, ki, kd, heaterRange,
                setpointLimitKelvin, startClosedLoop, mode, heaterRangeCount, pidOptions, rampEnabled, rampRateKelvinPerMinute, newZones);
    }

    /** This loop with another start-up setpoint. */
    public LoopConfig withSetpoint(double kelvin) {
        return new LoopConfig(loopId, sensorIndex, heaterChannel, heaterResistanceOhms, kelvin, kp, ki, kd, heaterRange,
                setpointLimitKelvin, startClosedLoop, startMode, heaterRangeCount, pidOptions, rampEnabled, rampRateKelvinPerMinute, zones);
    }

    private static void requirePositive(String field, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(field + " must be > 0 and finite, was " + v);
        }
    }
}
