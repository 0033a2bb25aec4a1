package cryo.controller.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.sequencer.Sequences;
import cryo.v1.Command;
import cryo.v1.Envelope;
import cryo.v1.Job;
import cryo.v1.JobQueueState;
import cryo.v1.PulseSequence;
import cryo.v1.SubmitJob;
import org.junit.jupiter.api.Test;

/** Every bad submission or cancel is answered with the field and its limit, and the queue is unchanged. */
class JobBadInputTest {
    private static void refusedUnchanged(JobHarness h, String answer, String expected) {
        JobQueueState before = h.jobs().listed();
        assertTrue(answer.startsWith("refused: ") && answer.contains(expected), answer);
        h.run(0.1);
        assertEquals(before.getJobsList(), h.jobs().listed().getJobsList(), "the queue is unchanged");
    }

    /** A sequence that keeps one channel at full scale: about 5 mW on top of the 2 mW static part, for each channel. */
    static PulseSequence hot(int channels) {
        PulseSequence.Builder s = Sequences.channels("hot").clearChannels();
        for (int c = 0; c < channels; c++) {
            s.addChannels(cryo.v1.PulseChannel.newBuilder().setName("c" + c).setKind(cryo.v1.ChannelKind.CHANNEL_DRIVE).setBoardChannel(c).setMaxAmplitude(1.0));
            s.addPulses(Sequences.pulse("p" + c, "c" + c, 0, 1_000_000, Envelope.ENVELOPE_SQUARE).setAmplitude(1.0));
        }
        return s.setLengthTicks(1_000_000).build();
    }

    @Test
    void badJobsAreRefusedNamingTheFieldAndTheLimit() throws Exception {
        try (JobHarness h = JobHarness.bare(6, JobsConfig.DEFAULTS.withScheduler(SchedulerPolicy.FIFO).withCapacity(2))) {
            h.run(0.5);
            Job.Builder ok = JobRunTest.ramsey("a", 1000);
            refusedUnchanged(h, h.submit(ok.clone().setPriority(10)), "job.priority 10 outside 0..9");
            refusedUnchanged(h, h.submit(ok.clone().setLoops(0)), "job.loops 0 outside 1..1000000000");
            refusedUnchanged(h, h.submit(ok.clone().clearSequence()), "job.sequence: required");
            refusedUnchanged(h, h.submit(ok.clone().setId("no spaces")), "job.id: 1..64 characters");
            refusedUnchanged(h, h.submit(ok.clone().setDeclaredHeatJoules(-1)), "job.declared_heat_joules -1.0 outside 0..1000000");
            refusedUnchanged(h, h.submit(ok.clone().setOwner("x".repeat(65))), "job.owner: at most 64 characters (was 65)");
            refusedUnchanged(h, h.command(Command.newBuilder().setSubmitJob(SubmitJob.getDefaultInstance())), "submit_job.job: required");
            refusedUnchanged(h, h.submit(ok.clone().setSequence(hot(2))), "exceeds the 4 K plate budget of 10.000 mW");
            refusedUnchanged(h, h.cancel("nobody"), "cancel_job.job_id \"nobody\": no queued or running job has this id (unknown");
            String first = h.submit(JobRunTest.ramsey("a", 2_000_000));
            assertTrue(first.startsWith("accepted:"), first);
            h.run(0.5);
            refusedUnchanged(h, h.submit(JobRunTest.ramsey("a", 10)), "job.id \"a\" is already in use");
            assertTrue(h.submit(JobRunTest.ramsey("b", 10)).startsWith("accepted:"));
            refusedUnchanged(h, h.submit(JobRunTest.ramsey("c", 10)), "job queue full: jobs.capacity 2 jobs waiting or running");
        }
    }

    @Test
    void anEmptyIdTakesTheCorrelationIdWhichTheResultNames() {
        Command c = Command.newBuilder().setCorrelationId("op-42").setSubmitJob(SubmitJob.newBuilder().setJob(JobRunTest.ramsey("", 1))).build();
        assertEquals("op-42", JobValidation.jobId(c));
        assertTrue(JobValidation.problems(c).isEmpty());
        Command odd = c.toBuilder().setCorrelationId("not usable!").build();
        assertTrue(JobValidation.problems(odd).get(0).startsWith("job.id: empty, and the correlation id is not usable"), JobValidation.problems(odd).toString());
        assertEquals("j9", JobValidation.jobId(Command.newBuilder().setCancelJob(cryo.v1.CancelJob.newBuilder().setJobId("j9")).build()));
    }
}
