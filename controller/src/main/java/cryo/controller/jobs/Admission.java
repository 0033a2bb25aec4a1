package cryo.controller.jobs;

/**
 * The thermal scheduler's decision for the job at the head of the queue: measured state and the
 * board time in, a verdict out. Pure, allocates nothing; the job stage asks it at most once a
 * control tick, only while a job waits and the sequencer is free.
 *
 * <p>Thermal: the interlock armed; the mixing chamber read and within its hold band of setpoint
 * (skipped when no loop regulates the mixing chamber: there is no band to judge); the 4 K plate's
 * predicted average load (the running jobs' plus this one's, from the dissipation model) within
 * its budget; any cooldown reservation of earlier jobs expired; and room in the band for the job:
 * the chamber's distance above setpoint plus the rise expected of the job ({@link HeadroomModel})
 * within {@link #HEADROOM_FRACTION} of the band (a job expected to rise more than that starts only
 * from setpoint or below). A loop on the mixing chamber that
 * is not regulating (switched off by a trip, say) holds the queue. FIFO: the interlock armed and
 * the sequencer free only.
 */
public final class Admission {
    /** Why the head waits, or {@link #ADMIT}. The text goes into Status.scheduler.waiting_for. */
    public enum Verdict {
        ADMIT(""),
        INTERLOCK_TRIPPED("interlock tripped: nothing starts until it is acknowledged and clear"),
        SEQUENCER_BUSY("the sequencer is playing a sequence"),
        MXC_NO_READING("no mixing chamber reading this tick"),
        MXC_NOT_REGULATED("the mixing chamber loop is not regulating (off after a trip, monitor or open loop): no band to hold"),
        MXC_OUT_OF_BAND("mixing chamber outside its hold band of setpoint"),
        MXC_NO_HEADROOM("mixing chamber: its distance above setpoint plus this job's expected rise would leave the hold band"),
        OVER_BUDGET("4 K plate: predicted load with this job over its budget"),
        COOLDOWN("cooldown reservation of an earlier job");

        public final String text;

        Verdict(String text) {
            this.text = text;
        }
    }

    /** Share of the hold band a job may plan to use: the rest is margin for noise and for a rise above the learned one. */
    public static final double HEADROOM_FRACTION = 0.9;

    private Admission() {
    }

    /**
     * @param mxcSetpointKelvin   the mixing chamber loop's setpoint, NaN when it does not regulate (or there is none)
     * @param holdBandKelvin      that loop's hold band (interlocks.loops.*.holdBandKelvin), NaN when there is no such loop
     * @param runningWatts        average 4 K load of the jobs running now (static included once), 0 when none
     * @param candidateWatts      the head job's average 4 K load (static included)
     * @param staticWatts         the board's static dissipation (counted once)
     * @param cooldownUntilTicks  board time the latest reservation ends (0 when none)
     */
    public static Verdict decide(SchedulerPolicy policy, boolean interlockTripped, boolean sequencerBusy,
                                 double mxcKelvin, double mxcSetpointKelvin, double holdBandKelvin,
                                 double runningWatts, double candidateWatts, double staticWatts, double budgetWatts,
                                 long cooldownUntilTicks, long nowTicks) {
        return decide(policy, interlockTripped, sequencerBusy, mxcKelvin, mxcSetpointKelvin, holdBandKelvin, 0, runningWatts,
                candidateWatts, staticWatts, budgetWatts, cooldownUntilTicks, nowTicks);
    }

    /**
     * As above, with the rise of the mixing chamber expected of the candidate ({@link HeadroomModel}), kelvin.
     */
    public static Verdict decide(SchedulerPolicy policy, boolean interlockTripped, boolean sequencerBusy,
                                 double mxcKelvin, double mxcSetpointKelvin, double holdBandKelvin, double expectedRiseKelvin,
                                 double runningWatts, double candidateWatts, double staticWatts, double budgetWatts,
                                 long cooldownUntilTicks, long nowTicks) {
        if (interlockTripped) {
            return Verdict.INTERLOCK_TRIPPED;
        }
        if (sequencerBusy) {
            return Verdict.SEQUENCER_BUSY;
        }
        if (policy == SchedulerPolicy.FIFO) {
            return Verdict.ADMIT;
        }
        if (!Double.isNaN(holdBandKelvin)) {
            if (Double.isNaN(mxcSetpointKelvin)) {
                return Verdict.MXC_NOT_REGULATED;
            }
            if (Double.isNaN(mxcKelvin)) {
                return Verdict.MXC_NO_READING;
            }
            if (Math.abs(mxcKelvin - mxcSetpointKelvin) > holdBandKelvin) {
                return Verdict.MXC_OUT_OF_BAND;
            }
            if (!hasHeadroom(mxcKelvin - mxcSetpointKelvin, expectedRiseKelvin, holdBandKelvin)) {
                return Verdict.MXC_NO_HEADROOM;
            }
        }
        if (predictedLoadWatts(runningWatts, candidateWatts, staticWatts) > budgetWatts) {
            return Verdict.OVER_BUDGET;
        }
        if (nowTicks < cooldownUntilTicks) {
            return Verdict.COOLDOWN;
        }
        return Verdict.ADMIT;
    }

    /**
     * Whether a job expected to lift the mixing chamber by {@code riseKelvin} fits in its band from
     * {@code errorKelvin} above setpoint (below counts as at setpoint: the loop brings it back up).
     * A rise beyond the planned share of the band fits only from setpoint or below: the best the
     * fridge can do for that job, and it is never starved.
     */
    public static boolean hasHeadroom(double errorKelvin, double riseKelvin, double holdBandKelvin) {
        if (!(riseKelvin > 0)) {
            return true; // nothing expected of it: the band check alone judges
        }
        double room = Math.max(HEADROOM_FRACTION * holdBandKelvin, riseKelvin);
        return Math.max(0, errorKelvin) + riseKelvin <= room;
    }

    /** The 4 K plate's average load with the candidate running beside the running jobs: static counted once. */
    public static double predictedLoadWatts(double runningWatts, double candidateWatts, double staticWatts) {
        if (runningWatts <= 0) {
            return candidateWatts;
        }
        return runningWatts + candidateWatts - staticWatts;
    }
}
