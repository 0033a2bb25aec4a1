package cryo.controller.jobs;

/**
 * The job queue's settings (YAML {@code jobs:}), checked on construction.
 *
 * @param scheduler              {@code fifo} or {@code thermal}
 * @param capacity               jobs queued (waiting or running) at most; a submit beyond is refused
 * @param agingSeconds           waiting this long raises a job's priority by one step, so nothing starves
 * @param settleSeconds          the mixing chamber must stay in its hold band this long for a job to count
 *                               as recovered (the recovery time runs to the start of that stretch)
 * @param priorSecondsPerJoule   cooldown per joule of board heat for a kind never measured (its prior)
 * @param recoveryTimeoutSeconds measuring a job's recovery stops after this (recovered false)
 */
public record JobsConfig(SchedulerPolicy scheduler, int capacity, double agingSeconds, double settleSeconds,
                         double priorSecondsPerJoule, double recoveryTimeoutSeconds) {
    public static final int CAPACITY_LIMIT = 1024;
    public static final JobsConfig DEFAULTS = new JobsConfig(SchedulerPolicy.THERMAL, 64, 300, 30, 300, 3600);

    public JobsConfig {
        if (scheduler == null) {
            throw new IllegalArgumentException("jobs.scheduler is required (fifo or thermal)");
        }
        if (capacity < 1 || capacity > CAPACITY_LIMIT) {
            throw new IllegalArgumentException("jobs.capacity " + capacity + " outside 1.." + CAPACITY_LIMIT);
        }
        if (!(agingSeconds >= 1 && agingSeconds <= 86_400)) {
            throw new IllegalArgumentException("jobs.agingSeconds " + agingSeconds + " outside 1..86400");
        }
        if (!(settleSeconds >= 0 && settleSeconds <= 3600)) {
            throw new IllegalArgumentException("jobs.settleSeconds " + settleSeconds + " outside 0..3600");
        }
        if (!(priorSecondsPerJoule >= 0 && priorSecondsPerJoule <= 1e6)) {
            throw new IllegalArgumentException("jobs.priorSecondsPerJoule " + priorSecondsPerJoule + " outside 0..1000000");
        }
        if (!(recoveryTimeoutSeconds >= settleSeconds && recoveryTimeoutSeconds <= 86_400)) {
            throw new IllegalArgumentException("jobs.recoveryTimeoutSeconds " + recoveryTimeoutSeconds + " outside settleSeconds..86400");
        }
    }

    public JobsConfig withScheduler(SchedulerPolicy p) {
        return new JobsConfig(p, capacity, agingSeconds, settleSeconds, priorSecondsPerJoule, recoveryTimeoutSeconds);
    }

    public JobsConfig withCapacity(int n) {
        return new JobsConfig(scheduler, n, agingSeconds, settleSeconds, priorSecondsPerJoule, recoveryTimeoutSeconds);
    }
}
