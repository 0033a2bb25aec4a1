package cryo.controller.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.v1.Command;
import cryo.v1.CommandResult;
import cryo.v1.SetSetpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replays: a repeat of an answered id is refused (not executed again) carrying the first answer;
 * a signed command whose id the ledger forgot (capacity) cannot run again inside its window,
 * across a restart and a compaction of the ledger too.
 */
class CommandReplayTest {
    private static final String NODE = "rp-1";
    private static final long NOW = 1_700_000_000_000L;
    private static final OperatorKeys.Key KEY = new OperatorKeys.Key("k1", "alice", "0123456789abcdef0123456789abcdef".getBytes());

    @TempDir
    Path tmp;

    /** A command adapter as the node runs it, with a ring that accepts everything at once and counts what it ran. */
    private final class Node implements AutoCloseable {
        final Map<String, Integer> ran = new ConcurrentHashMap<>();
        final List<CommandResult> results = new CopyOnWriteArrayList<>();
        final List<String> audit = new CopyOnWriteArrayList<>();
        final CommandLedger ledger;
        final Outbox outbox;
        final CommandAdapter adapter;

        Node(int ledgerCapacity, boolean signed) throws Exception {
            ledger = CommandLedger.open(tmp.resolve("state"), ledgerCapacity);
            outbox = Outbox.open(tmp.resolve("state"), 1000);
            CommandGate gate = new CommandGate(NODE, signed ? OperatorKeys.of(KEY) : null, signed, 30_000, () -> NOW);
            adapter = new CommandAdapter(NODE, gate, ledger, AuditLog.toSink(() -> NOW, audit::add));
            adapter.attach(outbox, () -> 0L, () -> { }, () -> { });
            adapter.submitTo(c -> {
                ran.merge(c.getCorrelationId(), 1, Integer::sum);
                adapter.onResult(c, true, "setpoint " + c.getSetSetpoint().getSetpointKelvin() + " K", 7);
                return true;
            }).start();
        }

        /** Sends one payload and returns the answer it got (bounded wait). */
        CommandResult send(byte[] payload) throws Exception {
            int before = results.size();
            adapter.offer(payload);
            assertTrue(TestSubscriber.await(5, () -> {
                drain();
                return results.size() > before;
            }), "answered: " + adapter.lastError());
            return results.get(results.size() - 1);
        }

        private synchronized void drain() {
            Outbox.Entry e;
            try {
                while ((e = outbox.peek()) != null) {
                    results.add(CommandResult.parseFrom(e.payload()));
                    outbox.markDelivered(e.seq());
                }
            } catch (Exception ex) {
                throw new AssertionError(ex);
            }
        }

        @Override
        public void close() throws Exception {
            adapter.close();
            outbox.close();
            ledger.close();
        }
    }

    private static Command setpoint(String id, long issuedUnixMillis, double kelvin) {
        return Command.newBuilder().setCorrelationId(id).setOperatorId("alice").setTargetNode(NODE).setIssuedUnixMillis(issuedUnixMillis)
                .setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(kelvin)).build();
    }

    @Test
    void aRepeatIsRefusedAsAReplayCarryingTheFirstOutcome() throws Exception {
        try (Node n = new Node(4096, false)) {
            byte[] env = Envelopes.wrap(setpoint("c-1", NOW, 0.05), null);
            CommandResult first = n.send(env);
            assertTrue(first.getAccepted() && !first.getDuplicate(), first.toString());
            CommandResult replay = n.send(env);
            assertFalse(replay.getAccepted(), "a replay is refused");
            assertTrue(replay.getDuplicate());
            assertEquals("replay of command c-1: not executed again (first result: accepted: setpoint 0.05 K)", replay.getReason());
            assertEquals(first, replay.getFirstResult(), "the original outcome, as first answered");
            assertEquals(1, n.ran.get("c-1"), "executed once");
            assertTrue(n.audit.stream().anyMatch(l -> l.contains(" duplicate ") && l.contains("verdict=refused") && l.contains("operator=\"alice\"")),
                    "audited: " + n.audit);
        }
    }

    @Test
    void aSignedCommandWhoseIdWasForgottenCannotRunAgainInsideItsWindow() throws Exception {
        List<byte[]> sent = new ArrayList<>();
        try (Node n = new Node(3, true)) {
            for (int i = 0; i < 5; i++) {
                byte[] env = Envelopes.wrap(setpoint("s-" + i, NOW - 10_000 + i * 1000, 0.05), KEY);
                sent.add(env);
                assertTrue(n.send(env).getAccepted());
            }
            // the ledger holds s-2..s-4: s-0 and s-1 were forgotten, yet both are still inside the 30 s window
            assertEquals(NOW - 9_000, n.ledger.forgottenIssuedUnixMillis());
            CommandResult r = n.send(sent.get(0));
            assertFalse(r.getAccepted());
            assertTrue(r.getReason().startsWith("possible replay: correlation_id 's-0' is not in the command ledger"), r.getReason());
            assertEquals(1, n.ran.get("s-0"), "a forgotten id is not executed again");
            assertTrue(n.send(Envelopes.wrap(setpoint("s-5", NOW, 0.06), KEY)).getAccepted(), "a fresh command runs");
        }
        try (Node n = new Node(3, true)) { // restarted: the horizon comes back from the ledger file
            assertFalse(n.send(sent.get(1)).getAccepted(), "s-1 forgotten before the restart: still refused");
            CommandResult dup = n.send(sent.get(4));
            assertTrue(dup.getDuplicate() && dup.getFirstResult().getAccepted(), dup.toString());
            for (int i = 6; i < 20; i++) {
                // issue times rise, as a real clock's do (a few ms ahead of the node's fixed clock: inside the window)
                assertTrue(n.send(Envelopes.wrap(setpoint("s-" + i, NOW + i, 0.05), KEY)).getAccepted());
            }
        }
        long before = Files.size(tmp.resolve("state/commands.log"));
        try (Node n = new Node(3, true)) { // opening compacts the ledger file (40 records for 3 ids)
            assertTrue(Files.size(tmp.resolve("state/commands.log")) < before, "compacted");
        }
        try (Node n = new Node(3, true)) {
            assertFalse(n.send(sent.get(0)).getAccepted(), "refused after a compaction too");
            assertFalse(n.send(sent.get(3)).getAccepted(), "s-3, forgotten since: refused");
            assertTrue(n.ran.isEmpty(), "nothing ran again: " + n.ran);
        }
    }
}
