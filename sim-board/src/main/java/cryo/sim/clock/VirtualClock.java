package cryo.sim.clock;

import cryo.hal.device.BoardClock;
import java.util.function.LongSupplier;

/**
 * The simulated board's clock. Two modes:
 *
 * <ul>
 *   <li><b>stepped</b> (lock-step simulation, the default): virtual time, advanced only by the
 *       simulation's stepping thread through {@link #advanceTicks}; deterministic.
 *   <li><b>free-running</b> (real-time simulation, after {@link #runFree}): time is the injected
 *       host monotonic clock times a speed factor, read fresh on every {@link #nowTicks}. Like a
 *       real board's counter it never stops because a simulation thread was descheduled; the
 *       board's firmware and plant catch up to it whenever their thread runs.
 * </ul>
 *
 * Reads are safe from any thread and never block (volatile fields, an immutable free-run origin).
 */
public final class VirtualClock implements BoardClock {
    private volatile long ticks;
    private volatile FreeRun freeRun;

    public VirtualClock(long startTicks) {
        this.ticks = startTicks;
    }

    @Override
    public long nowTicks() {
        FreeRun f = freeRun;
        return f == null ? ticks : f.nowTicks();
    }

    /** Moves time forward; called by the one stepping thread. Refused once free-running. */
    public void advanceTicks(long dtTicks) {
        if (dtTicks < 0) {
            throw new IllegalArgumentException("time cannot run backwards: dtTicks=" + dtTicks);
        }
        if (freeRun != null) {
            throw new IllegalStateException("a free-running clock is not stepped");
        }
        ticks = ticks + dtTicks;
    }

    /**
     * From now on board time is {@code nowTicks() at this call + (wallNanos() - wallNanos() at this
     * call) * speed}. One-way: a free-running clock is never stepped again. Monotonic as long as
     * {@code wallNanos} is (the host's monotonic clock).
     */
    public synchronized void runFree(LongSupplier wallNanos, double speed) {
        if (!(speed > 0)) {
            throw new IllegalArgumentException("speed must be > 0, was " + speed);
        }
        if (freeRun != null) {
            throw new IllegalStateException("the clock is already free-running");
        }
        freeRun = new FreeRun(ticks, wallNanos, wallNanos.getAsLong(), speed);
    }

    public boolean freeRunning() {
        return freeRun != null;
    }

    private static final class FreeRun {
        final long originTicks;
        final LongSupplier wallNanos;
        final long originWallNanos;
        final double speed;
        final boolean unitSpeed;

        FreeRun(long originTicks, LongSupplier wallNanos, long originWallNanos, double speed) {
            this.originTicks = originTicks;
            this.wallNanos = wallNanos;
            this.originWallNanos = originWallNanos;
            this.speed = speed;
            this.unitSpeed = speed == 1.0;
        }

        long nowTicks() {
            long wall = wallNanos.getAsLong() - originWallNanos;
            // floor of a monotone function stays monotone; speed 1 stays exact in integers
            return originTicks + (unitSpeed ? wall : (long) (wall * speed));
        }
    }
}
