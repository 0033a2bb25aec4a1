package cryo.controller.interlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.ring.ControlEvent;
import cryo.controller.ring.EventType;
import cryo.controller.ring.RingStage;
import cryo.v1.AlarmCause;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The layer below the software: freeze the ring thread (a test stage that blocks), drive the
 * simulated board alone from the test thread in virtual time, and the board's hardware watchdog
 * cuts the heater within its timeout.
 */
class WatchdogLayerTest {

    /** Blocks the ring thread on the next tick once armed; bounded so a failing test cannot hang. */
    static final class FreezeStage implements RingStage {
        volatile boolean armed;
        final CountDownLatch frozen = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public void onEvent(ControlEvent e) {
            if (armed && e.type == EventType.TICK) {
                armed = false;
                frozen.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Test
    void frozenRingLetsTheBoardCutTheHeatersWithinTheWatchdogTimeout() throws Exception {
        FreezeStage freeze = new FreezeStage();
        try (SafetyHarness h = new SafetyHarness(SafetyHarness.board(21), c -> c, null, freeze)) {
            h.run(120);
            assertTrue(h.mxcHeaterWatts() > 0, "regulating before the freeze");
            double timeoutSeconds = h.controller.config().watchdogTimeoutMillis() / 1000.0;
            freeze.armed = true;
            h.board.update(0.1);
            long lastKickTicks = h.board.clock().nowTicks(); // this tick kicks, then the ring freezes after telemetry
            h.controller.ring().publishTick(lastKickTicks, 0L);
            assertTrue(freeze.frozen.await(10, TimeUnit.SECONDS), "ring thread frozen");
            double cutAfterSeconds = Double.NaN;
            for (int i = 0; i < 1000; i++) {
                h.board.update(0.01);
                if (h.mxcHeaterWatts() == 0.0) {
                    cutAfterSeconds = (h.board.clock().nowTicks() - lastKickTicks) * 1e-9;
                    break;
                }
            }
            assertTrue(cutAfterSeconds > timeoutSeconds - 0.011 && cutAfterSeconds <= timeoutSeconds + 0.011,
                    "heater cut " + cutAfterSeconds + " s after the last kick; watchdog timeout " + timeoutSeconds + " s");
            freeze.release.countDown();
            h.controller.awaitIdle();
            h.run(1);
            assertTrue(h.controller.interlock().tripped(), "the ring, once alive again, sees the latched watchdog and trips");
            assertEquals(AlarmCause.BOARD_WATCHDOG, h.controller.interlock().cause());
            assertEquals(0.0, h.mxcHeaterWatts());
        }
    }
}
