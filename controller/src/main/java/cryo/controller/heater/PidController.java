package cryo.controller.heater;

import cryo.controller.config.PidOptions;

/**
 * A PID controller for a heater, pure: setpoint, measurement with its timestamp and the current
 * board time in, output in watts out. No clock, no I/O, no allocation (as WPILib's PIDController
 * and Klipper's ControlPID).
 *
 * <ul>
 *   <li>derivative on the measurement, low-pass filtered: a setpoint step gives no kick;</li>
 *   <li>integrator kept in output units (watts), clamped to ±maxOutputWatts; while the error
 *       pushes the output past zero or its ceiling it integrates only up to that edge
 *       (conditional integration: the output reaches zero, the integrator does not wind up);
 *       frozen outside the optional I-zone;</li>
 *   <li>output clamped to [0, maxOutputWatts] (the active heater range's maximum);</li>
 *   <li>bumpless: {@link #track} keeps the integrator at what the heater really gets while the
 *       loop is not in control, and {@link #setGains} re-bases the integrator so the output is
 *       continuous across a gain change;</li>
 *   <li>a NaN, stale or faulted measurement (or a non-finite setpoint) forces the output to zero
 *       and {@link #faultReason} says why;</li>
 *   <li>{@link #settled} once error and slope have both been inside their bands for the settle
 *       time. Both are judged on the measurement smoothed over a quarter of the settle time, so
 *       sensor noise alone does not keep a quiet loop from settling.</li>
 * </ul>
 */
public final class PidController {
    public static final String NO_FAULT = "";
    public static final String FAULT_NAN = "measurement is NaN";
    public static final String FAULT_STALE = "measurement is stale";
    public static final String FAULT_SENSOR = "sensor faulted";
    public static final String FAULT_SETPOINT = "setpoint is not finite";

    private double kp;
    private double ki;
    private double kd;
    private double maxOutputWatts;
    private final double derivativeFilterSeconds;
    private final double integralZoneKelvin;
    private final long staleAfterTicks;
    private final double settleBandKelvin;
    private final double settleSlopeKelvinPerSecond;
    private final long settleTicks;
    private final double settleFilterSeconds;

    private double integralWatts;
    private double lastMeasurement = Double.NaN;
    private long lastMeasurementTicks = Long.MIN_VALUE;
    private long lastUpdateTicks = Long.MIN_VALUE;
    private double filteredSlope;
    private double lastError = Double.NaN;
    private double lastOutputWatts;
    private String faultReason = NO_FAULT;
    private long inBandSinceTicks = Long.MIN_VALUE;
    private boolean settled;
    private double smoothKelvin = Double.NaN;
    private double smoothSlope;

    /** Gains with {@link PidOptions#DEFAULT} except the derivative filter. */
    public PidController(double kp, double ki, double kd, double derivativeFilterSeconds, double maxOutputWatts) {
        this(kp, ki, kd, maxOutputWatts, new PidOptions(derivativeFilterSeconds, 0.0, PidOptions.DEFAULT.staleAfterSeconds(),
                PidOptions.DEFAULT.settleBandKelvin(), PidOptions.DEFAULT.settleSlopeKelvinPerMinute(), PidOptions.DEFAULT.settleSeconds()));
    }

    /**
     * @param kp             proportional gain, W/K
     * @param ki             integral gain, W/(K·s)
     * @param kd             derivative gain, W·s/K
     * @param maxOutputWatts upper output clamp (the active heater range's maximum)
     * @param options        filter, I-zone, staleness and settling
     */
    public PidController(double kp, double ki, double kd, double maxOutputWatts, PidOptions options) {
        checkGains(kp, ki, kd);
        checkMax(maxOutputWatts);
        if (options == null) {
            throw new IllegalArgumentException("options must not be null");
        }
        this.kp = kp;
        this.ki = ki;
        this.kd = kd;
        this.maxOutputWatts = maxOutputWatts;
        this.derivativeFilterSeconds = options.derivativeFilterSeconds();
        this.integralZoneKelvin = options.integralZoneKelvin();
        this.staleAfterTicks = Math.round(options.staleAfterSeconds() * 1e9);
        this.settleBandKelvin = options.settleBandKelvin();
        this.settleSlopeKelvinPerSecond = options.settleSlopeKelvinPerMinute() / 60.0;
        this.settleTicks = Math.round(options.settleSeconds() * 1e9);
        this.settleFilterSeconds = options.settleSeconds() / 4.0;
    }

    /** What is wrong with these gains, or null when they are finite and >= 0 (commands check before applying). */
    public static String checkGainsMessage(double kp, double ki, double kd) {
        if (!(kp >= 0) || !(ki >= 0) || !(kd >= 0) || !Double.isFinite(kp) || !Double.isFinite(ki) || !Double.isFinite(kd)) {
            return "gains must be finite and >= 0: p=" + kp + " i=" + ki + " d=" + kd;
        }
        return null;
    }

    private static void checkGains(double kp, double ki, double kd) {
        String m = checkGainsMessage(kp, ki, kd);
        if (m != null) {
            throw new IllegalArgumentException(m);
        }
    }

    private static void checkMax(double maxOutputWatts) {
        if (!(maxOutputWatts >= 0) || !Double.isFinite(maxOutputWatts)) {
            throw new IllegalArgumentException("maxOutputWatts must be >= 0 and finite, was " + maxOutputWatts);
        }
    }

    /**
     * Changes gains without a bump: the integrator absorbs the change of the P and D terms at the
     * last error and slope, so the next output continues from the last one.
     */
    public void setGains(double kp, double ki, double kd) {
        checkGains(kp, ki, kd);
        if (!Double.isNaN(lastError)) {
            integralWatts += (this.kp - kp) * lastError - (this.kd - kd) * filteredSlope;
            integralWatts = clampIntegral(integralWatts);
        }
        this.kp = kp;
        this.ki = ki;
        this.kd = kd;
    }

    /** New output ceiling (heater range or zone limit); the integrator is clamped into it. */
    public void setMaxOutputWatts(double maxOutputWatts) {
        checkMax(maxOutputWatts);
        this.maxOutputWatts = maxOutputWatts;
        integralWatts = clampIntegral(integralWatts);
    }

    /**
     * One closed-loop update.
     *
     * @param setpointKelvin    where the loop should be
     * @param measurementKelvin the sample (NaN when there is none)
     * @param measurementTicks  board time the sample was taken
     * @param nowTicks          board time now
     * @param sensorFaulted     the sensor reports itself faulted (open, short, bus failure)
     * @return heater power in watts, in [0, maxOutputWatts]; 0 on any fault
     */
    public double update(double setpointKelvin, double measurementKelvin, long measurementTicks, long nowTicks, boolean sensorFaulted) {
        String fault = NO_FAULT;
        if (!Double.isFinite(setpointKelvin)) {
            fault = FAULT_SETPOINT;
        } else if (sensorFaulted) {
            fault = FAULT_SENSOR;
        } else if (!Double.isFinite(measurementKelvin)) {
            fault = FAULT_NAN;
        } else if (nowTicks - measurementTicks > staleAfterTicks) {
            fault = FAULT_STALE;
        }
        if (fault != NO_FAULT) {
            return fault(fault, nowTicks);
        }
        faultReason = NO_FAULT;
        double dtSeconds = lastUpdateTicks == Long.MIN_VALUE || nowTicks <= lastUpdateTicks ? 0.0 : (nowTicks - lastUpdateTicks) * 1e-9;
        lastUpdateTicks = nowTicks;
        observe(measurementKelvin, measurementTicks);

        double error = setpointKelvin - measurementKelvin;
        double p = kp * error;
        double d = -kd * filteredSlope;
        boolean inZone = integralZoneKelvin <= 0 || Math.abs(error) <= integralZoneKelvin;
        if (dtSeconds > 0 && inZone) {
            double candidate = integralWatts + ki * error * dtSeconds;
            double unclamped = p + candidate + d;
            // conditional integration: integrate up to the saturation edge but not past it, so the
            // output can always reach zero (or its ceiling); freezing the whole step instead held
            // a heater above zero for good whenever one step would overshoot (large ki·dt)
            if (unclamped > maxOutputWatts && error > 0) {
                candidate = Math.max(integralWatts, Math.min(candidate, maxOutputWatts - p - d));
            } else if (unclamped < 0 && error < 0) {
                candidate = Math.min(integralWatts, Math.max(candidate, -(p + d)));
            }
            integralWatts = clampIntegral(candidate);
        }
        lastError = error;
        lastOutputWatts = clampOutput(p + integralWatts + d);
        updateSettled(setpointKelvin - smoothKelvin, nowTicks);
        return lastOutputWatts;
    }

    /**
     * A tick without a sample (its read failed on the bus): the output holds and nothing
     * integrates while the last sample is younger than the stale limit; after that, zero and
     * {@link #FAULT_STALE}. One lost frame is missing data, not a faulted sensor: dropping the
     * heater for a tick would kick a stage whose time constant is shorter than the tick.
     */
    public double hold(long nowTicks) {
        if (faultReason != NO_FAULT || lastMeasurementTicks == Long.MIN_VALUE) {
            return fault(faultReason != NO_FAULT ? faultReason : FAULT_NAN, nowTicks);
        }
        if (nowTicks - lastMeasurementTicks > staleAfterTicks) {
            return fault(FAULT_STALE, nowTicks);
        }
        return lastOutputWatts;
    }

    /** {@link #update(double, double, long, long, boolean)} for a fresh, healthy sample taken now. */
    public double update(double setpointKelvin, double measurementKelvin, long boardTicks) {
        return update(setpointKelvin, measurementKelvin, boardTicks, boardTicks, false);
    }

    /**
     * Output tracking while the loop is not in control (off, monitor, open loop, interlock): keeps
     * the derivative filter warm and holds the integrator at what makes P+I+D equal the output the
     * heater really gets, so switching to closed loop starts exactly there.
     */
    public void track(double setpointKelvin, double measurementKelvin, long measurementTicks, long nowTicks, double actualOutputWatts) {
        lastUpdateTicks = nowTicks;
        settled = false;
        inBandSinceTicks = Long.MIN_VALUE;
        if (!Double.isFinite(measurementKelvin) || !Double.isFinite(setpointKelvin) || nowTicks - measurementTicks > staleAfterTicks) {
            lastMeasurement = Double.NaN;
            lastMeasurementTicks = Long.MIN_VALUE;
            smoothKelvin = Double.NaN;
            lastError = Double.NaN;
            filteredSlope = 0.0;
            integralWatts = clampIntegral(actualOutputWatts);
            lastOutputWatts = clampOutput(actualOutputWatts);
            return;
        }
        observe(measurementKelvin, measurementTicks);
        double error = setpointKelvin - measurementKelvin;
        lastError = error;
        integralWatts = clampIntegral(actualOutputWatts - kp * error + kd * filteredSlope);
        lastOutputWatts = clampOutput(actualOutputWatts);
    }

    /** Bumpless start from a known output without a measurement at hand (derivative state cleared). */
    public void preset(double outputWatts) {
        integralWatts = clampIntegral(outputWatts);
        lastMeasurement = Double.NaN;
        lastMeasurementTicks = Long.MIN_VALUE;
        filteredSlope = 0.0;
        lastError = Double.NaN;
        lastUpdateTicks = Long.MIN_VALUE;
        settled = false;
        inBandSinceTicks = Long.MIN_VALUE;
    }

    private double fault(String why, long nowTicks) {
        faultReason = why;
        lastOutputWatts = 0.0;
        // drop the derivative history: a slope across a gap would kick on recovery. The
        // integrator keeps the last good operating power to resume from.
        lastMeasurement = Double.NaN;
        lastMeasurementTicks = Long.MIN_VALUE;
        filteredSlope = 0.0;
        lastError = Double.NaN;
        lastUpdateTicks = nowTicks;
        settled = false;
        inBandSinceTicks = Long.MIN_VALUE;
        smoothKelvin = Double.NaN;
        return 0.0;
    }

    private void observe(double measurementKelvin, long measurementTicks) {
        if (measurementTicks == lastMeasurementTicks) {
            return; // same sample again: no new slope information
        }
        if (!Double.isNaN(lastMeasurement) && measurementTicks > lastMeasurementTicks) {
            double dt = (measurementTicks - lastMeasurementTicks) * 1e-9;
            double slope = (measurementKelvin - lastMeasurement) / dt;
            double alpha = derivativeFilterSeconds <= 0 ? 1.0 : dt / (derivativeFilterSeconds + dt);
            filteredSlope += alpha * (slope - filteredSlope);
        }
        if (Double.isNaN(smoothKelvin) || !(measurementTicks > lastMeasurementTicks)) {
            smoothKelvin = measurementKelvin;
            smoothSlope = 0.0;
        } else {
            double dt = (measurementTicks - lastMeasurementTicks) * 1e-9;
            double a = settleFilterSeconds <= 0 ? 1.0 : dt / (settleFilterSeconds + dt);
            double previous = smoothKelvin;
            smoothKelvin += a * (measurementKelvin - smoothKelvin);
            smoothSlope += a * ((smoothKelvin - previous) / dt - smoothSlope);
        }
        lastMeasurement = measurementKelvin;
        lastMeasurementTicks = measurementTicks;
    }

    private void updateSettled(double error, long nowTicks) {
        boolean inBand = Math.abs(error) <= settleBandKelvin && Math.abs(smoothSlope) <= settleSlopeKelvinPerSecond;
        if (!inBand) {
            inBandSinceTicks = Long.MIN_VALUE;
            settled = false;
            return;
        }
        if (inBandSinceTicks == Long.MIN_VALUE) {
            inBandSinceTicks = nowTicks;
        }
        settled = nowTicks - inBandSinceTicks >= settleTicks;
    }

    private double clampIntegral(double w) {
        return Math.max(-maxOutputWatts, Math.min(maxOutputWatts, w));
    }

    private double clampOutput(double w) {
        return Math.max(0.0, Math.min(maxOutputWatts, w));
    }

    public double integralWatts() {
        return integralWatts;
    }

    public double lastOutputWatts() {
        return lastOutputWatts;
    }

    /** Filtered slope of the measurement, K/s. */
    public double slopeKelvinPerSecond() {
        return filteredSlope;
    }

    /** Why the last output was forced to zero; empty when healthy. A constant string. */
    public String faultReason() {
        return faultReason;
    }

    public boolean settled() {
        return settled;
    }

    public double maxOutputWatts() {
        return maxOutputWatts;
    }

    public double kp() {
        return kp;
    }

    public double ki() {
        return ki;
    }

    public double kd() {
        return kd;
    }
}
