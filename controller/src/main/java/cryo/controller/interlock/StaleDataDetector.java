package cryo.controller.interlock;

/**
 * Stale data: the board's conversion counter for a channel has not moved for longer than
 * {@code intervals} times the sample interval (default 3), so the number the loop sees is old.
 * Pure: counter and board time in.
 */
public final class StaleDataDetector {
    private final long staleTicks;
    private long lastCount = -1;
    private long lastChangeTicks = Long.MIN_VALUE;
    private long ageTicks;

    public StaleDataDetector(double sampleIntervalSeconds, double intervals) {
        Checks.positive("sampleIntervalSeconds", sampleIntervalSeconds);
        Checks.positive("staleIntervals", intervals);
        this.staleTicks = cryo.hal.device.BoardClock.fromSeconds(sampleIntervalSeconds * intervals);
    }

    /**
     * @param sampleCount the channel's conversion counter; ignored when {@code readOk} is false
     * @param readOk      whether the board answered this tick
     */
    public boolean update(long sampleCount, boolean readOk, long boardTicks) {
        if (lastChangeTicks == Long.MIN_VALUE) {
            lastChangeTicks = boardTicks;
            lastCount = readOk ? sampleCount : -1;
            return false;
        }
        if (readOk && sampleCount != lastCount) {
            lastCount = sampleCount;
            lastChangeTicks = boardTicks;
        }
        ageTicks = boardTicks - lastChangeTicks;
        return ageTicks > staleTicks;
    }

    public boolean causePresent() {
        return ageTicks > staleTicks;
    }

    public double ageSeconds() {
        return ageTicks * 1e-9;
    }

    public double limitSeconds() {
        return staleTicks * 1e-9;
    }
}
