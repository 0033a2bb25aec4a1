package cryo.controller.heater;

/**
 * A PID controller for a heater, pure: setpoint, measurement and board time in, output in watts
 * out. No clock, no I/O (as WPILib's PIDController and Klipper's ControlPID).
 *
 * <ul>
 *   <li>derivative on the measurement, low-pass filtered: a setpoint step gives no kick;</li>
 *   <li>integrator kept in output units (watts), so gains can change on the fly without a bump;</li>
 *   <li>conditional integration: the integrator is frozen while the output is saturated in the
 *       direction the error would push it (no wind-up);</li>
 *   <li>output clamped to [0, maxOutputWatts].</li>
 * </ul>
 */
public final class PidController {
    private double kp;
    private double ki;
    private double kd;
    private final double derivativeFilterSeconds;
    private double maxOutputWatts;

    private double integralWatts;
    private double lastMeasurement = Double.NaN;
    private double filteredSlope;
    private long lastTicks = Long.MIN_VALUE;
    private double lastOutputWatts;

    /**
     * @param kp                      proportional gain, W/K
     * @param ki                      integral gain, W/(K·s)
     * @param kd                      derivative gain, W·s/K
     * @param derivativeFilterSeconds time constant of the derivative low-pass filter
     * @param maxOutputWatts          upper output clamp (the active heater range's maximum)
     */
    public PidController(double kp, double ki, double kd, double derivativeFilterSeconds, double maxOutputWatts) {
        setGains(kp, ki, kd);
        if (!(derivativeFilterSeconds >= 0) || !Double.isFinite(derivativeFilterSeconds)) {
            throw new IllegalArgumentException("derivativeFilterSeconds must be >= 0 and finite, was " + derivativeFilterSeconds);
        }
        this.derivativeFilterSeconds = derivativeFilterSeconds;
        setMaxOutputWatts(maxOutputWatts);
    }

    /** Changes gains without a bump: the integrator holds watts, not accumulated error. */
    public void setGains(double kp, double ki, double kd) {
        if (!(kp >= 0) || !(ki >= 0) || !(kd >= 0) || !Double.isFinite(kp) || !Double.isFinite(ki) || !Double.isFinite(kd)) {
            throw new IllegalArgumentException("gains must be finite and >= 0: kp=" + kp + " ki=" + ki + " kd=" + kd);
        }
        this.kp = kp;
        this.ki = ki;
        this.kd = kd;
    }

    public void setMaxOutputWatts(double maxOutputWatts) {
        if (!(maxOutputWatts >= 0) || !Double.isFinite(maxOutputWatts)) {
            throw new IllegalArgumentException("maxOutputWatts must be >= 0 and finite, was " + maxOutputWatts);
        }
        this.maxOutputWatts = maxOutputWatts;
        integralWatts = Math.min(integralWatts, maxOutputWatts);
    }

    /**
     * One update.
     *
     * @return heater power in watts, in [0, maxOutputWatts]; 0 for a NaN measurement
     */
    public double update(double setpointKelvin, double measurementKelvin, long boardTicks) {
        if (Double.isNaN(measurementKelvin) || Double.isNaN(setpointKelvin)) {
            lastMeasurement = Double.NaN;
            lastOutputWatts = 0.0;
            return 0.0;
        }
        double dtSeconds = lastTicks == Long.MIN_VALUE ? 0.0 : (boardTicks - lastTicks) * 1e-9;
        lastTicks = boardTicks;
        double error = setpointKelvin - measurementKelvin;
        if (dtSeconds > 0 && !Double.isNaN(lastMeasurement)) {
            double slope = (measurementKelvin - lastMeasurement) / dtSeconds;
            double alpha = derivativeFilterSeconds <= 0 ? 1.0 : dtSeconds / (derivativeFilterSeconds + dtSeconds);
            filteredSlope += alpha * (slope - filteredSlope);
        }
        lastMeasurement = measurementKelvin;
        double p = kp * error;
        double d = -kd * filteredSlope;
        double candidate = integralWatts + ki * error * dtSeconds;
        double unclamped = p + candidate + d;
        boolean saturatedHigh = unclamped > maxOutputWatts && error > 0;
        boolean saturatedLow = unclamped < 0 && error < 0;
        if (!saturatedHigh && !saturatedLow) {
            integralWatts = candidate;
        }
        integralWatts = Math.max(0.0, Math.min(maxOutputWatts, integralWatts));
        double out = p + integralWatts + d;
        lastOutputWatts = Math.max(0.0, Math.min(maxOutputWatts, out));
        return lastOutputWatts;
    }

    /** Bumpless transfer: start closed-loop control from the output the heater has now. */
    public void preset(double outputWatts) {
        integralWatts = Math.max(0.0, Math.min(maxOutputWatts, outputWatts));
        lastMeasurement = Double.NaN;
        filteredSlope = 0.0;
        lastTicks = Long.MIN_VALUE;
    }

    public double integralWatts() {
        return integralWatts;
    }

    public double lastOutputWatts() {
        return lastOutputWatts;
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
