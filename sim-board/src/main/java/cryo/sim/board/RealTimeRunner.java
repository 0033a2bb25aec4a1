package cryo.sim.board;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Runs the simulated board on the wall clock times a speed factor, on its own thread. The wall
 * clock is injected ({@code wallNanos}), so tests can drive it and only the program's wiring
 * reads the real clock.
 *
 * <p>On {@link #start} the board's clock starts running free on {@code wallNanos} × speed (see
 * {@link cryo.sim.clock.VirtualClock#runFree}): board time moves whether or not this thread is
 * scheduled, as a real board's counter does. This thread only catches the board's firmware and
 * plant up to that time, every {@code stepWallSeconds}, in steps of at most that length of board
 * time; after a stall it replays the whole stall in such steps. (Before, this thread advanced the
 * clock itself: a descheduled thread froze board time and then jumped it by the whole stall.)
 */
public final class RealTimeRunner implements AutoCloseable {
    private final SimulatedBoard board;
    private final double speed;
    private final LongSupplier wallNanos;
    private final long periodNanos;
    private final long maxStepTicks;
    private final Thread thread;
    private volatile boolean running = true;

    public RealTimeRunner(SimulatedBoard board, double speed, double stepWallSeconds, LongSupplier wallNanos) {
        if (!(speed > 0) || !(stepWallSeconds > 0)) {
            throw new IllegalArgumentException("speed and stepWallSeconds must be > 0");
        }
        this.board = board;
        this.speed = speed;
        this.wallNanos = wallNanos;
        this.periodNanos = Math.max(1, (long) (stepWallSeconds * 1e9));
        this.maxStepTicks = Math.max(1, (long) (stepWallSeconds * 1e9 * speed));
        this.thread = new Thread(this::loop, "sim-board-realtime");
        this.thread.setDaemon(true);
    }

    public RealTimeRunner start() {
        board.runFree(wallNanos, speed, maxStepTicks);
        thread.start();
        return this;
    }

    private void loop() {
        long next = wallNanos.getAsLong();
        while (running) {
            next += periodNanos;
            long now;
            while ((now = wallNanos.getAsLong()) < next && running) {
                LockSupport.parkNanos(next - now);
            }
            if (now - next > periodNanos) {
                next = now; // after a stall, the next step is a period from now, not a burst
            }
            board.catchUp();
        }
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
