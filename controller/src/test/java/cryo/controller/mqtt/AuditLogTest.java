package cryo.controller.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.v1.Command;
import cryo.v1.SetSetpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log as cryo run opens it: lines on disk, appended across restarts, one result line per command with its operator. */
class AuditLogTest {
    private static final long NOW = 1_790_000_000_000L; // 2026-09-21T...Z

    @TempDir
    Path tmp;

    @Test
    void linesAreWrittenToTheFileAndAppendedAfterAReopen() throws Exception {
        Path file = tmp.resolve("state/audit.log"); // the directory is created
        try (AuditLog a = AuditLog.open(file, () -> NOW)) {
            a.record("result", "id-1", "alice", "k-alice", "SET_SETPOINT", "accepted", "setpoint 0.05 K");
            a.record("result", "id-2", "bob", "", "SET_MODE", "refused", "unsigned command refused");
            assertEquals(2, Files.readAllLines(file).size(), "on disk before close (forced per line)");
        }
        try (AuditLog a = AuditLog.open(file, () -> NOW + 1000)) {
            a.record("duplicate", "id-1", "alice", "k-alice", "SET_SETPOINT", "refused", "replay of command id-1");
        }
        List<String> lines = Files.readAllLines(file);
        assertEquals(List.of(
                "2026-09-21T14:13:20Z result id=\"id-1\" operator=\"alice\" key=\"k-alice\" action=SET_SETPOINT verdict=accepted reason=\"setpoint 0.05 K\"",
                "2026-09-21T14:13:20Z result id=\"id-2\" operator=\"bob\" key=\"\" action=SET_MODE verdict=refused reason=\"unsigned command refused\"",
                "2026-09-21T14:13:21Z duplicate id=\"id-1\" operator=\"alice\" key=\"k-alice\" action=SET_SETPOINT verdict=refused reason=\"replay of command id-1\""),
                lines);
    }

    @Test
    void everyCommandThroughTheAdapterHasOneResultLineWithItsOperator() throws Exception {
        Path file = tmp.resolve("audit.log");
        try (AuditLog audit = AuditLog.open(file, () -> NOW);
             Outbox outbox = Outbox.open(tmp.resolve("state"), 100);
             CommandLedger ledger = CommandLedger.open(tmp.resolve("state"), 100)) {
            CommandAdapter adapter = new CommandAdapter("au-1", new CommandGate("au-1", null, false, 30_000, () -> NOW), ledger, audit);
            adapter.attach(outbox, () -> 0L, () -> { }, () -> { });
            adapter.submitTo(c -> {
                adapter.onResult(c, true, "ok", 1);
                return true;
            }).start();
            try {
                String[][] commands = {{"a-1", "alice", "au-1"}, {"a-2", "bob", "au-1"}, {"a-3", "carol", "other-node"}};
                for (String[] c : commands) {
                    adapter.offer(Envelopes.wrap(Command.newBuilder().setCorrelationId(c[0]).setOperatorId(c[1]).setTargetNode(c[2])
                            .setIssuedUnixMillis(NOW).setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(0.05)).build(), null));
                }
                assertTrue(TestSubscriber.await(5, () -> {
                    try {
                        return Files.readAllLines(file).stream().filter(l -> l.contains(" result ")).count() == 3;
                    } catch (java.io.IOException e) {
                        return false;
                    }
                }), "a result line per command");
                List<String> results = Files.readAllLines(file).stream().filter(l -> l.contains(" result ")).toList();
                for (String[] c : commands) {
                    assertEquals(1, results.stream().filter(l -> l.contains("id=\"" + c[0] + "\" operator=\"" + c[1] + "\"")).count(), c[0] + ": " + results);
                }
                assertTrue(results.stream().anyMatch(l -> l.contains("id=\"a-3\"") && l.contains("verdict=refused")), "refusals too: " + results);
            } finally {
                adapter.close();
            }
        }
    }
}
