package cryo.bench;

import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/** The measurements themselves. Every figure is produced here and reported as measured. */
final class Runs {
    static final long TICK = 10_000_000L; // 10 ms of board time per event

    private Runs() {
    }

    /**
     * Latency at a fixed event rate, corrected for coordinated omission: each event carries its
     * intended send time, so a stalled chain is charged for every event it delayed.
     */
    static Histogram latency(Pipeline p, int eventsPerSecond, double seconds) {
        long interval = 1_000_000_000L / eventsPerSecond;
        long warm = Math.max(1000, eventsPerSecond / 2);
        drive(p, interval, warm, 0);
        p.awaitIdle();
        p.startRecording();
        drive(p, interval, (long) (eventsPerSecond * seconds), warm);
        p.awaitIdle();
        return p.stopRecording();
    }

    private static void drive(Pipeline p, long intervalNanos, long events, long boardOffset) {
        long start = System.nanoTime();
        for (long i = 0; i < events; i++) {
            long intended = start + i * intervalNanos;
            long now;
            while ((now = System.nanoTime()) < intended) {
                if (intended - now > 50_000) {
                    LockSupport.parkNanos(intended - now - 50_000);
                } else {
                    Thread.onSpinWait();
                }
            }
            p.submit((boardOffset + i + 1) * TICK, intended);
        }
    }

    /** Events per second with the producer publishing as fast as the chain accepts. */
    static double throughput(Pipeline p, long events) {
        for (long i = 0; i < events / 10; i++) {
            p.submit((i + 1) * TICK, 0L);
        }
        p.awaitIdle();
        long start = System.nanoTime();
        for (long i = 0; i < events; i++) {
            p.submit((events + i + 1) * TICK, 0L);
        }
        p.awaitIdle();
        return events / ((System.nanoTime() - start) * 1e-9);
    }

    /** Bytes allocated per event on the worker threads, after a warm-up, over {@code events} events. */
    static double allocatedBytesPerEvent(Pipeline p, long warmup, long events) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (long i = 0; i < warmup; i++) {
            p.submit((i + 1) * TICK, 0L);
        }
        p.awaitIdle();
        long before = 0;
        for (Thread t : p.workers()) {
            before += mx.getThreadAllocatedBytes(t.getId());
        }
        for (long i = 0; i < events; i++) {
            p.submit((warmup + i + 1) * TICK, 0L);
        }
        p.awaitIdle();
        long after = 0;
        for (Thread t : p.workers()) {
            after += mx.getThreadAllocatedBytes(t.getId());
        }
        return (after - before) / (double) events;
    }
}
