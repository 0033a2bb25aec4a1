package cryo.controller.jobs;

import cryo.controller.sequencer.SequencePlan;
import cryo.v1.Job;
import cryo.v1.JobResult;
import cryo.v1.JobState;

/**
 * One job and what happened to it. Built where the job is submitted (plan compiled off the ring);
 * from then on written by the ring thread only (the job stage), read by the writer as a
 * {@link JobResult} built on the ring at a job boundary.
 */
public final class JobRecord {
    final Job job;
    final String id;
    final String kind;
    /** The compiled sequence; null for a finished job read back from the state file. */
    final SequencePlan plan;
    /** Pulse energy of one pass up to entry i (i = 0..size), joules, from the dissipation model. */
    final double[] passPrefixJoules;
    /** The node's estimate of the job's pulse heat: one pass times loops, joules. */
    final double predictedJoules;
    /** Average power the plan puts on the 4 K plate (static included), watts. */
    final double averageWatts;

    long order;
    JobState state = JobState.JOB_QUEUED;
    String reason = "";
    long submittedTicks;
    long startedTicks;
    long endedTicks;
    long loopsDone;
    double energyJoules;
    double mxcStartKelvin = Double.NaN;
    /** The mixing chamber's reading when the job started: its rise ({@link HeadroomModel}) is measured from it. */
    double mxcReadAtStartKelvin = Double.NaN;
    double plateStartKelvin = Double.NaN;
    double mxcPeakKelvin;
    double platePeakKelvin;
    double recoverySeconds = Double.NaN;
    boolean recovered;
    /** Whether excursions and recovery are still being measured (running, then until recovered or timed out). */
    boolean measuring;
    /** Board time the mixing chamber last entered its band after the job ended; -1 while out. */
    long inBandSinceTicks = -1;
    /** Board time the cooldown reservation after this job ends (released early once it is measured recovered). */
    long reservedUntilTicks;
    /** Whether the finished measurement went to the audit log. */
    boolean measuredReported;

    JobRecord(Job job, String id, SequencePlan plan, double[] passPrefixJoules, double predictedJoules, double averageWatts) {
        this.job = job;
        this.id = id;
        this.kind = job.getKind().isEmpty() ? job.getSequence().getName() : job.getKind();
        this.plan = plan;
        this.passPrefixJoules = passPrefixJoules;
        this.predictedJoules = predictedJoules;
        this.averageWatts = averageWatts;
    }

    public String id() {
        return id;
    }

    public String kind() {
        return kind;
    }

    public JobState state() {
        return state;
    }

    public int priority() {
        return job.getPriority();
    }

    public double predictedJoules() {
        return predictedJoules;
    }

    /** The submitter's estimate, NaN when none was declared. */
    public double declaredJoules() {
        return job.hasDeclaredHeatJoules() ? job.getDeclaredHeatJoules() : Double.NaN;
    }

    public double averageWatts() {
        return averageWatts;
    }

    public double energyJoules() {
        return energyJoules;
    }

    public double mxcPeakExcursionKelvin() {
        return mxcPeakKelvin;
    }

    public double platePeakExcursionKelvin() {
        return platePeakKelvin;
    }

    public double recoverySeconds() {
        return recoverySeconds;
    }

    public boolean recovered() {
        return recovered;
    }

    public boolean measuring() {
        return measuring;
    }

    public String reason() {
        return reason;
    }

    public Job job() {
        return job;
    }

    boolean active() {
        return state == JobState.JOB_QUEUED || state == JobState.JOB_RUNNING;
    }

    /** The result as it stands (allocates: job boundaries and the status builder only). */
    public JobResult result() {
        return JobResult.newBuilder()
                .setJobId(id)
                .setState(state)
                .setReason(reason)
                .setEnergyJoules(energyJoules)
                .setMxcPeakExcursionKelvin(mxcPeakKelvin)
                .setPlate4KPeakExcursionKelvin(platePeakKelvin)
                .setRecoverySeconds(recoverySeconds)
                .setRecovered(recovered)
                .setSubmittedBoardTicks(submittedTicks)
                .setStartedBoardTicks(startedTicks)
                .setEndedBoardTicks(endedTicks)
                .setLoopsDone((int) Math.min(loopsDone, 0xFFFF_FFFFL))
                .build();
    }

    /** Restores the measured figures of a stored result (a finished job read back after a restart). */
    void restore(JobResult r) {
        state = r.getState();
        reason = r.getReason();
        energyJoules = r.getEnergyJoules();
        mxcPeakKelvin = r.getMxcPeakExcursionKelvin();
        platePeakKelvin = r.getPlate4KPeakExcursionKelvin();
        recoverySeconds = r.getRecoverySeconds();
        recovered = r.getRecovered();
        submittedTicks = r.getSubmittedBoardTicks();
        startedTicks = r.getStartedBoardTicks();
        endedTicks = r.getEndedBoardTicks();
        loopsDone = Integer.toUnsignedLong(r.getLoopsDone());
        measuredReported = true;
    }
}
