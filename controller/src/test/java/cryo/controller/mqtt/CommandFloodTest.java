package cryo.controller.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cryo.v1.Command;
import cryo.v1.CommandResult;
import cryo.v1.SetSetpoint;
import cryo.v1.Status;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18.2: a flood of commands through a real Mosquitto, written as fast as a socket takes
 * them: 5,000 valid and 5,000 invalid, at QoS 1 and again at QoS 0. Every one is answered —
 * run, refused by a check, or refused for load with {@code busy: resend} and the queue depth —
 * none is run twice, and the refusals for load are counted in Status and the audit log.
 */
class CommandFloodTest {
    private static final String NODE = "flood-1";
    private static final int EACH = 5000;

    @TempDir
    Path tmp;

    @Test
    void everyCommandOfAQos1FloodIsAnsweredAndNoneRunsTwice() throws Exception {
        flood(1);
    }

    @Test
    void everyCommandOfAQos0FloodIsAnsweredAndNoneRunsTwice() throws Exception {
        flood(0);
    }

    private void flood(int qos) throws Exception {
        assumeTrue(MosquittoProcess.available(), "mosquitto not installed");
        try (MosquittoProcess broker = MosquittoProcess.start(tmp.resolve("broker"), "max_queued_messages 0\n");
             NodeFixture n = new NodeFixture(NODE, BrokerOptions.plain(broker.uri()), tmp.resolve("state"), null, false, 0.2);
             TestSubscriber sub = new TestSubscriber(broker.uri(), NODE).only("cmd/result", "status")) {
            assertTrue(TestSubscriber.await(10, n.session::connected), "node up: " + n.session.lastError());
            long t0 = System.nanoTime();
            try (RawMqtt flood = new RawMqtt(broker.port(), "flooder-" + qos, null, null)) {
                for (int i = 0; i < EACH; i++) {
                    flood.publish(Topics.cmd(NODE), Envelopes.wrap(command("ok-" + i, NODE), null), qos, false);
                    flood.publish(Topics.cmd(NODE), Envelopes.wrap(command("bad-" + i, "elsewhere"), null), qos, false);
                }
                flood.flush();
                if (qos == 1) {
                    assertTrue(TestSubscriber.await(30, () -> flood.pubacks() == 2L * EACH), "the broker took all: " + flood.pubacks());
                }
                assertTrue(TestSubscriber.await(240, () -> answeredIds(sub) == 2 * EACH),
                        () -> "every command answered: " + answeredIds(sub) + " of " + 2 * EACH + ", busy " + n.commands.refusedForLoad()
                                + ", unanswered " + n.commands.unanswered() + ", " + n.commands.lastError());
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, CommandResult> first = new HashMap<>();
            int busy = 0;
            int accepted = 0;
            int refused = 0;
            for (CommandResult r : sub.copy(sub.results)) {
                if (first.putIfAbsent(r.getCorrelationId(), r) != null) {
                    continue;
                }
                if (r.getReason().startsWith(CommandAdapter.BUSY)) {
                    busy++;
                    assertTrue(r.getReason().contains("queued"), r.getReason());
                } else if (r.getAccepted()) {
                    accepted++;
                    assertTrue(r.getCorrelationId().startsWith("ok-"), r.toString());
                } else {
                    refused++;
                    assertTrue(r.getCorrelationId().startsWith("bad-") && r.getReason().contains("target_node"), r.toString());
                }
            }
            for (Map.Entry<String, Integer> e : n.ringApplied.entrySet()) {
                assertEquals(1, e.getValue(), "run once: " + e.getKey());
            }
            assertEquals(accepted, n.ringApplied.size(), "every accepted command was run once, no other");
            assertEquals(0, n.commands.unanswered(), "nothing left unanswered");
            assertEquals(busy, n.commands.refusedForLoad());
            long busyAudited = n.auditLines.stream().filter(l -> l.contains("reason=\"" + CommandAdapter.BUSY)).count();
            assertEquals(busy, busyAudited, "each refusal for load is in the audit log");
            if (busy > 0) {
                assertTrue(TestSubscriber.await(5, () -> {
                    List<Status> s = sub.copy(sub.statuses);
                    return !s.isEmpty() && s.get(s.size() - 1).getCommandsRefusedBusy() == n.commands.refusedForLoad();
                }), "the count is in Status");
            }
            assertTrue(n.commands.alive() && n.session.alive(), "threads alive");
            System.out.printf("flood qos %d: %d commands, answered %d (accepted %d, refused %d, busy %d), unanswered %d, %.1f s%n",
                    qos, 2 * EACH, first.size(), accepted, refused, busy, n.commands.unanswered(), seconds);
        }
    }

    private static int answeredIds(TestSubscriber sub) {
        return (int) sub.copy(sub.results).stream().map(CommandResult::getCorrelationId).distinct().count();
    }

    private static Command command(String id, String target) {
        return Command.newBuilder().setCorrelationId(id).setOperatorId("alice").setTargetNode(target)
                .setIssuedUnixMillis(System.currentTimeMillis())
                .setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(0.05)).build();
    }
}
