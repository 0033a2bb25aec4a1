package cryo.controller.jobs;

import cryo.controller.telemetry.StatusSnapshot;
import cryo.v1.JobEntry;
import cryo.v1.JobQueueState;
import cryo.v1.JobResult;
import cryo.v1.JobState;
import cryo.v1.SchedulerStatus;
import cryo.v1.StoredJob;

/**
 * Status.scheduler from a snapshot: the job list as of the last job boundary, with the live
 * figures of the jobs still measured laid over it, and the effective priority of each waiting job
 * at the snapshot's board time. The publisher's thread (allocates).
 */
public final class SchedulerStatusView {
    private SchedulerStatusView() {
    }

    public static SchedulerStatus build(StatusSnapshot s, double agingSeconds) {
        SchedulerStatus.Builder b = SchedulerStatus.newBuilder()
                .setPolicy(s.schedulerPolicy)
                .setQueued(s.schedulerQueued)
                .setCapacity(s.schedulerCapacity)
                .setRunningJobId(s.schedulerRunningJobId)
                .setLoadWatts(s.schedulerLoadWatts)
                .setBudgetWatts(s.schedulerBudgetWatts)
                .setUtilization(s.schedulerBudgetWatts > 0 ? s.schedulerLoadWatts / s.schedulerBudgetWatts : 0)
                .setCooldownRemainingSeconds(s.schedulerCooldownRemainingSeconds)
                .setWaitingFor(s.schedulerWaitingFor)
                .setJobsDone(s.jobsDone)
                .setJobsInterrupted(s.jobsInterrupted)
                .setJobsCancelled(s.jobsCancelled)
                .setJobsRefused(s.jobsRefused);
        JobQueueState listed = s.jobsListed;
        for (StoredJob sj : listed.getJobsList()) {
            JobResult r = sj.getResult();
            for (int i = 0; i < s.liveJobCount; i++) {
                if (sj.getJob().getId().equals(s.liveJobId[i])) {
                    r = r.toBuilder().setEnergyJoules(s.liveEnergyJoules[i]).setMxcPeakExcursionKelvin(s.liveMxcPeakKelvin[i])
                            .setPlate4KPeakExcursionKelvin(s.livePlatePeakKelvin[i])
                            .setLoopsDone((int) Math.min(s.liveLoopsDone[i], 0xFFFF_FFFFL)).build();
                }
            }
            var j = sj.getJob();
            double priority = r.getState() == JobState.JOB_QUEUED
                    ? JobQueue.effectivePriority(j.getPriority(), r.getSubmittedBoardTicks(), s.boardTicks, agingSeconds)
                    : j.getPriority();
            b.addJobs(JobEntry.newBuilder()
                    .setId(j.getId())
                    .setOwner(j.getOwner())
                    .setPriority(j.getPriority())
                    .setKind(j.getKind().isEmpty() ? j.getSequence().getName() : j.getKind())
                    .setSequenceName(j.getSequence().getName())
                    .setLoops(j.getLoops())
                    .setDeclaredHeatJoules(j.hasDeclaredHeatJoules() ? j.getDeclaredHeatJoules() : Double.NaN)
                    .setPredictedHeatJoules(predicted(sj))
                    .setEffectivePriority(priority)
                    .setResult(r));
        }
        return b.build();
    }

    private static double predicted(StoredJob sj) {
        return sj.getPredictedHeatJoules();
    }
}
