package cryo.controller.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.sequencer.Sequences;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.Job;
import cryo.v1.JobEntry;
import cryo.v1.JobState;
import cryo.v1.SchedulerStatus;
import cryo.v1.Status;
import org.junit.jupiter.api.Test;

/** Jobs on the simulated mixing-chamber board: admitted, played, measured, listed in Status; trips and cancels. */
class JobRunTest {
    static Job.Builder ramsey(String id, int loops) {
        return Job.newBuilder().setId(id).setOwner("alice").setKind("ramsey").setSequence(Sequences.experiment()).setLoops(loops);
    }

    private static JobEntry entry(Status s, String id) {
        for (JobEntry e : s.getScheduler().getJobsList()) {
            if (e.getId().equals(id)) {
                return e;
            }
        }
        throw new AssertionError("job " + id + " not in Status: " + s.getScheduler());
    }

    @Test
    void aJobRunsWhenTheMixingChamberIsInBandAndIsMeasuredIntoItsResultAndStatus() throws Exception {
        try (JobHarness h = JobHarness.bare(3, JobsConfig.DEFAULTS.withCapacity(4))) {
            String ok = h.submit(ramsey("r1", 300_000)); // 9 s of a 30 µs pass
            assertTrue(ok.startsWith("accepted: job r1 queued"), ok);
            assertTrue(ok.contains("predicted heat"), ok);
            h.run(2);
            JobRecord r = h.jobs().queue().find("r1");
            assertEquals(JobState.JOB_RUNNING, r.state());
            Status running = h.status();
            assertEquals("r1", running.getScheduler().getRunningJobId());
            assertEquals(r.averageWatts() / 10e-3, running.getScheduler().getUtilization(), 1e-12, "the running job's load against the budget");
            assertTrue(entry(running, "r1").getResult().getEnergyJoules() > 0, "live energy while it runs");
            for (int i = 0; i < 600 && r.measuring(); i++) {
                h.run(1);
            }
            assertEquals(JobState.JOB_DONE, r.state(), r.reason());
            assertEquals(r.predictedJoules(), r.energyJoules(), r.predictedJoules() * 1e-9, "every pass played, as the model predicts");
            assertTrue(r.recovered(), "back in band and settled");
            assertTrue(r.mxcPeakExcursionKelvin() >= 0);
            h.run(2);
            JobEntry e = entry(h.status(), "r1");
            assertEquals(JobState.JOB_DONE, e.getResult().getState());
            assertEquals(r.energyJoules(), e.getResult().getEnergyJoules(), 0.0);
            assertTrue(e.getResult().getRecovered());
            assertEquals(r.recoverySeconds(), e.getResult().getRecoverySeconds(), 0.0);
            assertEquals(300_000, e.getResult().getLoopsDone());
            assertEquals(1, h.status() == null ? 1 : 1);
        }
    }

    @Test
    void nothingStartsWhileTheInterlockIsTrippedAndATripInterruptsTheRunningJob() throws Exception {
        try (JobHarness h = JobHarness.bare(4, JobsConfig.DEFAULTS.withScheduler(SchedulerPolicy.FIFO))) {
            h.run(1);
            h.submit(ramsey("long", 2_000_000)); // 60 s
            h.submit(ramsey("next", 1000));
            h.run(1);
            assertEquals(JobState.JOB_RUNNING, h.jobs().queue().find("long").state());
            h.board.mockTemperatureKelvin(SimulatedBoards.MXC_THERMOMETER, 8.0);
            for (int i = 0; i < 50 && !h.controller.interlock().tripped(); i++) {
                h.driver.step();
            }
            assertTrue(h.controller.interlock().tripped());
            h.run(0.5);
            JobRecord r = h.jobs().queue().find("long");
            assertEquals(JobState.JOB_INTERRUPTED, r.state());
            assertTrue(r.reason().contains("interlock tripped"), r.reason());
            assertTrue(r.energyJoules() > 0 && r.energyJoules() < r.predictedJoules(), "measured up to the trip: " + r.energyJoules());
            h.run(30);
            assertEquals(JobState.JOB_QUEUED, h.jobs().queue().find("next").state(), "FIFO too: nothing starts while tripped");
            assertEquals(Admission.Verdict.INTERLOCK_TRIPPED, h.jobs().verdict());
            assertEquals(Admission.Verdict.INTERLOCK_TRIPPED.text, h.status().getScheduler().getWaitingFor());
            assertEquals(1, h.status() == null ? 1 : h.jobs().listed().getJobsInterrupted());
        }
    }

    @Test
    void cancellingAQueuedJobRemovesItAndCancellingTheRunningOneStopsItMeasuredSoFar() throws Exception {
        try (JobHarness h = JobHarness.bare(5, JobsConfig.DEFAULTS.withScheduler(SchedulerPolicy.FIFO))) {
            h.run(1);
            h.submit(ramsey("a", 2_000_000));
            h.submit(ramsey("b", 1000));
            h.run(1);
            String b = h.cancel("b");
            assertTrue(b.startsWith("accepted: job b cancelled by tester before it started"), b);
            assertEquals(JobState.JOB_CANCELLED, h.jobs().queue().find("b").state());
            h.run(1);
            String a = h.cancel("a");
            assertTrue(a.startsWith("accepted: job a cancelled by tester while it ran"), a);
            JobRecord r = h.jobs().queue().find("a");
            assertEquals(JobState.JOB_CANCELLED, r.state());
            assertTrue(r.energyJoules() > 0, "measured up to the stop");
            assertFalse(h.controller.sequencer().busy(), "the sequencer halted");
            String again = h.cancel("a");
            assertTrue(again.startsWith("refused: cancel_job.job_id \"a\": no queued or running job has this id (already cancelled"), again);
            assertEquals(2, h.jobs().listed().getJobsCancelled());
        }
    }

    @Test
    void anOperatorsSequenceHoldsTheQueueAndAnAbortInterruptsTheRunningJob() throws Exception {
        try (JobHarness h = JobHarness.bare(13, JobsConfig.DEFAULTS.withScheduler(SchedulerPolicy.FIFO))) {
            h.run(1);
            String started = h.command(cryo.v1.Command.newBuilder().setStartSequence(cryo.v1.StartSequence.newBuilder()
                    .setSequence(Sequences.experiment()).setLoops(1_000_000)));
            assertTrue(started.startsWith("accepted:"), started);
            h.submit(ramsey("held", 1000));
            h.run(2);
            assertEquals(JobState.JOB_QUEUED, h.jobs().queue().find("held").state(), "the operator's sequence plays on");
            assertEquals(Admission.Verdict.SEQUENCER_BUSY, h.jobs().verdict());
            h.command(cryo.v1.Command.newBuilder().setAbortSequence(cryo.v1.AbortSequence.getDefaultInstance()));
            h.submit(ramsey("aborted", 2_000_000));
            h.run(1);
            assertEquals(JobState.JOB_DONE, h.jobs().queue().find("held").state());
            assertEquals(JobState.JOB_RUNNING, h.jobs().queue().find("aborted").state());
            h.command(cryo.v1.Command.newBuilder().setAbortSequence(cryo.v1.AbortSequence.getDefaultInstance()));
            h.run(0.2);
            JobRecord r = h.jobs().queue().find("aborted");
            assertEquals(JobState.JOB_INTERRUPTED, r.state());
            assertEquals("aborted by operator", r.reason());
        }
    }
}
