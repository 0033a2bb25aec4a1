package cryo.controller.interlock;

/**
 * Heater readback against command: the board measures more power at the heater than was
 * commanded for N consecutive samples (a stuck driver, a shorted output stage). Only delivering
 * more than asked is a trip: delivering less is what the board's own cut-outs (relay, watchdog,
 * comparator) do on purpose. Pure.
 */
public final class HeaterReadbackDetector {
    private final double toleranceWatts;
    private final double toleranceFraction;
    private final int debounceSamples;
    private int over;
    private double lastExcessWatts;

    /**
     * @param toleranceWatts    absolute slack (DAC and measurement offsets)
     * @param toleranceFraction slack relative to the command (gain error)
     */
    public HeaterReadbackDetector(double toleranceWatts, double toleranceFraction, int debounceSamples) {
        this.toleranceWatts = Checks.positive("readbackToleranceWatts", toleranceWatts);
        this.toleranceFraction = Checks.nonNegative("readbackToleranceFraction", toleranceFraction);
        this.debounceSamples = Checks.atLeastOne("readbackDebounceSamples", debounceSamples);
    }

    /** @return true when readback exceeded command plus tolerance for N samples in a row */
    public boolean update(double commandedWatts, double readbackWatts) {
        if (Double.isNaN(readbackWatts)) {
            return false;
        }
        double commanded = Math.max(0, commandedWatts);
        lastExcessWatts = readbackWatts - commanded;
        over = lastExcessWatts > toleranceWatts + toleranceFraction * commanded ? over + 1 : 0;
        return over >= debounceSamples;
    }

    public boolean causePresent() {
        return over > 0;
    }

    public double lastExcessWatts() {
        return lastExcessWatts;
    }

    public double toleranceWatts() {
        return toleranceWatts;
    }
}
