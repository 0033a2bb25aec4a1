package cryo.controller.interlock;

/**
 * Discontinuous jumps: a fresh sample that differs from the previous one by more than a factor
 * ({@code |ln(T/Tprev)| > ln(jumpFactor)}) — millikelvin stages span decades, so the check is on
 * the ratio, not a difference. An upward jump while the stage's heater is on is what heating a
 * stage with a millikelvin heat capacity looks like, so upward jumps count only with the heater
 * off (a sensor jumping high while heated is left to the over-temperature and hold-band checks);
 * downward jumps always count: no heater cools. Pure.
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
     * @param heaterOn true while the stage's heater delivers power
     * @return true when this fresh sample jumped by more than the factor
     */
    public boolean update(double temperatureKelvin, long sampleCount, boolean heaterOn) {
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
        boolean jump = log > logLimit ? !heaterOn : log < -logLimit;
        present = jump;
        return jump;
    }

    /** A jump is an event; after it the reading is judged by the other detectors. */
    public boolean causePresent() {
        return present;
    }

    /** Forgets the previous sample: the next one starts afresh (warm-up mode switched). */
    public void reset() {
        lastKelvin = Double.NaN;
        present = false;
    }

    public double lastRatio() {
        return lastRatio;
    }

    public double jumpFactor() {
        return jumpFactor;
    }
}
