package cryo.controller.alarm;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Hands alarm events from the ring thread (single producer) to the dispatcher thread (single
 * consumer) through preallocated slots: no lock, no wait and no allocation on the ring side.
 * Sized so a storm of alarms fits (every detector on every sensor tripping, acknowledged and
 * cleared, is far below the capacity); if it still overflows the event is counted in
 * {@link #overflows()} and reported in status, never waited for.
 */
public final class AlarmEventChannel {
    private final AlarmEventSlot[] slots;
    private final int mask;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong consumed = new AtomicLong();
    private long claimed;
    private volatile long overflows;
    private volatile Thread consumer;

    public AlarmEventChannel(int capacityPowerOfTwo) {
        if (capacityPowerOfTwo < 2 || Integer.bitCount(capacityPowerOfTwo) != 1) {
            throw new IllegalArgumentException("alarm channel capacity must be a power of two >= 2, was " + capacityPowerOfTwo);
        }
        slots = new AlarmEventSlot[capacityPowerOfTwo];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new AlarmEventSlot();
        }
        mask = capacityPowerOfTwo - 1;
    }

    /** Producer: a free slot, or null when the consumer is a whole ring behind (counted). */
    public AlarmEventSlot tryClaim() {
        claimed = published.get();
        if (claimed - consumed.get() >= slots.length) {
            overflows++;
            return null;
        }
        return slots[(int) (claimed & mask)];
    }

    /** Producer: publishes the slot of the last successful {@link #tryClaim}. */
    public void publish() {
        published.lazySet(claimed + 1);
        Thread c = consumer;
        if (c != null) {
            LockSupport.unpark(c);
        }
    }

    /** Consumer: the next event, or null. Call {@link #release} when done with it. */
    public AlarmEventSlot poll() {
        long next = consumed.get();
        return next < published.get() ? slots[(int) (next & mask)] : null;
    }

    public void release() {
        consumed.lazySet(consumed.get() + 1);
    }

    public void bindConsumer(Thread thread) {
        consumer = thread;
    }

    public long overflows() {
        return overflows;
    }

    /** Events published and not yet released by the consumer. */
    public long pending() {
        return published.get() - consumed.get();
    }
}
