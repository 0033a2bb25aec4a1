package cryo.controller.interlock;

/**
 * Heater stuck on, seen from the thermometer: the stage warms by more than {@code riseKelvin}
 * over a window while the heater has been commanded to zero the whole window. Catches a driver
 * that ignores its command even when its readback lies. Pure.
 */
public final class HeaterStuckOnDetector {
    private final double riseKelvin;
    private final long windowTicks;
    private long startTicks = Long.MIN_VALUE;
    private double startKelvin;
    private boolean present;
    private double lastRiseKelvin;

    public HeaterStuckOnDetector(double riseKelvin, double windowSeconds) {
        this.riseKelvin = Checks.positive("stuckOnRiseKelvin", riseKelvin);
        this.windowTicks = Checks.seconds("stuckOnWindowSeconds", windowSeconds);
    }

    /**
     * @param commandedWatts the output the controller last wrote to the heater
     * @return true when the stage warmed by more than the limit over a window of zero command
     */
    public boolean update(double temperatureKelvin, double commandedWatts, long boardTicks) {
        if (Double.isNaN(temperatureKelvin) || commandedWatts > 0) {
            startTicks = Long.MIN_VALUE;
            present = false;
            return false;
        }
        if (startTicks == Long.MIN_VALUE) {
            startTicks = boardTicks;
            startKelvin = temperatureKelvin;
            return false;
        }
        lastRiseKelvin = temperatureKelvin - startKelvin;
        if (boardTicks - startTicks < windowTicks) {
            return false;
        }
        present = lastRiseKelvin > riseKelvin;
        startTicks = boardTicks;
        startKelvin = temperatureKelvin;
        return present;
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
