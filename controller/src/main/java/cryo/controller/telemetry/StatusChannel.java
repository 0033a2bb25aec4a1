package cryo.controller.telemetry;

import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.SleepingWaitStrategy;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands status snapshots from the ring thread to the publisher thread without locks or waits: a
 * small single-producer ring of preallocated snapshots. When the publisher falls behind (a slow
 * or absent broker), the ring thread drops the snapshot and counts it — it never waits.
 */
public final class StatusChannel {
    private final RingBuffer<StatusSnapshot> ring;
    private final Sequence consumed = new Sequence(-1);
    private volatile Thread consumer;
    private long dropped;
    private long claimed = -1;

    public StatusChannel(int size, int sensors, int loops) {
        ring = RingBuffer.createSingleProducer(() -> new StatusSnapshot(sensors, loops), size, new SleepingWaitStrategy());
        ring.addGatingSequences(consumed);
    }

    /** Ring thread: a slot to fill, or null when the publisher is behind (counted as dropped). */
    public StatusSnapshot tryClaim() {
        // Ask before claiming instead of catching tryNext's InsufficientCapacityException: with no
        // publisher the ring is full on every status, and the first throw initialised that class on
        // the ring thread mid-run (40 bytes, seen under JFR in the real-time benchmark). With one
        // producer (this thread) the capacity seen here is still there for next(), which never waits.
        if (!ring.hasAvailableCapacity(1)) {
            dropped++;
            return null;
        }
        claimed = ring.next();
        return ring.get(claimed);
    }

    /** Ring thread: publishes the slot returned by the last {@link #tryClaim}. */
    public void publish() {
        ring.publish(claimed);
        Thread c = consumer;
        if (c != null) {
            LockSupport.unpark(c);
        }
    }

    /** Snapshots dropped at the ring side so far (ring thread's count; read racy elsewhere). */
    public long dropped() {
        return dropped;
    }

    /** Publisher thread: registers itself to be woken on publish. */
    public void bindConsumer(Thread thread) {
        consumer = thread;
    }

    /** Publisher thread: the next unread snapshot, or null. Call {@link #release} when done with it. */
    public StatusSnapshot poll() {
        long next = consumed.get() + 1;
        if (next > ring.getCursor()) {
            return null;
        }
        return ring.get(next);
    }

    /** Publisher thread: frees the snapshot returned by {@link #poll}. */
    public void release() {
        consumed.set(consumed.get() + 1);
    }
}
