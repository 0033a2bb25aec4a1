package cryo.hal.device;

/**
 * The board's clock: the only source of time for the controller. Ticks are nanoseconds of board
 * time. In lock-step simulation it is virtual time advanced by the simulation driver.
 *
 * <p>Thread contract: safe to call from any thread; never blocks; monotonic.
 */
@FunctionalInterface
public interface BoardClock {
    long TICKS_PER_SECOND = 1_000_000_000L;

    long nowTicks();

    static double toSeconds(long ticks) {
        return ticks / (double) TICKS_PER_SECOND;
    }

    static long fromSeconds(double seconds) {
        return Math.round(seconds * TICKS_PER_SECOND);
    }
}
