package cryo.controller.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cryo.controller.app.SimHarness;
import cryo.controller.config.ControllerConfig;
import cryo.controller.ring.ControlRing;
import cryo.controller.sequencer.JitQuiet;
import cryo.controller.telemetry.StatusBuilder;
import cryo.hal.device.BoardClock;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zero allocation on the ring thread per status, with the MQTT session draining and publishing
 * the statuses to a real broker (the ring's own ZeroAllocationTest has no consumer, so its
 * status channel fills and every later status takes the drop path). A status on every tick;
 * the session publishes as many as it can and the rest are dropped and counted: both paths run
 * on the ring thread while it is measured.
 */
class StatusAllocationTest {
    private static final int WARMUP_TICKS = 1_000_000;
    private static final int MEASURED_TICKS = 500_000;

    @TempDir
    Path tmp;

    @Test
    void ringThreadAllocatesNothingPerStatusWhileTheSessionPublishes() throws Exception {
        assumeTrue(MosquittoProcess.available(), "mosquitto not installed");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (MosquittoProcess broker = MosquittoProcess.start(tmp.resolve("broker"), "");
             SimHarness h = new SimHarness(21, c -> new ControllerConfig(c.nodeId(), c.firmwareVersion(), c.tickIntervalSeconds(),
                     c.tickIntervalSeconds(), c.watchdogTimeoutMillis(), c.sensors(), c.loops(), c.overTemperature()));
             StatusPublisher session = new StatusPublisher(BrokerOptions.plain(broker.uri()), h.controller.config(),
                     h.controller.statusChannel(), new StatusBuilder(h.controller.config()), System::nanoTime).start()) {
            assertTrue(TestSubscriber.await(10, session::connected), "session up: " + session.lastError());
            ControlRing ring = h.controller.ring();
            long ringThread = ring.thread().getId();
            long tick = BoardClock.fromSeconds(h.controller.config().tickIntervalSeconds());
            long[] t = {h.board.clock().nowTicks()};
            for (int i = 0; i < WARMUP_TICKS; i++) {
                t[0] += tick;
                ring.publishTick(t[0], 0L);
            }
            ring.awaitProcessed(ring.cursor());
            Runnable window = () -> {
                for (int i = 0; i < MEASURED_TICKS; i++) {
                    t[0] += tick;
                    ring.publishTick(t[0], 0L);
                }
                ring.awaitProcessed(ring.cursor());
            };
            JitQuiet.warmUp(window, 10);
            long publishedBefore = session.published();
            // measured in a window the JIT did not touch: a C2 compile requested on the ring thread allocates there (see JitQuiet)
            JitQuiet.Window w = JitQuiet.measure(window, () -> mx.getThreadAllocatedBytes(ringThread), 20);
            System.out.println("StatusAllocationTest: " + w);
            long published = session.published() - publishedBefore;
            assertTrue(published >= 100, "the session published statuses while measured: " + published);
            assertEquals(0L, w.bytes(), "bytes allocated on the ring thread over " + MEASURED_TICKS + " ticks, each with a status ("
                    + published + " published over all windows): " + w);
        }
    }
}
