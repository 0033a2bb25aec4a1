package cryo.bench;

import cryo.controller.app.ControlTimer;
import cryo.controller.app.Controller;
import cryo.controller.ring.ControlRing;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Lateness of the 100 Hz control tick against its absolute schedule, for the controller's own
 * timer publishing into a running ring, and for a bare loop with the same waiting code that does
 * nothing else (the platform's floor), measured one after the other in the same run.
 */
final class TickJitter {
    private TickJitter() {
    }

    static Histogram controller(double seconds) throws Exception {
        Histogram h = new Histogram(10_000_000_000L, 3);
        LatencyProbe probe = new LatencyProbe();
        try (Controller c = Chains.controller(probe, ControlRing.defaultWaitStrategy()).start()) {
            ControlTimer timer = new ControlTimer(c, System::nanoTime, 0.01, v -> h.recordValue(Math.max(0, v)));
            timer.start();
            LockSupport.parkNanos((long) (seconds * 1e9));
            timer.close();
        }
        return h;
    }

    /** The same absolute-schedule wait as ControlTimer, with no work: what the OS and JVM give. */
    static Histogram floor(double seconds) {
        Histogram h = new Histogram(10_000_000_000L, 3);
        long period = 10_000_000L;
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long next = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return h;
            }
            if (now < next) {
                LockSupport.parkNanos(Math.min(next - now, 1_000_000L));
                continue;
            }
            h.recordValue(now - next);
            next += period;
            if (next <= now) {
                next = now + period;
            }
        }
    }
}
