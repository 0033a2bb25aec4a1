package cryo.workstation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.v1.Job;
import cryo.v1.JobEntry;
import cryo.v1.JobResult;
import cryo.v1.JobState;
import cryo.v1.PulseSequence;
import cryo.v1.SchedulerStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code cryo jobs}: what submit sends, a flag out of range in one line, what list shows. */
class JobsCommandTest {
    private static final Path RAMSEY = Path.of("../examples/ramsey.txtpb");

    @Test
    void submitSendsTheSequenceWithItsFlags() {
        PulseSequence s = SequenceCommand.read(RAMSEY);
        Job j = JobsCommand.job(s, 7, 100, "ramsey-1", "ramsey", "alice", 0.25);
        assertEquals(s, j.getSequence());
        assertEquals(7, j.getPriority());
        assertEquals(100, j.getLoops());
        assertEquals("ramsey-1", j.getId());
        assertEquals("ramsey", j.getKind());
        assertEquals("alice", j.getOwner());
        assertEquals(0.25, j.getDeclaredHeatJoules());
        Job plain = JobsCommand.job(s, 0, 1, null, null, null, null);
        assertEquals("", plain.getId(), "the node assigns the id");
        assertFalse(plain.hasDeclaredHeatJoules(), "no estimate declared");
    }

    @Test
    void aFlagOutOfRangeIsOneLineNamingItAndTheLimit() {
        PulseSequence s = SequenceCommand.read(RAMSEY);
        assertEquals("--priority 10 outside 0..9", assertThrows(UserError.class, () -> JobsCommand.job(s, 10, 1, null, null, null, null)).getMessage());
        assertEquals("--priority -1 outside 0..9", assertThrows(UserError.class, () -> JobsCommand.job(s, -1, 1, null, null, null, null)).getMessage());
        assertEquals("--loops 0 outside 1..4294967295 (a job must end)",
                assertThrows(UserError.class, () -> JobsCommand.job(s, 0, 0, null, null, null, null)).getMessage());
        assertEquals("--heat-joules NaN outside 0..1000000 J",
                assertThrows(UserError.class, () -> JobsCommand.job(s, 0, 1, null, null, null, Double.NaN)).getMessage());
    }

    @Test
    void badInputOnTheCommandLineIsOneLineOnStderrAndNoStackTrace() {
        StringWriter err = new StringWriter();
        int code = CryoMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "jobs", "submit", RAMSEY.toString(),
                "--priority", "12", "--broker", "tcp://127.0.0.1:1");
        assertEquals(1, code);
        assertEquals("cryo: --priority 12 outside 0..9", err.toString().strip());
        err.getBuffer().setLength(0);
        code = CryoMain.execute(new PrintWriter(new StringWriter()), new PrintWriter(err), "jobs", "submit", "no-such-job.txtpb");
        assertEquals(1, code);
        assertTrue(err.toString().strip().startsWith("cryo: no-such-job.txtpb: no such file"), err.toString());
        assertEquals(1, err.toString().strip().lines().count());
    }

    @Test
    void listShowsTheSchedulerAndEachJobsMeasuredHeat() {
        SchedulerStatus q = SchedulerStatus.newBuilder().setPolicy("thermal").setQueued(1).setCapacity(64).setRunningJobId("a")
                .setLoadWatts(6e-3).setBudgetWatts(10e-3).setUtilization(0.6).setCooldownRemainingSeconds(0).setJobsDone(1)
                .setWaitingFor("the sequencer is playing a sequence")
                .addJobs(JobEntry.newBuilder().setId("a").setOwner("alice").setPriority(5).setEffectivePriority(5).setKind("heavy").setLoops(300)
                        .setResult(JobResult.newBuilder().setJobId("a").setState(JobState.JOB_RUNNING).setStartedBoardTicks(5_000_000_000L)
                                .setEnergyJoules(0.1234).setMxcPeakExcursionKelvin(4.2e-3).setPlate4KPeakExcursionKelvin(8e-3)))
                .addJobs(JobEntry.newBuilder().setId("b").setOwner("bob").setPriority(1).setEffectivePriority(2.5).setKind("light").setLoops(10)
                        .setResult(JobResult.newBuilder().setJobId("b").setState(JobState.JOB_QUEUED)))
                .addJobs(JobEntry.newBuilder().setId("c").setOwner("carol").setPriority(3).setEffectivePriority(3).setKind("light").setLoops(10)
                        .setResult(JobResult.newBuilder().setJobId("c").setState(JobState.JOB_DONE).setStartedBoardTicks(1_000_000_000L)
                                .setEndedBoardTicks(2_000_000_000L).setEnergyJoules(0.02).setMxcPeakExcursionKelvin(1e-3)
                                .setPlate4KPeakExcursionKelvin(2e-3).setRecovered(true).setRecoverySeconds(31.5)))
                .build();
        List<String> lines = JobsCommand.format("sim-1", q);
        assertEquals("sim-1: scheduler thermal, 1/64 queued, running a, load 6.00 of 10.00 mW (60 %), cooldown 0 s, done 1, interrupted 0, "
                + "cancelled 0, refused 0; waiting: the sequencer is playing a sequence", lines.get(0));
        assertTrue(lines.get(1).startsWith("ID "), lines.get(1));
        assertTrue(lines.get(2).matches("a +running +alice +5\\.0 heavy +300 +0\\.1234 +4\\.200 +8\\.00 +- *"), lines.get(2));
        assertTrue(lines.get(3).matches("b +queued +bob +2\\.5 light +10 +- +- +- +- *"), lines.get(3));
        assertTrue(lines.get(4).matches("c +done +carol +3\\.0 light +10 +0\\.0200 +1\\.000 +2\\.00 +31\\.5 s *"), lines.get(4));
        assertEquals(List.of("n: scheduler -, 0/0 queued, running -, load 0.00 of 0.00 mW (0 %), cooldown 0 s, done 0, interrupted 0, cancelled 0, refused 0",
                "n: no jobs"), JobsCommand.format("n", SchedulerStatus.getDefaultInstance()));
    }
}
