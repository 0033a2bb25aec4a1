package cryo.controller.sequencer;

import cryo.hal.device.BoardClock;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * The streaming path's lookahead, measured on the host it runs on rather than assumed: a
 * calibration run parks a bare thread on the control tick and records how late it wakes (the
 * hypervisor, the OS, a GC: whatever can stall the ring thread). The lookahead is the tick, plus
 * the worst stall seen, plus a margin of half that stall and {@value #MARGIN_MILLIS} ms.
 *
 * <p>Runs on the calling thread, before the controller starts (never on the ring). The clock and
 * the park are parameters so a test steps them.
 */
public final class HostStalls {
    public static final int MARGIN_MILLIS = 2;

    private HostStalls() {
    }

    /** The worst lateness, ns, of waking every {@code periodNanos} for {@code durationNanos}. */
    public static long worstStallNanos(long periodNanos, long durationNanos, LongSupplier nanoClock, LongConsumer parkNanos) {
        if (periodNanos <= 0 || durationNanos <= 0) {
            throw new IllegalArgumentException("calibration period and duration must be > 0 (were " + periodNanos + ", " + durationNanos + " ns)");
        }
        long start = nanoClock.getAsLong();
        long next = start + periodNanos;
        long worst = 0;
        while (true) {
            long now = nanoClock.getAsLong();
            if (now - start >= durationNanos) {
                return worst;
            }
            if (now < next) {
                parkNanos.accept(next - now);
                continue;
            }
            worst = Math.max(worst, now - next);
            next += periodNanos;
            if (next <= now) {
                next = now + periodNanos;
            }
        }
    }

    /** The same on this host's monotonic clock, parking the calling thread. */
    public static long worstStallNanos(double tickSeconds, double calibrationSeconds) {
        return worstStallNanos(Math.max(1, Math.round(tickSeconds * 1e9)), Math.max(1, Math.round(calibrationSeconds * 1e9)),
                System::nanoTime, java.util.concurrent.locks.LockSupport::parkNanos);
    }

    /** The lookahead for a ring ticking every {@code tickSeconds} on a host whose worst stall was {@code worstStallNanos}. */
    public static long lookaheadTicks(double tickSeconds, long worstStallNanos) {
        long margin = worstStallNanos / 2 + MARGIN_MILLIS * 1_000_000L;
        return BoardClock.fromSeconds(tickSeconds) + worstStallNanos + margin;
    }

    /** One line for logs and {@code cryo sequence check}. */
    public static String describe(double tickSeconds, double calibrationSeconds, long worstStallNanos) {
        return String.format("lookahead %.1f ms measured on this host: tick %.1f ms + worst stall %.1f ms in a %.1f s calibration run + margin %.1f ms",
                lookaheadTicks(tickSeconds, worstStallNanos) / 1e6, tickSeconds * 1e3, worstStallNanos / 1e6, calibrationSeconds,
                (worstStallNanos / 2 + MARGIN_MILLIS * 1_000_000L) / 1e6);
    }
}
