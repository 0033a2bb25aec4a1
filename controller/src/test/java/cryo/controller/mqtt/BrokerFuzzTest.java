package cryo.controller.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cryo.v1.CommandResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: 100,000 fuzz inputs (valid commands of every action type, random bytes, truncated and
 * mutated envelopes, extreme values, payloads over the gate's size limit) through a real
 * Mosquitto to a node, at QoS 1, as fast as the node answers (at most {@link #WINDOW} unanswered
 * at a time, so the refusals for load never overflow). Zero crashes, every input answered once
 * (a result, a refusal by a check, or {@code busy: resend}), no answer twice, nothing run twice,
 * one session throughout.
 *
 * <p>Which answer belongs to which input: the test asks its own {@link CommandGate} (and
 * {@link CommandGate#peekIds}, what a refusal for load is answered with) which correlation id the
 * node will read from each input, since a mutation can turn one input's id into another's.
 */
class BrokerFuzzTest {
    private static final String NODE = "fuzz-1";
    private static final int INPUTS = 100_000;
    private static final int WINDOW = 4_000;

    @TempDir
    Path tmp;

    @Test
    void hundredThousandInputsThroughMosquittoAreEachAnsweredOnce() throws Exception {
        assumeTrue(MosquittoProcess.available(), "mosquitto not installed");
        FuzzInputs inputs = new FuzzInputs(20261203L, NODE);
        CommandGate judge = new CommandGate(NODE, null, false, 30_000, () -> 1_700_000_000_000L);
        Map<String, Integer> sure = new HashMap<>();  // inputs whose id is this, whoever answers
        Map<String, Integer> maybe = new HashMap<>(); // inputs answered with this id by one path and another id by the other
        try (MosquittoProcess broker = MosquittoProcess.start(tmp.resolve("broker"), "max_queued_messages 0\n");
             NodeFixture n = new NodeFixture(NODE, BrokerOptions.plain(broker.uri()), tmp.resolve("state"), null, false, 0.2);
             TestSubscriber sub = new TestSubscriber(broker.uri(), NODE).only("cmd/result", "status")) {
            assertTrue(TestSubscriber.await(10, () -> n.session.connected() && !sub.copy(sub.statuses).isEmpty()), n.session.lastError());
            long connects = n.session.connects();
            String load = Files.readString(Path.of("/proc/loadavg")).trim();
            long t0 = System.nanoTime();
            long deadline = t0 + 240_000_000_000L;
            try (RawMqtt fuzz = new RawMqtt(broker.port(), "fuzzer", null, null)) {
                for (int i = 0; i < INPUTS; i++) {
                    byte[] p = inputs.next(i);
                    String gateId = judge.check(p).correlationId();
                    String peekId = CommandGate.peekIds(p).correlationId();
                    if (gateId.equals(peekId)) {
                        sure.merge(gateId, 1, Integer::sum);
                    } else {
                        maybe.merge(gateId, 1, Integer::sum);
                        maybe.merge(peekId, 1, Integer::sum);
                    }
                    if (i - answered(sub) >= WINDOW) {
                        fuzz.flush();
                        while (i - answered(sub) >= WINDOW / 2 && System.nanoTime() < deadline) {
                            LockSupport.parkNanos(1_000_000L);
                        }
                    }
                    fuzz.publish(Topics.cmd(NODE), p, 1, false);
                }
                fuzz.flush();
                assertTrue(TestSubscriber.await((deadline - System.nanoTime()) / 1e9, () -> answered(sub) >= INPUTS),
                        () -> "every input answered: " + answered(sub) + " of " + INPUTS + "; " + n.commands.lastError() + " " + n.session.lastError());
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            // a duplicate would arrive after the last expected answer: give it a moment, fenced by statuses
            int statusesNow = sub.copy(sub.statuses).size();
            assertTrue(TestSubscriber.await(5, () -> sub.copy(sub.statuses).size() > statusesNow + 3), "statuses keep coming");

            List<CommandResult> results = sub.copy(sub.results);
            Map<String, Integer> answers = new HashMap<>();
            int busy = 0;
            int accepted = 0;
            for (CommandResult r : results) {
                answers.merge(r.getCorrelationId(), 1, Integer::sum);
                assertTrue(!r.getReason().isBlank() || r.getAccepted(), () -> "a refusal names its reason: " + r);
                assertTrue(!r.getReason().startsWith(CommandGate.INTERNAL_ERROR), () -> "refused by a rule, not by a crash: " + r);
                assertTrue(!r.getHistorical(), () -> "answered on the live session, not replayed after a reconnect: " + r);
                if (r.getReason().startsWith(CommandAdapter.BUSY)) {
                    busy++;
                } else if (r.getAccepted()) {
                    accepted++;
                }
            }
            List<String> wrong = new ArrayList<>();
            for (Map.Entry<String, Integer> a : answers.entrySet()) {
                int min = sure.getOrDefault(a.getKey(), 0);
                int max = min + maybe.getOrDefault(a.getKey(), 0);
                if (a.getValue() < min || a.getValue() > max) {
                    wrong.add("'" + a.getKey() + "' answered " + a.getValue() + "x for " + min + ".." + max + " inputs");
                }
            }
            for (Map.Entry<String, Integer> s : sure.entrySet()) {
                if (!answers.containsKey(s.getKey())) {
                    wrong.add("'" + s.getKey() + "' never answered (" + s.getValue() + " inputs)");
                }
            }
            assertEquals(INPUTS, results.size(), "one answer per input, none twice");
            assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())), wrong.size() + " ids answered other than once per input");
            for (Map.Entry<String, Integer> e : n.ringApplied.entrySet()) {
                assertEquals(1, e.getValue(), "run once: " + e.getKey());
            }
            assertEquals(connects, n.session.connects(), "one session throughout: " + n.session.lastError());
            assertEquals(0, n.gate.internalErrors(), "no input made the checks throw");
            assertEquals(0, n.commands.unanswered());
            assertEquals("", n.commands.lastError());
            assertTrue(n.commands.alive() && n.session.alive() && n.controller.ring().thread().isAlive(), "threads alive");
            System.out.printf("broker fuzz: %d inputs, %d answered (%d run, %d refused by a check, %d busy), 0 crashes, %d reconnects,"
                            + " %.1f s; load average before %s, after %s%n", INPUTS, results.size(), accepted, results.size() - accepted - busy,
                    busy, n.session.connects() - connects, seconds, load, Files.readString(Path.of("/proc/loadavg")).trim());
        }
    }

    private static int answered(TestSubscriber sub) {
        synchronized (sub) {
            return sub.results.size();
        }
    }
}
