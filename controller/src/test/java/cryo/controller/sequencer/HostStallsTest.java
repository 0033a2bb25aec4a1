package cryo.controller.sequencer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The calibration on a stepped clock: one injected 37 ms stall is what it reports. */
class HostStallsTest {
    @Test
    void theWorstStallIsMeasuredAndTheLookaheadCoversIt() {
        long[] now = {0};
        int[] parks = {0};
        long worst = HostStalls.worstStallNanos(1_000_000, 1_000_000_000, () -> now[0], n -> {
            now[0] += n + (++parks[0] == 500 ? 37_000_000 : 20_000); // the 500th wake-up comes 37 ms late
        });
        assertEquals(37_000_000, worst);
        assertEquals(100_000_000 + 37_000_000 + 18_500_000 + 2_000_000, HostStalls.lookaheadTicks(0.1, worst));
        assertEquals("lookahead 157.5 ms measured on this host: tick 100.0 ms + worst stall 37.0 ms in a 1.0 s calibration run + margin 20.5 ms",
                HostStalls.describe(0.1, 1.0, worst));
    }
}
