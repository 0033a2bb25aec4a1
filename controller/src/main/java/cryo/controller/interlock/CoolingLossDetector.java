package cryo.controller.interlock;

/**
 * Cooling loss on a pre-cooled plate (50 K, 4 K): the plate warms by more than
 * {@code riseKelvin} over a window while its heaters are off — the pulse tube stopped, or the
 * vacuum went. Pure.
 */
public final class CoolingLossDetector {
    private final double riseKelvin;
    private final long windowTicks;
    private long startTicks = Long.MIN_VALUE;
    private double startKelvin;
    private boolean present;
    private double lastRiseKelvin;

    public CoolingLossDetector(double riseKelvin, double windowSeconds) {
        this.riseKelvin = Checks.positive("coolingLossRiseKelvin", riseKelvin);
        this.windowTicks = Checks.seconds("coolingLossWindowSeconds", windowSeconds);
    }

    /** @param heatersOff true while every heater on this plate is commanded off */
    public boolean update(double temperatureKelvin, boolean heatersOff, long boardTicks) {
        if (Double.isNaN(temperatureKelvin) || !heatersOff) {
            startTicks = Long.MIN_VALUE;
            return false;
        }
        if (startTicks == Long.MIN_VALUE) {
            startTicks = boardTicks;
            startKelvin = temperatureKelvin;
            return false;
        }
        lastRiseKelvin = temperatureKelvin - startKelvin;
        if (lastRiseKelvin < 0) {
            startTicks = boardTicks; // cooling: restart the window from the new low
            startKelvin = temperatureKelvin;
            present = false;
            return false;
        }
        if (lastRiseKelvin > riseKelvin && boardTicks - startTicks <= windowTicks) {
            present = true;
            return true;
        }
        if (boardTicks - startTicks > windowTicks) {
            present = false;
            startTicks = boardTicks;
            startKelvin = temperatureKelvin;
        }
        return false;
    }

    public boolean causePresent() {
        return present;
    }

    public double lastRiseKelvin() {
        return lastRiseKelvin;
    }

    public double riseKelvin() {
        return riseKelvin;
    }
}
