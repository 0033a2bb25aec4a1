package cryo.sim.board;

import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Runs the simulated board on the wall clock times a speed factor, on its own thread. The wall
 * clock is injected ({@code wallNanos}), so tests can drive it and only the program's wiring
 * reads the real clock.
 */
public final class RealTimeRunner implements AutoCloseable {
    private final SimulatedBoard board;
    private final double speed;
    private final LongSupplier wallNanos;
    private final long periodNanos;
    private final Thread thread;
    private volatile boolean running = true;

    public RealTimeRunner(SimulatedBoard board, double speed, double stepWallSeconds, LongSupplier wallNanos) {
        if (!(speed > 0) || !(stepWallSeconds > 0)) {
            throw new IllegalArgumentException("speed and stepWallSeconds must be > 0");
        }
        this.board = board;
        this.speed = speed;
        this.wallNanos = wallNanos;
        this.periodNanos = (long) (stepWallSeconds * 1e9);
        this.thread = new Thread(this::loop, "sim-board-realtime");
        this.thread.setDaemon(true);
    }

    public RealTimeRunner start() {
        thread.start();
        return this;
    }

    private void loop() {
        long last = wallNanos.getAsLong();
        while (running) {
            long next = last + periodNanos;
            long now;
            while ((now = wallNanos.getAsLong()) < next && running) {
                LockSupport.parkNanos(next - now);
            }
            double dt = (now - last) * 1e-9 * speed;
            last = now;
            board.update(dt);
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
