package cryo.controller.interlock;

/**
 * Discontinuous jumps: a fresh sample that differs from the previous one by more than a factor
 * ({@code |ln(T/Tprev)| > ln(jumpFactor)}) — millikelvin stages span decades, so the check is on
 * the ratio, not a difference. Upward jumps while the heater is saturated are what a heat-up
 * looks like on a stage with a small heat capacity, so the caller can exempt them. Pure.
 */
public final class JumpDetector {
    private final double logLimit;
    private final double jumpFactor;
    private double lastKelvin = Double.NaN;
    private long lastCount = -1;
    private double lastRatio = 1;
    private boolean present;

    public JumpDetector(double jumpFactor) {
        if (!(jumpFactor > 1) || !Double.isFinite(jumpFactor)) {
            throw new IllegalArgumentException("jumpFactor must be > 1 and finite, was " + jumpFactor);
        }
        this.jumpFactor = jumpFactor;
        this.logLimit = Math.log(jumpFactor);
    }

    /**
     * @param heaterSaturated true while the stage's heater runs at its range maximum
     * @return true when this fresh sample jumped by more than the factor
     */
    public boolean update(double temperatureKelvin, long sampleCount, boolean heaterSaturated) {
        if (Double.isNaN(temperatureKelvin) || !(temperatureKelvin > 0)) {
            lastKelvin = Double.NaN;
            return false;
        }
        if (sampleCount == lastCount) {
            return false; // same conversion read twice: no new information
        }
        lastCount = sampleCount;
        double previous = lastKelvin;
        lastKelvin = temperatureKelvin;
        if (Double.isNaN(previous)) {
            return false;
        }
        double log = Math.log(temperatureKelvin / previous);
        lastRatio = temperatureKelvin / previous;
        boolean jump = log > logLimit ? !heaterSaturated : log < -logLimit;
        present = jump;
        return jump;
    }

    /** A jump is an event; after it the reading is judged by the other detectors. */
    public boolean causePresent() {
        return present;
    }

    public double lastRatio() {
        return lastRatio;
    }

    public double jumpFactor() {
        return jumpFactor;
    }
}
