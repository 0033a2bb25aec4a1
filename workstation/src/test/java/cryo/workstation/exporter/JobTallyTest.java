package cryo.workstation.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.v1.JobEntry;
import cryo.v1.JobResult;
import cryo.v1.JobState;
import cryo.v1.SchedulerStatus;
import org.junit.jupiter.api.Test;

/** Each finished job counted once however many statuses list it; its recovery once, when the node reports it. */
class JobTallyTest {
    private static JobEntry job(String id, JobState state, long ended, boolean recovered) {
        return JobEntry.newBuilder().setId(id).setKind("heavy").setResult(JobResult.newBuilder().setJobId(id).setState(state)
                .setSubmittedBoardTicks(1).setStartedBoardTicks(2).setEndedBoardTicks(ended).setEnergyJoules(0.2)
                .setMxcPeakExcursionKelvin(7e-3).setPlate4KPeakExcursionKelvin(6e-3).setRecovered(recovered)
                .setRecoverySeconds(recovered ? 40 : Double.NaN)).build();
    }

    @Test
    void aJobListedInManyStatusesCountsOnce() {
        JobTally t = new JobTally();
        t.take(SchedulerStatus.newBuilder().addJobs(job("a", JobState.JOB_RUNNING, 0, false)).build());
        assertTrue(t.kinds.isEmpty() || t.kinds.get("heavy").finished.isEmpty(), "a running job is not finished");
        for (int i = 0; i < 3; i++) {
            t.take(SchedulerStatus.newBuilder().addJobs(job("a", JobState.JOB_DONE, 5, false)).build());
        }
        JobTally.Kind k = t.kinds.get("heavy");
        assertEquals(0.2, k.energyJoules, 1e-12);
        assertEquals(1L, k.finished.get("done"));
        assertEquals(0, k.recovered, "not recovered yet");
        assertEquals(7e-3, k.lastMxcPeakKelvin);
        for (int i = 0; i < 3; i++) {
            t.take(SchedulerStatus.newBuilder().addJobs(job("a", JobState.JOB_DONE, 5, true)).addJobs(job("b", JobState.JOB_CANCELLED, 9, false)).build());
        }
        assertEquals(1, k.recovered);
        assertEquals(40, k.recoverySeconds);
        assertEquals(0.4, k.energyJoules, 1e-12);
        assertEquals(1L, k.finished.get("cancelled"));
    }
}
