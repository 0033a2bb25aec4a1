package cryo.controller.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cryo.v1.Command;
import cryo.v1.CommandResult;
import cryo.v1.SetSetpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18.1: a 30 MB message on the node's command topic, plain and retained, against a real
 * Mosquitto that has no size limit of its own, sent to a node in a JVM with a 64 MB heap. The
 * node announces its Maximum Packet Size (MQTT 5), so the broker never sends it either message:
 * statuses never stop, the session never reconnects, nothing runs out of memory, a node started
 * later with the 30 MB retained message still on the broker connects and publishes, and an
 * ordinary command afterwards is answered.
 */
class OversizedPacketTest {
    private static final String NODE = "big-1";
    private static final int HUGE = 30 * 1024 * 1024;

    @TempDir
    Path tmp;

    @Test
    void thirtyMegabyteCommandsPlainAndRetainedNeverStopTheStatusesOfANodeWithA64MbHeap() throws Exception {
        assumeTrue(MosquittoProcess.available(), "mosquitto not installed");
        try (MosquittoProcess broker = MosquittoProcess.start(tmp.resolve("broker"), "");
             TestSubscriber sub = new TestSubscriber(broker.uri(), NODE).only("status", "cmd/result")) {
            Child node = Child.start(broker.uri(), tmp.resolve("state"));
            try {
                assertTrue(TestSubscriber.await(20, () -> sub.copy(sub.statuses).size() >= 5), "statuses flow: " + node.lines);
                try (RawMqtt hostile = new RawMqtt(broker.port(), "hostile-1", null, null)) {
                    hostile.publishHuge(Topics.cmd(NODE), HUGE, (byte) 'x', false);
                    hostile.publishHuge(Topics.cmd(NODE), HUGE, (byte) 'y', true);
                    assertTrue(TestSubscriber.await(30, () -> hostile.pubacks() == 2), "the broker took both 30 MB messages");
                }
                int before = sub.copy(sub.statuses).size();
                assertTrue(TestSubscriber.await(20, () -> sub.copy(sub.statuses).size() >= before + 15), "statuses go on");
                assertAnswered(broker, sub, "after-huge-1");
                String last = node.stop();
                assertTrue(last.startsWith("final connects=1 "), "one session, never reconnected: " + last + " " + node.lines);
                assertFalse(node.lines.toString().contains("OutOfMemoryError") || node.lines.toString().contains("uncaught"), node.lines.toString());
                assertGapsUnder(sub, 2.0);
            } finally {
                node.kill();
            }
            // the retained 30 MB command is still on the broker: a node starting now is not hurt by it
            sub.copy(sub.statuses);
            int seen = sub.copy(sub.statuses).size();
            Child again = Child.start(broker.uri(), tmp.resolve("state"));
            try {
                assertTrue(TestSubscriber.await(20, () -> sub.copy(sub.statuses).size() >= seen + 10), "a new node publishes: " + again.lines);
                assertAnswered(broker, sub, "after-huge-2");
                String last = again.stop();
                assertTrue(last.startsWith("final connects=1 "), last + " " + again.lines);
                assertFalse(again.lines.toString().contains("OutOfMemoryError") || again.lines.toString().contains("uncaught"), again.lines.toString());
            } finally {
                again.kill();
            }
        }
    }

    private static void assertAnswered(MosquittoProcess broker, TestSubscriber sub, String id) throws Exception {
        Command c = Command.newBuilder().setCorrelationId(id).setOperatorId("alice").setTargetNode(NODE)
                .setIssuedUnixMillis(System.currentTimeMillis())
                .setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(0.05)).build();
        sub.publish(Topics.cmd(NODE), Envelopes.wrap(c, null));
        assertTrue(TestSubscriber.await(15, () -> sub.result(id) != null), "answered: " + id);
        CommandResult r = sub.result(id);
        assertNotNull(r);
        assertTrue(r.getAccepted(), r.getReason());
    }

    private static void assertGapsUnder(TestSubscriber sub, double seconds) {
        List<Long> t = sub.copy(sub.statusArrivalNanos);
        long worst = 0;
        for (int i = 1; i < t.size(); i++) {
            worst = Math.max(worst, t.get(i) - t.get(i - 1));
        }
        System.out.println("oversized: " + t.size() + " statuses, longest gap " + worst / 1e9 + " s");
        assertTrue(worst < seconds * 1e9, "longest gap between statuses " + worst / 1e9 + " s");
    }

    /** The node in a child JVM with -Xmx64m. */
    private static final class Child {
        final Process process;
        final List<String> lines = new CopyOnWriteArrayList<>();

        private Child(Process p) {
            this.process = p;
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    String l;
                    while ((l = r.readLine()) != null) {
                        lines.add(l);
                    }
                } catch (IOException e) {
                    // process ended
                }
            }, "child-out");
            t.setDaemon(true);
            t.start();
        }

        static Child start(String uri, Path state) throws IOException {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                    SmallHeapNode.class.getName(), uri, NODE, state.toString()).redirectErrorStream(true).start();
            Child c = new Child(p);
            assertTrue(TestSubscriber.await(30, () -> c.lines.stream().anyMatch(l -> l.startsWith("ready"))), () -> "child started: " + c.lines);
            return c;
        }

        String stop() throws Exception {
            process.getOutputStream().close();
            assertTrue(process.waitFor(15, TimeUnit.SECONDS), "child stops");
            assertTrue(TestSubscriber.await(5, () -> lines.stream().anyMatch(l -> l.startsWith("final"))), lines::toString);
            return lines.stream().filter(l -> l.startsWith("final")).findFirst().orElseThrow();
        }

        void kill() {
            process.destroyForcibly();
        }
    }
}
