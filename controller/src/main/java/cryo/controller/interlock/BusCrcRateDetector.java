package cryo.controller.interlock;

/**
 * Bus CRC error rate: more than {@code maxErrors} CRC failures (the driver's running count,
 * CryoCmosBoard.crcErrors) within a window of board time means the bus cannot be trusted with a
 * heater command. Occasional errors are retried by the next tick and do not trip. Pure.
 */
public final class BusCrcRateDetector {
    private final long maxErrors;
    private final long windowTicks;
    private long startTicks = Long.MIN_VALUE;
    private long startCount;
    private long lastInWindow;
    private boolean present;

    public BusCrcRateDetector(long maxErrorsPerWindow, double windowSeconds) {
        if (maxErrorsPerWindow < 1) {
            throw new IllegalArgumentException("crcMaxErrorsPerWindow must be >= 1, was " + maxErrorsPerWindow);
        }
        this.maxErrors = maxErrorsPerWindow;
        this.windowTicks = Checks.seconds("crcWindowSeconds", windowSeconds);
    }

    public boolean update(long crcErrorCount, long boardTicks) {
        if (startTicks == Long.MIN_VALUE) {
            startTicks = boardTicks;
            startCount = crcErrorCount;
            return false;
        }
        lastInWindow = crcErrorCount - startCount;
        if (lastInWindow > maxErrors) {
            present = true;
            return true;
        }
        if (boardTicks - startTicks >= windowTicks) {
            present = false;
            startTicks = boardTicks;
            startCount = crcErrorCount;
        }
        return false;
    }

    public boolean causePresent() {
        return present;
    }

    public long errorsInWindow() {
        return lastInWindow;
    }

    /** A warning (no trip): more than half the tolerated errors in the current window. */
    public boolean warning() {
        return lastInWindow > warningErrors();
    }

    public long warningErrors() {
        return Math.max(1, maxErrors / 2);
    }

    public long maxErrors() {
        return maxErrors;
    }
}
