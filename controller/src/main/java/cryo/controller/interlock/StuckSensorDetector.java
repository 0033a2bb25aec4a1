package cryo.controller.interlock;

/**
 * Stuck sensor: no variation in the reading while the heater on its stage changed. Over each
 * window of board time it compares the reading's spread (relative) with the heater output's
 * spread; a heater that moved by more than {@code minHeaterChangeWatts} must move the reading by
 * more than {@code minRelativeChange}. Also trips on {@code identicalSamples} fresh conversions
 * with a bit-identical value (a real conversion always carries noise). Pure.
 */
public final class StuckSensorDetector {
    private final long windowTicks;
    private final double minRelativeChange;
    private final double minHeaterChangeWatts;
    private final int identicalSamples;
    private long startTicks = Long.MIN_VALUE;
    private double minUnits;
    private double maxUnits;
    private double minWatts;
    private double maxWatts;
    private double lastUnits = Double.NaN;
    private long lastCount = -1;
    private int identical;
    private boolean present;
    private boolean windowStuck;
    private double lastSpread;

    /**
     * @param identicalSamples 0 disables the bit-identical check
     */
    public StuckSensorDetector(double windowSeconds, double minRelativeChange, double minHeaterChangeWatts, int identicalSamples) {
        this.windowTicks = Checks.seconds("stuckWindowSeconds", windowSeconds);
        this.minRelativeChange = Checks.positive("stuckMinRelativeChange", minRelativeChange);
        this.minHeaterChangeWatts = Checks.positive("stuckMinHeaterChangeWatts", minHeaterChangeWatts);
        if (identicalSamples < 0) {
            throw new IllegalArgumentException("stuckIdenticalSamples must be >= 0 (0 = off), was " + identicalSamples);
        }
        this.identicalSamples = identicalSamples;
    }

    /**
     * @param sampleCount the board's conversion counter (only fresh conversions count as identical)
     * @param heaterWatts output of the heater on this stage, NaN when the stage has none
     */
    public boolean update(double rawUnits, long sampleCount, double heaterWatts, long boardTicks) {
        if (Double.isNaN(rawUnits)) {
            startTicks = Long.MIN_VALUE;
            return false;
        }
        boolean trip = false;
        if (identicalSamples > 0 && sampleCount != lastCount) {
            identical = rawUnits == lastUnits ? identical + 1 : 0;
            trip = identical >= identicalSamples;
        }
        lastCount = sampleCount;
        lastUnits = rawUnits;
        double watts = Double.isNaN(heaterWatts) ? 0 : heaterWatts;
        if (startTicks == Long.MIN_VALUE) {
            startWindow(rawUnits, watts, boardTicks);
        } else {
            minUnits = Math.min(minUnits, rawUnits);
            maxUnits = Math.max(maxUnits, rawUnits);
            minWatts = Math.min(minWatts, watts);
            maxWatts = Math.max(maxWatts, watts);
            if (boardTicks - startTicks >= windowTicks) {
                double spread = (maxUnits - minUnits) / Math.abs(maxUnits);
                lastSpread = spread;
                windowStuck = maxWatts - minWatts > minHeaterChangeWatts && spread < minRelativeChange;
                trip |= windowStuck;
                startWindow(rawUnits, watts, boardTicks);
            }
        }
        present = windowStuck || (identicalSamples > 0 && identical >= identicalSamples);
        return trip;
    }

    private void startWindow(double rawUnits, double watts, long boardTicks) {
        startTicks = boardTicks;
        minUnits = maxUnits = rawUnits;
        minWatts = maxWatts = watts;
    }

    public boolean causePresent() {
        return present;
    }

    public int identicalCount() {
        return identical;
    }

    public double minRelativeChange() {
        return minRelativeChange;
    }

    /** What tripped, for the alarm: identical conversions counted, or the window's relative spread. */
    public double lastValue() {
        return windowStuck ? lastSpread : identical;
    }

    /** The limit {@link #lastValue} crossed (identical samples, or the minimum relative change). */
    public double lastLimit() {
        return windowStuck ? minRelativeChange : identicalSamples;
    }
}
