package cryo.controller.app;

import cryo.hal.device.BoardClock;
import java.util.concurrent.locks.LockSupport;

/**
 * Real-time producer of control ticks on an absolute schedule in board time (no drift: the next
 * tick is the previous deadline plus the period, not "now plus the period").
 */
public final class ControlTimer implements AutoCloseable {
    private final Controller controller;
    private final BoardClock clock;
    private final long periodTicks;
    private final Thread thread;
    private final java.util.function.LongConsumer lateness;
    private volatile boolean running = true;

    public ControlTimer(Controller controller, BoardClock clock, double periodSeconds) {
        this(controller, clock, periodSeconds, null);
    }

    /**
     * @param lateness called on the timer thread with each tick's lateness against its absolute
     *                 deadline, in clock ticks (benchmarks measure jitter with it); may be null
     */
    public ControlTimer(Controller controller, BoardClock clock, double periodSeconds, java.util.function.LongConsumer lateness) {
        this.lateness = lateness;
        this.controller = controller;
        this.clock = clock;
        this.periodTicks = BoardClock.fromSeconds(periodSeconds);
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
            if (now < next) {
                LockSupport.parkNanos(Math.min(next - now, 1_000_000L));
                continue;
            }
            if (lateness != null) {
                lateness.accept(now - next);
            }
            controller.ring().publishTick(now, System.nanoTime());
            next += periodTicks;
            if (next <= now) {
                next = now + periodTicks; // a stall: skip missed ticks rather than burst
            }
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
