package cryo.controller.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cryo.controller.app.SimHarness;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The control path allocates nothing in steady state: the ring thread's allocated bytes over a
 * million ticks through the real stage chain (board input over the register bus, interlock,
 * heater loop, sequencer, telemetry) stay at zero.
 */
class ZeroAllocationTest {
    private static final int EVENTS = 1_000_000;
    private static final long TICK = 10_000_000L; // 10 ms of board time per tick

    @Test
    void ringThreadAllocatesNothingPerEvent() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (SimHarness h = new SimHarness(21)) {
            ControlRing ring = h.controller.ring();
            long ringThread = ring.thread().getId();
            long t = h.board.clock().nowTicks();
            // warm-up: JIT, first status snapshots, relay closing, lazily built state
            for (int i = 0; i < 1_000_000; i++) {
                t += TICK;
                ring.publishTick(t, 0L);
            }
            ring.awaitProcessed(ring.cursor());
            long before = mx.getThreadAllocatedBytes(ringThread);
            for (int i = 0; i < EVENTS; i++) {
                t += TICK;
                ring.publishTick(t, 0L);
            }
            ring.awaitProcessed(ring.cursor());
            long allocated = mx.getThreadAllocatedBytes(ringThread) - before;
            assertEquals(0L, allocated, "bytes allocated on the ring thread over " + EVENTS + " events ("
                    + (double) allocated / EVENTS + " per event)");
        }
    }
}
