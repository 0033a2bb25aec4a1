package cryo.controller.interlock;

/**
 * Absolute over-temperature, debounced: trips after N consecutive samples above the limit. Pure:
 * measurement in, verdict out; no clock, no I/O. A NaN sample neither counts nor resets (stale
 * and broken sensors have their own detectors).
 *
 * <p>The limit arms the first time the stage reads below it: a controller started on a warm
 * fridge (a cooldown from room temperature) must not trip on stages that have not yet come down
 * through their operating limits. Once armed it stays armed, until {@link #disarm} (warm-up).
 *
 * <p>The warning arms only after N consecutive samples below {@link #WARNING_HYSTERESIS} × its
 * level, the level it clears at: a stage cooling slowly through the level reads above it again
 * and again (noise, converter steps), and one reading below must not arm a warning those readings
 * then raise (a 4 K plate cooling through 288 K did, 2733 s into a cooldown).
 */
public final class OverTemperatureDetector {
    private final double limitKelvin;
    private final int debounceSamples;
    private int above;
    private boolean armed;
    private boolean lastAboveLimit;
    /** Warning level (approaching the limit): NaN = none. Arms once clearly below (see the class). */
    private final double warningKelvin;
    private boolean warningArmed;
    private int belowWarningClear;
    private int aboveWarning;
    private boolean warningPresent;

    public OverTemperatureDetector(double limitKelvin, int debounceSamples) {
        this(limitKelvin, debounceSamples, Double.NaN);
    }

    /**
     * @param warningKelvin a WARNING (no trip) after N samples above this, gone again below
     *                      {@link #WARNING_HYSTERESIS} × it; NaN for none; must be below the limit
     */
    public OverTemperatureDetector(double limitKelvin, int debounceSamples, double warningKelvin) {
        if (!Double.isNaN(warningKelvin) && !(warningKelvin > 0 && warningKelvin < limitKelvin)) {
            throw new IllegalArgumentException("warningKelvin " + warningKelvin + " must be > 0 and below the limit " + limitKelvin);
        }
        this.warningKelvin = warningKelvin;
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
        if (!Double.isNaN(warningKelvin)) {
            if (!warningArmed) {
                // hysteresis on arming too: N samples below the clearing level, not one below the level
                belowWarningClear = temperatureKelvin < WARNING_HYSTERESIS * warningKelvin ? belowWarningClear + 1 : 0;
                warningArmed = belowWarningClear >= debounceSamples;
            } else {
                aboveWarning = temperatureKelvin > warningKelvin ? aboveWarning + 1 : 0;
                if (aboveWarning >= debounceSamples) {
                    warningPresent = true;
                } else if (temperatureKelvin < WARNING_HYSTERESIS * warningKelvin) {
                    warningPresent = false; // hysteresis: noise at the level does not flap the warning
                }
            }
        }
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

    /** Below this fraction of the warning level a warning's cause is gone, and an unarmed warning arms. */
    public static final double WARNING_HYSTERESIS = 0.98;

    /** Whether the stage is (debounced) above the warning level: raise or keep the warning. */
    public boolean warning() {
        return warningPresent;
    }

    public double warningKelvin() {
        return warningKelvin;
    }

    /**
     * Back to the state of a fresh detector: the limit and the warning arm again only once the
     * stage reads below them (the warning: below its clearing level, N samples) (warm-up mode, before and after the cold stages pass their limits).
     */
    public void disarm() {
        armed = false;
        above = 0;
        lastAboveLimit = false;
        warningArmed = false;
        belowWarningClear = 0;
        aboveWarning = 0;
        warningPresent = false;
    }

    public boolean armed() {
        return armed;
    }

    public double limitKelvin() {
        return limitKelvin;
    }
}
