package cryo.controller.app;

import cryo.hal.device.BoardClock;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

/**
 * Real-time producer of control ticks on an absolute schedule in board time (no drift: the next
 * tick is the previous deadline plus the period, not "now plus the period").
 *
 * <p>Waiting: the timer parks until {@code spinTicks} before the deadline, then yields in a loop
 * until it is due, so a fine tick (1 ms for pulse streaming) is not at the mercy of the park's
 * wake-up slack. With {@code spinTicks} 0 it only parks (the 100 ms control tick needs no more).
 *
 * <p>Catch-up without bursts: a tick late by less than a period is published at once and the
 * schedule keeps its phase; after a stall longer than a period the missed ticks are skipped
 * (counted in {@link #ticksSkipped}), never published back to back — one late tick already lets
 * every stage catch up (the sequencer writes everything due within its lookahead in one pass).
 */
public final class ControlTimer implements AutoCloseable {
    /** Longest single park, so close() is noticed promptly. */
    private static final long MAX_PARK_NANOS = 1_000_000L;

    private final Controller controller;
    private final BoardClock clock;
    private final long periodTicks;
    private final long spinTicks;
    private final Thread thread;
    private final LongConsumer lateness;
    private volatile boolean running = true;
    // written by the timer thread only; volatile so a benchmark can sample them while it runs
    private volatile long ticksPublished;
    private volatile long ticksSkipped;
    private volatile long maxLatenessTicks;

    public ControlTimer(Controller controller, BoardClock clock, double periodSeconds) {
        this(controller, clock, periodSeconds, null);
    }

    /**
     * @param lateness called on the timer thread with each tick's lateness against its absolute
     *                 deadline, in clock ticks (benchmarks measure jitter with it); may be null
     */
    public ControlTimer(Controller controller, BoardClock clock, double periodSeconds, LongConsumer lateness) {
        this(controller, clock, periodSeconds, 0L, lateness);
    }

    /**
     * @param spinTicks how long before each deadline the timer stops parking and yields until it is
     *                  due (0: park only); at most the period
     * @param lateness  as above; may be null
     */
    public ControlTimer(Controller controller, BoardClock clock, double periodSeconds, long spinTicks, LongConsumer lateness) {
        this.lateness = lateness;
        this.controller = controller;
        this.clock = clock;
        this.periodTicks = BoardClock.fromSeconds(periodSeconds);
        if (periodTicks < 1) {
            throw new IllegalArgumentException("control tick period " + periodSeconds + " s is below one board tick");
        }
        if (spinTicks < 0 || spinTicks > periodTicks) {
            throw new IllegalArgumentException("timer spinTicks " + spinTicks + " outside 0.." + periodTicks + " (the period)");
        }
        this.spinTicks = spinTicks;
        this.thread = new Thread(this::loop, "cryo-timer");
        this.thread.setDaemon(true);
    }

    public ControlTimer start() {
        thread.start();
        return this;
    }

    private void loop() {
        long next = clock.nowTicks();
        while (running) {
            long now = clock.nowTicks();
            long wait = next - now;
            if (wait > spinTicks) {
                LockSupport.parkNanos(Math.min(wait - spinTicks, MAX_PARK_NANOS));
                continue;
            }
            if (wait > 0) {
                Thread.yield(); // the last stretch: give the core away but come straight back
                continue;
            }
            long late = now - next;
            if (late > maxLatenessTicks) {
                maxLatenessTicks = late;
            }
            if (lateness != null) {
                lateness.accept(late);
            }
            controller.ring().publishTick(now, System.nanoTime());
            ticksPublished++;
            next += periodTicks;
            if (next <= now) {
                // a stall of a period or more: skip the missed ticks, keep the schedule's phase
                long missed = (now - next) / periodTicks + 1;
                ticksSkipped += missed;
                next += missed * periodTicks;
            }
        }
    }

    /** Ticks published so far. */
    public long ticksPublished() {
        return ticksPublished;
    }

    /** Ticks skipped after stalls longer than a period. */
    public long ticksSkipped() {
        return ticksSkipped;
    }

    /** Worst lateness of a published tick against its deadline, clock ticks. */
    public long maxLatenessTicks() {
        return maxLatenessTicks;
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
