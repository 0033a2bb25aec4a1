package cryo.bench;

import cryo.controller.ring.ControlEvent;
import cryo.controller.ring.EventType;
import cryo.controller.ring.RingStage;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Last stage of a measured chain: records the time from an event's intended publish time to the
 * end of the chain (after the heater output was written to the board). Recording into a
 * preallocated histogram allocates nothing.
 */
public final class LatencyProbe implements RingStage {
    private final Histogram histogram = new Histogram(60_000_000_000L, 3);
    private final AtomicLong processed = new AtomicLong();
    private volatile boolean recording;

    @Override
    public void onEvent(ControlEvent e) {
        if (e.type == EventType.TICK && recording && e.publishNanos != 0) {
            histogram.recordValue(Math.max(0, System.nanoTime() - e.publishNanos));
        }
        processed.lazySet(processed.get() + 1);
    }

    public void startRecording() {
        histogram.reset();
        recording = true;
    }

    /** Stops recording; call only once the chain is idle (after awaitProcessed). */
    public Histogram stopRecording() {
        recording = false;
        return histogram.copy();
    }

    public long processed() {
        return processed.get();
    }
}
