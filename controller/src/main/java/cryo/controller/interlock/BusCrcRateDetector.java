package cryo.controller.interlock;

/**
 * Bus CRC error rate, judged as a fraction of frames: the driver's running counts of frames and
 * of CRC failures (CryoCmosBoard.transfers, crcErrors) are averaged with a time constant of
 * {@code windowSeconds} of board time (both sums decay alike, so the fraction is that of the
 * recent frames, whatever the tick or the traffic). It trips when more than {@code maxFraction}
 * of the recent frames failed and at least {@link #MIN_ERRORS} of them did: a marginal link (1 %
 * of frames) stays far from 5 % once a few hundred frames have been seen, and the minimum keeps
 * the first frames of a run (one bad frame of twenty is 5 %) from deciding. Occasional errors are
 * retried by the next tick. Pure: counts and board time in.
 */
public final class BusCrcRateDetector {
    /** Failures (decayed count) needed before the fraction is judged at all. */
    public static final double MIN_ERRORS = 10;

    private final double maxFraction;
    private final double windowSeconds;
    private long lastTicks = Long.MIN_VALUE;
    private long lastFrames;
    private long lastErrors;
    private double frames;
    private double errors;
    private boolean present;

    public BusCrcRateDetector(double maxFraction, double windowSeconds) {
        if (!(maxFraction > 0 && maxFraction < 1)) {
            throw new IllegalArgumentException("crcMaxErrorFraction must be in (0, 1), was " + maxFraction);
        }
        Checks.seconds("crcWindowSeconds", windowSeconds);
        this.maxFraction = maxFraction;
        this.windowSeconds = windowSeconds;
    }

    /**
     * @param frameCount    frames exchanged so far (a running count)
     * @param crcErrorCount CRC failures so far (a running count)
     * @return true when the recent fraction of failed frames is above the limit
     */
    public boolean update(long frameCount, long crcErrorCount, long boardTicks) {
        if (lastTicks == Long.MIN_VALUE) {
            lastTicks = boardTicks;
            lastFrames = frameCount;
            lastErrors = crcErrorCount;
            return false;
        }
        double dt = Math.max(0, boardTicks - lastTicks) * 1e-9;
        double decay = Math.exp(-dt / windowSeconds);
        frames = frames * decay + (frameCount - lastFrames);
        errors = errors * decay + (crcErrorCount - lastErrors);
        lastTicks = boardTicks;
        lastFrames = frameCount;
        lastErrors = crcErrorCount;
        present = errors >= MIN_ERRORS && errors > maxFraction * frames;
        return present;
    }

    public boolean causePresent() {
        return present;
    }

    /** A warning (no trip): more than half the tolerated fraction, with half the minimum failures. */
    public boolean warning() {
        return errors >= MIN_ERRORS / 2 && errors > maxFraction / 2 * frames;
    }

    /** The recent fraction of frames that failed their CRC (0 before any frame). */
    public double errorFraction() {
        return frames > 0 ? errors / frames : 0.0;
    }

    public double maxFraction() {
        return maxFraction;
    }

    public double warningFraction() {
        return maxFraction / 2;
    }

    public void reset() {
        frames = 0;
        errors = 0;
        present = false;
    }
}
