package cryo.controller.interlock;

/**
 * Absolute over-temperature, debounced: trips after N consecutive samples above the limit. Pure:
 * measurement in, verdict out; no clock, no I/O. A NaN sample neither counts nor resets (stale
 * and broken sensors have their own detectors).
 *
 * <p>The limit arms the first time the stage reads below it: a controller started on a warm
 * fridge (a cooldown from room temperature) must not trip on stages that have not yet come down
 * through their operating limits. Once armed it stays armed.
 */
public final class OverTemperatureDetector {
    private final double limitKelvin;
    private final int debounceSamples;
    private int above;
    private boolean armed;
    private boolean lastAboveLimit;

    public OverTemperatureDetector(double limitKelvin, int debounceSamples) {
        if (!(limitKelvin > 0) || !Double.isFinite(limitKelvin)) {
            throw new IllegalArgumentException("limitKelvin must be > 0 and finite, was " + limitKelvin);
        }
        if (debounceSamples < 1) {
            throw new IllegalArgumentException("debounceSamples must be >= 1, was " + debounceSamples);
        }
        this.limitKelvin = limitKelvin;
        this.debounceSamples = debounceSamples;
    }

    /** @return true when this sample completes a run of N samples above the limit */
    public boolean update(double temperatureKelvin) {
        if (Double.isNaN(temperatureKelvin)) {
            return false;
        }
        lastAboveLimit = temperatureKelvin > limitKelvin;
        if (!armed) {
            armed = temperatureKelvin < limitKelvin;
            return false;
        }
        above = temperatureKelvin > limitKelvin ? above + 1 : 0;
        return above >= debounceSamples;
    }

    /**
     * Whether the last valid sample was above the limit (the cause still present). Armed or not:
     * a controller restarted on a stage that is still hot has a restored alarm whose cause persists.
     */
    public boolean causePresent() {
        return above > 0 || lastAboveLimit;
    }

    public boolean armed() {
        return armed;
    }

    public double limitKelvin() {
        return limitKelvin;
    }
}
