package cryo.controller.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.v1.CancelJob;
import cryo.v1.Command;
import cryo.v1.CommandResult;
import cryo.v1.Job;
import cryo.v1.SubmitJob;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job command's result names the job: its own id, the correlation id when it left the id empty, the cancelled one. */
class JobCommandResultTest {
    private static final String NODE = "jr-1";
    private static final long NOW = 1_700_000_000_000L;

    @TempDir
    Path tmp;

    @Test
    void theResultCarriesTheJobId() throws Exception {
        List<CommandResult> results = new CopyOnWriteArrayList<>();
        try (CommandLedger ledger = CommandLedger.open(tmp, 64); Outbox outbox = Outbox.open(tmp, 100)) {
            CommandAdapter adapter = new CommandAdapter(NODE, new CommandGate(NODE, null, false, 30_000, () -> NOW), ledger,
                    AuditLog.toSink(() -> NOW, l -> { }));
            adapter.attach(outbox, () -> 0L, () -> { }, () -> { });
            adapter.submitTo(c -> {
                adapter.onResult(c, true, "queued", 7);
                return true;
            }).start();
            try {
                Command.Builder base = Command.newBuilder().setOperatorId("alice").setTargetNode(NODE).setIssuedUnixMillis(NOW);
                Job.Builder job = Job.newBuilder().setLoops(1).setSequence(cryo.v1.PulseSequence.newBuilder().setName("s"));
                adapter.offer(Envelopes.wrap(base.clone().setCorrelationId("c-1")
                        .setSubmitJob(SubmitJob.newBuilder().setJob(job.clone().setId("rabi-7"))).build(), null));
                adapter.offer(Envelopes.wrap(base.clone().setCorrelationId("c-2")
                        .setSubmitJob(SubmitJob.newBuilder().setJob(job)).build(), null));
                adapter.offer(Envelopes.wrap(base.clone().setCorrelationId("c-3")
                        .setCancelJob(CancelJob.newBuilder().setJobId("rabi-7")).build(), null));
                assertTrue(TestSubscriber.await(5, () -> {
                    Outbox.Entry e;
                    try {
                        while ((e = outbox.peek()) != null) {
                            results.add(CommandResult.parseFrom(e.payload()));
                            outbox.markDelivered(e.seq());
                        }
                    } catch (Exception ex) {
                        throw new AssertionError(ex);
                    }
                    return results.size() == 3;
                }), "answered: " + results);
            } finally {
                adapter.close();
            }
        }
        assertEquals("rabi-7", results.get(0).getJobId());
        assertEquals("c-2", results.get(1).getJobId(), "an empty job id takes the correlation id");
        assertEquals("rabi-7", results.get(2).getJobId());
    }
}
