package cryo.controller.heater;

/**
 * Setpoint ramping in K/min, pure: the active setpoint walks to the target at the ramp rate as
 * board time advances. With ramping off a new target takes effect at once. No clock, no allocation.
 */
public final class SetpointRamp {
    private double setpointKelvin;
    private double targetKelvin;
    private boolean enabled;
    private double rateKelvinPerMinute;
    private long lastTicks = Long.MIN_VALUE;

    public SetpointRamp(double setpointKelvin, boolean enabled, double rateKelvinPerMinute) {
        this.setpointKelvin = setpointKelvin;
        this.targetKelvin = setpointKelvin;
        this.enabled = enabled;
        this.rateKelvinPerMinute = rateKelvinPerMinute;
    }

    /** A new target: ramped to when ramping is on, else taken at once. */
    public void setTarget(double kelvin) {
        targetKelvin = kelvin;
        if (!enabled) {
            setpointKelvin = kelvin;
        }
    }

    /** Turning ramping off mid-ramp goes to the target at once (as a Lake Shore does). */
    public void configure(boolean enabled, double rateKelvinPerMinute) {
        this.enabled = enabled;
        this.rateKelvinPerMinute = rateKelvinPerMinute;
        if (!enabled) {
            setpointKelvin = targetKelvin;
        }
    }

    /** Restarts the ramp from a temperature (closing the loop on a stage that is elsewhere). */
    public void startFrom(double kelvin) {
        if (enabled && Double.isFinite(kelvin) && kelvin > 0) {
            setpointKelvin = kelvin;
        }
    }

    /**
     * Advances to {@code nowTicks}.
     *
     * @param rateOverrideKelvinPerMinute a zone's rate, used when > 0
     */
    public void advance(long nowTicks, double rateOverrideKelvinPerMinute) {
        long last = lastTicks;
        lastTicks = nowTicks;
        if (!enabled || setpointKelvin == targetKelvin || last == Long.MIN_VALUE || nowTicks <= last) {
            return;
        }
        double rate = rateOverrideKelvinPerMinute > 0 ? rateOverrideKelvinPerMinute : rateKelvinPerMinute;
        double step = rate / 60.0 * (nowTicks - last) * 1e-9;
        double gap = targetKelvin - setpointKelvin;
        setpointKelvin = Math.abs(gap) <= step ? targetKelvin : setpointKelvin + Math.copySign(step, gap);
    }

    /** Holds the ramp without moving (loop not in control): time passing now does not count. */
    public void pause(long nowTicks) {
        lastTicks = nowTicks;
    }

    public double setpointKelvin() {
        return setpointKelvin;
    }

    public double targetKelvin() {
        return targetKelvin;
    }

    public boolean enabled() {
        return enabled;
    }

    public double rateKelvinPerMinute() {
        return rateKelvinPerMinute;
    }

    public boolean ramping() {
        return enabled && setpointKelvin != targetKelvin;
    }
}
