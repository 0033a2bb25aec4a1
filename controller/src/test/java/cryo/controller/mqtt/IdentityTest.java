package cryo.controller.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cryo.controller.app.SimHarness;
import cryo.controller.telemetry.StatusBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18.4: a second controller with a node id already alive on the broker sees the first (its
 * retained Birth and its statuses), does not connect, and says so in one line; the first keeps its
 * one session. (Two started at the same instant: {@link SimultaneousStartTest}.)
 */
class IdentityTest {
    private static final String NODE = "twin-1";

    @TempDir
    Path tmp;

    @Test
    void aSecondNodeWithTheSameIdSeesTheFirstAliveAndStaysOff() throws Exception {
        assumeTrue(MosquittoProcess.available(), "mosquitto not installed");
        List<String> lines = new CopyOnWriteArrayList<>();
        try (MosquittoProcess broker = MosquittoProcess.start(tmp.resolve("broker"), "");
             SimHarness h1 = new SimHarness(1);
             SimHarness h2 = new SimHarness(2);
             StatusPublisher first = publisher(broker, h1).start()) {
            assertTrue(TestSubscriber.await(10, first::connected), first.lastError());
            try (StatusPublisher second = publisher(broker, h2).onRefused(lines::add).start()) {
                step(h1, () -> second.refusal() != null);
                assertEquals(1, lines.size(), "one line: " + lines);
                assertTrue(lines.get(0).startsWith("node id 'twin-1' is already alive on " + broker.uri()) && lines.get(0).contains("Birth"),
                        lines.get(0));
                step(h1, () -> false, 3.0); // three more seconds: nobody fights
                assertEquals(0, second.connects(), "the second never connected");
                assertEquals(1, first.connects(), "the first kept its one session");
                assertNull(first.refusal());
                assertTrue(first.connected());
            }
        }
    }

    private static StatusPublisher publisher(MosquittoProcess broker, SimHarness h) {
        return new StatusPublisher(broker.uri(), NODE, "test", h.controller.statusChannel(),
                new StatusBuilder(h.controller.config()), System::nanoTime);
    }

    private static void step(SimHarness h, BooleanSupplier until) {
        step(h, until, 15.0);
        assertTrue(until.getAsBoolean(), "in time");
    }

    /** Steps the plant (board seconds, so the node publishes statuses) until the condition or the wall-clock bound. */
    private static void step(SimHarness h, BooleanSupplier until, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (!until.getAsBoolean() && System.nanoTime() < deadline) {
            h.driver.run(0.2);
            LockSupport.parkNanos(20_000_000L);
        }
    }
}
