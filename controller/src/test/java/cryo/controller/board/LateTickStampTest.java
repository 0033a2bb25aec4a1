package cryo.controller.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import cryo.controller.app.SimHarness;
import cryo.hal.device.BoardClock;
import org.junit.jupiter.api.Test;

/**
 * A host stall in real-time mode: the board kept sampling while the ring thread was away, and the
 * ticks the timer published meanwhile reach the ring in a burst, stamped with their old publish
 * times. Judged against those stamps, the first fresh sample looks a second old by the last tick
 * of the burst (STALE_DATA at 3 × 0.1 s). Stamped with the time of the read, nothing is stale.
 */
class LateTickStampTest {
    @Test
    void aBurstOfLateTicksAfterAHostStallIsNotStaleData() throws Exception {
        try (SimHarness h = new SimHarness(7)) {
            h.driver.run(5.0);
            assertFalse(h.controller.interlock().tripped(), "healthy before the stall");
            long stallStart = h.board.clock().nowTicks();
            double tickSeconds = h.driver.dtSeconds();
            int queued = 10; // one second of ticks published while the ring thread was descheduled
            for (int i = 0; i < queued; i++) {
                h.board.update(tickSeconds); // the board samples on, in its own time
            }
            for (int i = 1; i <= queued; i++) {
                h.controller.step(stallStart + i * BoardClock.fromSeconds(tickSeconds));
            }
            assertFalse(h.controller.interlock().tripped(),
                    "a burst of late ticks tripped the interlock: " + h.controller.interlock().cause());
            assertEquals(0, h.controller.alarms().count(), "no alarm from the burst");
            h.driver.run(2.0);
            assertFalse(h.controller.interlock().tripped(), "healthy after the stall");
        }
    }
}
