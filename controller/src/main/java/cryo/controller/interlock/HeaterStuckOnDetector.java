package cryo.controller.interlock;

/**
 * Heater stuck on, seen from the thermometer: the stage warms by more than {@code riseKelvin}
 * over a window while the heater has been commanded to zero the whole window. Catches a driver
 * that ignores its command even when its readback lies ({@link HeaterReadbackDetector} covers a
 * stuck driver whose readback is honest). Pure.
 *
 * <p>The rule: warming with the output at zero means a stuck heater only while the plant's other
 * inputs are steady. On a dilution fridge the stages are coupled: cutting the still heater (every
 * trip does) stops the circulation, and the mixing chamber warms with its own heater at zero —
 * on the simulated cryostat from 10 mK to 32.5 mK in 30 s (22.7 mK in the worst 30 s, over the
 * 20 mK limit), 34.5 mK after two minutes, levelling off at 34.7 mK. So the caller passes the sum of the other heaters' commands: whenever it moves from
 * the window's reference by more than {@code otherToleranceWatts} plus
 * {@code otherToleranceFraction} of the reference, the window is dropped and judging waits
 * {@code settleSeconds} of steady inputs before a new window starts. A regulating PID's tick to
 * tick wander stays inside the tolerance; a trip, a re-arm or an operator's step does not.
 *
 * <p>The first sample starts a settling period too: what the heaters did before the controller's
 * first tick is unknown (a fridge taken over at base was cooled with its still heater on; the
 * controller starts with every heater at zero), so the plant may still be answering a step this
 * detector never saw. Without it, a fridge at base whose still heater nobody switched on warms its
 * mixing chamber with every heater at 0 W and was named HEATER_STUCK_ON. That warming is the
 * circulation stopping, an operating choice and not a fault: no cause is raised for it (a chamber
 * that warms past its limits trips on those).
 */
public final class HeaterStuckOnDetector {
    private final double riseKelvin;
    private final long windowTicks;
    private final long settleTicks;
    private final double otherToleranceWatts;
    private final double otherToleranceFraction;
    private long startTicks = Long.MIN_VALUE;
    private double startKelvin;
    private boolean present;
    private double lastRiseKelvin;
    /** Other heaters' total command the current window (or settling period) is judged against. */
    private double otherReferenceWatts = Double.NaN;
    /** No window starts before this tick: the plant is still settling after the other heaters moved. */
    private long settledAtTicks = Long.MIN_VALUE;

    /** Without the coupling rule: other heaters are taken as steady (a single-stage plant). */
    public HeaterStuckOnDetector(double riseKelvin, double windowSeconds) {
        this(riseKelvin, windowSeconds, 0, 1e-9, 0);
    }

    /**
     * @param settleSeconds          after the other heaters' commands moved, wait this long before judging
     * @param otherToleranceWatts    absolute change of the other heaters' total command that is not a move
     * @param otherToleranceFraction ... plus this fraction of the reference total
     */
    public HeaterStuckOnDetector(double riseKelvin, double windowSeconds, double settleSeconds,
                                 double otherToleranceWatts, double otherToleranceFraction) {
        this.riseKelvin = Checks.positive("stuckOnRiseKelvin", riseKelvin);
        this.windowTicks = Checks.seconds("stuckOnWindowSeconds", windowSeconds);
        this.settleTicks = settleSeconds == 0 ? 0 : Checks.seconds("stuckOnSettleSeconds", settleSeconds);
        this.otherToleranceWatts = Checks.positive("stuckOnOtherToleranceWatts", otherToleranceWatts);
        this.otherToleranceFraction = Checks.nonNegative("stuckOnOtherToleranceFraction", otherToleranceFraction);
    }

    /** As {@link #update(double, double, double, long)} with the other heaters steady. */
    public boolean update(double temperatureKelvin, double commandedWatts, long boardTicks) {
        return update(temperatureKelvin, commandedWatts, 0.0, boardTicks);
    }

    /**
     * @param commandedWatts    the output the controller last wrote to this heater
     * @param otherHeatersWatts the sum of every other heater's command this tick (zero while tripped)
     * @return true when the stage warmed by more than the limit over a window of zero command
     *         with the other heaters steady
     */
    public boolean update(double temperatureKelvin, double commandedWatts, double otherHeatersWatts, long boardTicks) {
        double other = Math.max(0, otherHeatersWatts);
        if (Double.isNaN(otherReferenceWatts)) {
            // the first sample: the plant's inputs before it are unknown, so it settles as after a move
            otherReferenceWatts = other;
            settledAtTicks = settleTicks == 0 ? Long.MIN_VALUE : boardTicks + settleTicks;
        } else if (Math.abs(other - otherReferenceWatts) > otherToleranceWatts + otherToleranceFraction * otherReferenceWatts) {
            // the plant's inputs moved: its warming is no longer this heater's to explain
            otherReferenceWatts = other;
            settledAtTicks = boardTicks + settleTicks;
            startTicks = Long.MIN_VALUE;
            present = false;
        }
        if (Double.isNaN(temperatureKelvin) || commandedWatts > 0) {
            startTicks = Long.MIN_VALUE;
            present = false;
            return false;
        }
        if (settledAtTicks != Long.MIN_VALUE && boardTicks < settledAtTicks) {
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
