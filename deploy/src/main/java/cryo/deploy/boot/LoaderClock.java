package cryo.deploy.boot;

/**
 * Time as the loader sees it, injected so tests are deterministic. Deadlines use the monotonic
 * clock: a Raspberry Pi has no RTC and its wall clock jumps when NTP syncs after boot.
 */
public interface LoaderClock {
    /** Milliseconds from an arbitrary origin, never going backwards. */
    long monotonicMillis();

    /** Wall-clock time for records shown to people (last boot time). */
    long unixMillis();
}
