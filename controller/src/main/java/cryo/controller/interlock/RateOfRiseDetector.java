package cryo.controller.interlock;

/**
 * Rate of rise above a limit, measured over a window of board time (a per-sample derivative of
 * a noisy millikelvin reading would trip on noise). The caller says whether a rise is allowed:
 * a loop heating toward a higher setpoint rises legitimately, so the check only counts while the
 * stage is above where its loop wants it (or has no loop). Trips after {@code debounceWindows}
 * consecutive windows over the limit. Pure: sample and board time in, verdict out.
 */
public final class RateOfRiseDetector {
    private final double limitKelvinPerSecond;
    private final long windowTicks;
    private final int debounceWindows;
    private long startTicks = Long.MIN_VALUE;
    private double startKelvin;
    private int over;
    private double lastRate;

    public RateOfRiseDetector(double limitKelvinPerSecond, double windowSeconds, int debounceWindows) {
        this.limitKelvinPerSecond = Checks.positive("rateOfRiseKelvinPerSecond", limitKelvinPerSecond);
        this.windowTicks = Checks.seconds("rateWindowSeconds", windowSeconds);
        this.debounceWindows = Checks.atLeastOne("rateDebounceWindows", debounceWindows);
    }

    /**
     * @param riseUnexpected false while a rise is the loop's intent (heating to a higher setpoint)
     * @return true when the rise over the last windows exceeds the limit
     */
    public boolean update(double temperatureKelvin, long boardTicks, boolean riseUnexpected) {
        if (Double.isNaN(temperatureKelvin)) {
            startTicks = Long.MIN_VALUE;
            return false;
        }
        if (startTicks == Long.MIN_VALUE) {
            startTicks = boardTicks;
            startKelvin = temperatureKelvin;
            return false;
        }
        long dt = boardTicks - startTicks;
        if (dt < windowTicks) {
            return false;
        }
        lastRate = (temperatureKelvin - startKelvin) / (dt * 1e-9);
        startTicks = boardTicks;
        startKelvin = temperatureKelvin;
        over = riseUnexpected && lastRate > limitKelvinPerSecond ? over + 1 : 0;
        return over >= debounceWindows;
    }

    public boolean causePresent() {
        return over > 0;
    }

    /** Rate over the last complete window, K/s. */
    public double rateKelvinPerSecond() {
        return lastRate;
    }

    public double limitKelvinPerSecond() {
        return limitKelvinPerSecond;
    }

    public void reset() {
        startTicks = Long.MIN_VALUE;
        over = 0;
    }
}
