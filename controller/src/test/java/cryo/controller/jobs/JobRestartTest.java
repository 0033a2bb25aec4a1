package cryo.controller.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.sim.board.SimulatedBoards;
import cryo.v1.JobState;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The queue survives a restart of the node on its state directory: waiting jobs wait on in their
 * order, the job that was running is reported interrupted and never run again, learned cooldowns
 * and counters return; a damaged state file is set aside and the node still starts.
 */
class JobRestartTest {
    @Test
    void theQueueSurvivesARestartAndTheRunningJobIsReportedInterruptedNotRerun(@TempDir Path dir) throws Exception {
        JobsConfig fifo = JobsConfig.DEFAULTS.withScheduler(SchedulerPolicy.FIFO);
        try (JobHarness h = JobHarness.node(SimulatedBoards.mixingChamber(7), dir, fifo)) {
            h.run(1);
            h.submit(JobRunTest.ramsey("first", 2_000_000).setPriority(2));
            h.submit(JobRunTest.ramsey("second", 1000).setPriority(1));
            h.submit(JobRunTest.ramsey("third", 1000).setPriority(9).setDeclaredHeatJoules(0.5));
            h.run(2);
            assertEquals(JobState.JOB_RUNNING, h.jobs().queue().find("first").state());
            assertEquals(2, h.jobs().queue().waitingCount());
        } // the node stops with "first" running
        assertTrue(Files.exists(dir.resolve(JobStore.FILE)));

        try (JobHarness h = JobHarness.node(SimulatedBoards.mixingChamber(8), dir, fifo)) {
            JobRecord first = h.jobs().queue().find("first");
            assertEquals(JobState.JOB_INTERRUPTED, first.state(), "reported before the first tick");
            assertTrue(first.reason().contains("the node stopped while the job ran"), first.reason());
            assertEquals(2, h.jobs().queue().waitingCount());
            assertEquals("second", h.jobs().queue().waiting(0).id(), "in their submission order");
            assertEquals(0.5, h.jobs().queue().find("third").declaredJoules(), 0.0);
            assertEquals(1, h.jobs().listed().getJobsInterrupted());
            h.run(1);
            assertEquals(JobState.JOB_INTERRUPTED, first.state(), "never run again");
            assertTrue(h.controller.sequencer().plan().compiled().name().equals("ramsey"));
            assertEquals(JobState.JOB_RUNNING == h.jobs().queue().find("second").state()
                    || JobState.JOB_DONE == h.jobs().queue().find("second").state(), true, "the next in line ran instead");
            for (int i = 0; i < 30 && h.jobs().queue().size() > 0; i++) {
                h.run(1);
            }
            assertEquals(JobState.JOB_DONE, h.jobs().queue().find("third").state());
        }
        try (JobHarness h = JobHarness.node(SimulatedBoards.mixingChamber(9), dir, fifo)) {
            assertEquals(0, h.jobs().queue().size(), "nothing left to run");
            assertEquals(JobState.JOB_INTERRUPTED, h.jobs().queue().find("first").state(), "reported once, still interrupted");
            assertEquals(1, h.jobs().listed().getJobsInterrupted(), "counted once across restarts");
            assertEquals(2, h.jobs().listed().getJobsDone());
        }
        String audit = Files.readString(dir.resolve("audit.log"));
        assertTrue(audit.contains("job id=\"first\" operator=\"alice\" key=\"-\" action=JOB verdict=interrupted reason=\"the node stopped while the job ran"), audit);
        assertTrue(audit.contains("verdict=done"), audit);
    }

    @Test
    void theLearnedRiseOfAKindSurvivesARestart(@TempDir Path dir) throws Exception {
        double learned;
        try (JobHarness h = JobHarness.node(SimulatedBoards.mixingChamber(11), dir, JobsConfig.DEFAULTS)) {
            h.run(1);
            h.submit(JobRunTest.ramsey("r1", 1000));
            for (int i = 0; i < 300 && h.jobs().headroom().samples("ramsey") == 0; i++) {
                h.run(1);
            }
            assertEquals(1, h.jobs().headroom().samples("ramsey"), "measured once");
            learned = h.jobs().headroom().riseKelvin("ramsey", 1.0);
            assertTrue(learned != 0.05, "the measured rise replaced the prior: " + learned);
        }
        try (JobHarness h = JobHarness.node(SimulatedBoards.mixingChamber(12), dir, JobsConfig.DEFAULTS)) {
            assertEquals(1, h.jobs().headroom().samples("ramsey"));
            assertEquals(learned, h.jobs().headroom().riseKelvin("ramsey", 1.0), 0.0, "back from jobs.state, not the prior");
        }
    }

    @Test
    void aDamagedStateFileIsSetAsideAndTheNodeStartsWithAnEmptyQueue(@TempDir Path dir) throws Exception {
        Files.write(dir.resolve(JobStore.FILE), new byte[] {(byte) 0xFF, 0x01, 0x02, 0x03, 0x7F});
        try (JobHarness h = JobHarness.node(SimulatedBoards.mixingChamber(10), dir, JobsConfig.DEFAULTS)) {
            assertEquals(0, h.jobs().queue().size());
            assertNull(h.jobs().queue().find("x"));
            h.run(0.5);
        }
        assertTrue(Files.exists(dir.resolve(JobStore.FILE + ".bad")));
        assertTrue(Files.readString(dir.resolve("audit.log")).contains("moved to jobs.state.bad"));
    }
}
