package cryo.sim.board;

/**
 * Advances the simulated board (and its plant) and the controller together in virtual time:
 * board by {@code dtSeconds}, then one controller step at the new board time, repeated. Nothing
 * waits on a wall clock, so a day of cryostat time runs in seconds and the same seed gives the
 * same trace.
 */
public final class LockStepDriver {

    /** One controller step at a board time; returns only when the controller has acted on it. */
    @FunctionalInterface
    public interface ControllerStep {
        void step(long boardTicks);
    }

    private final SimulatedBoard board;
    private final double dtSeconds;
    private final ControllerStep controller;

    public LockStepDriver(SimulatedBoard board, double dtSeconds, ControllerStep controller) {
        if (!(dtSeconds > 0)) {
            throw new IllegalArgumentException("dtSeconds must be > 0, was " + dtSeconds);
        }
        this.board = board;
        this.dtSeconds = dtSeconds;
        this.controller = controller;
    }

    /** Runs {@code seconds} of virtual time. */
    public void run(double seconds) {
        long steps = Math.round(seconds / dtSeconds);
        for (long i = 0; i < steps; i++) {
            step();
        }
    }

    public void step() {
        board.update(dtSeconds);
        controller.step(board.clock().nowTicks());
    }

    public double dtSeconds() {
        return dtSeconds;
    }
}
