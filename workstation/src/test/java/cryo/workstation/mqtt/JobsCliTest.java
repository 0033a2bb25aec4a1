package cryo.workstation.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cryo.controller.mqtt.BrokerOptions;
import cryo.controller.mqtt.MosquittoProcess;
import cryo.controller.mqtt.NodeFixture;
import cryo.workstation.cli.CryoMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cryo jobs submit|list|cancel} against a live node through Mosquitto: each prints the
 * node's result (exit 0 accepted, 3 refused); list shows the jobs with their measured heat; a bad
 * job, one over the whole budget, a duplicate id and an unknown cancel are refused in one line
 * naming the field and the limit, and leave the queue as it was.
 */
class JobsCliTest {
    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {
    }

    private static Run cryo(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CryoMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(code, out.toString().strip(), err.toString().strip());
    }

    @Test
    void submitListAndCancelThroughTheBroker() throws Exception {
        assumeTrue(MosquittoProcess.available());
        try (MosquittoProcess broker = MosquittoProcess.start(tmp.resolve("mosquitto"), "");
             NodeFixture n = new NodeFixture("jobs-1", BrokerOptions.plain(broker.uri()), tmp.resolve("state"), null, false, 0.2)) {
            String b = broker.uri();
            String ramsey = "../examples/ramsey.txtpb";

            // a long job (100 s of 1 ms passes) and a short one behind it
            Run long1 = cryo("jobs", "submit", ramsey, "--node", "jobs-1", "--broker", b, "--id", "long-1", "--loops", "100000",
                    "--priority", "3", "--kind", "ramsey", "--operator", "alice");
            assertEquals(0, long1.code(), long1.toString());
            assertTrue(long1.out().startsWith("accepted: job long-1: "), long1.out());
            Run short1 = cryo("jobs", "submit", ramsey, "--node", "jobs-1", "--broker", b, "--id", "short-1", "--loops", "5", "--kind", "ramsey");
            assertEquals(0, short1.code(), short1.toString());

            // refused, one line each, naming the field and the limit; the queue keeps its two jobs
            Run dup = cryo("jobs", "submit", ramsey, "--node", "jobs-1", "--broker", b, "--id", "long-1");
            assertEquals(3, dup.code(), dup.toString());
            assertTrue(dup.out().startsWith("refused: ") && dup.out().contains("long-1") && dup.out().lines().count() == 1, dup.out());
            Path hot = tmp.resolve("hot.txtpb");
            Files.writeString(hot, "name: \"hot\" version: 1 length_ticks: 1000000\n"
                    + "channels { name: \"a\" kind: CHANNEL_DRIVE board_channel: 0 max_amplitude: 1.0 }\n"
                    + "channels { name: \"b\" kind: CHANNEL_DRIVE board_channel: 1 max_amplitude: 1.0 }\n"
                    + "channels { name: \"c\" kind: CHANNEL_FLUX_BIAS board_channel: 2 max_amplitude: 1.0 }\n"
                    + "pulses { name: \"a\" channel: \"a\" start_ticks: 0 duration_ticks: 1000000 amplitude: 1.0 envelope: ENVELOPE_SQUARE }\n"
                    + "pulses { name: \"b\" channel: \"b\" start_ticks: 0 duration_ticks: 1000000 amplitude: 1.0 envelope: ENVELOPE_SQUARE }\n"
                    + "pulses { name: \"c\" channel: \"c\" start_ticks: 0 duration_ticks: 1000000 amplitude: 1.0 envelope: ENVELOPE_SQUARE }\n");
            Run overBudget = cryo("jobs", "submit", hot.toString(), "--node", "jobs-1", "--broker", b, "--loops", "100000");
            assertEquals(3, overBudget.code(), overBudget.toString());
            assertTrue(overBudget.out().contains("budget") && overBudget.out().lines().count() == 1, overBudget.out());
            Path bad = tmp.resolve("bad.txtpb");
            Files.writeString(bad, "name: \"bad\" version: 1 length_ticks: 1000\n"
                    + "channels { name: \"a\" kind: CHANNEL_DRIVE board_channel: 0 max_amplitude: 0.5 }\n"
                    + "pulses { name: \"p\" channel: \"a\" start_ticks: 0 duration_ticks: 40 amplitude: 0.9 envelope: ENVELOPE_SQUARE }\n");
            Run invalid = cryo("jobs", "submit", bad.toString(), "--node", "jobs-1", "--broker", b);
            assertEquals(3, invalid.code(), invalid.toString());
            assertTrue(invalid.out().contains("amplitude") && invalid.out().lines().count() == 1, invalid.out());
            Run unknown = cryo("jobs", "cancel", "no-such-job", "--node", "jobs-1", "--broker", b);
            assertEquals(3, unknown.code(), unknown.toString());
            assertTrue(unknown.out().contains("no-such-job") && unknown.out().lines().count() == 1, unknown.out());

            Run list = awaitList(b, l -> l.contains("long-1") && l.contains("short-1"), "both jobs listed");
            assertTrue(list.out().startsWith("jobs-1: scheduler thermal, "), list.out());

            // cancelling the long job lets the short one run; list then shows it done with its heat measured
            Run cancel = cryo("jobs", "cancel", "long-1", "--node", "jobs-1", "--broker", b, "--operator", "bob");
            assertEquals(0, cancel.code(), cancel.toString());
            assertTrue(cancel.out().startsWith("accepted: job long-1: "), cancel.out());
            Run after = awaitList(b, l -> l.lines().anyMatch(x -> x.startsWith("short-1") && x.contains(" done ")), "short-1 done");
            String shortLine = after.out().lines().filter(x -> x.startsWith("short-1")).findFirst().orElseThrow();
            assertTrue(shortLine.matches("short-1 +done +\\S+ +\\S+ ramsey +5 +\\d+\\.\\d{4} .*"), shortLine);
            assertTrue(after.out().lines().anyMatch(x -> x.startsWith("long-1") && x.contains(" cancelled ") && x.contains("cancelled by bob")),
                    after.out());
        }
    }

    private static Run awaitList(String broker, java.util.function.Predicate<String> ok, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Run r;
        do {
            r = cryo("jobs", "list", "--node", "jobs-1", "--broker", broker, "--timeout", "5");
            if (r.code() == 0 && ok.test(r.out())) {
                return r;
            }
            LockSupport.parkNanos(200_000_000L);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("timed out waiting for " + what + "; last: " + r);
    }
}
