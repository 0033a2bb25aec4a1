package cryo.controller.jobs;

/**
 * Measures what a job costs the fridge, one control tick at a time: the peak excursion of the
 * mixing chamber above its setpoint at the job's start (above its reading then, when no loop
 * regulates it) and of the 4 K plate above its reading then, from the start until the job is
 * recovered; and the recovery time, from the job's end to the start of the first stretch of
 * {@code settleTicks} the mixing chamber stays within its hold band. Pure arithmetic on the job's
 * own fields; ring thread; allocates nothing.
 */
public final class JobMeter {
    private final long settleTicks;
    private final long timeoutTicks;

    public JobMeter(long settleTicks, long timeoutTicks) {
        this.settleTicks = settleTicks;
        this.timeoutTicks = timeoutTicks;
    }

    /** At the job's start: the references the excursions are measured from. */
    public void begin(JobRecord r, double mxcReferenceKelvin, double plateKelvin) {
        r.mxcStartKelvin = mxcReferenceKelvin;
        r.plateStartKelvin = plateKelvin;
        r.mxcPeakKelvin = 0;
        r.platePeakKelvin = 0;
        r.measuring = true;
        r.inBandSinceTicks = -1;
    }

    /**
     * One tick's readings (NaN when not read). While the job runs only the peaks move; after it
     * ended, the recovery is judged too.
     *
     * @return true when the measurement finished on this tick (recovered, or given up at the timeout)
     */
    public boolean observe(JobRecord r, double mxcKelvin, double plateKelvin, boolean mxcInBand, boolean ended, long nowTicks) {
        if (!r.measuring) {
            return false;
        }
        if (!Double.isNaN(mxcKelvin) && !Double.isNaN(r.mxcStartKelvin)) {
            r.mxcPeakKelvin = Math.max(r.mxcPeakKelvin, mxcKelvin - r.mxcStartKelvin);
        }
        if (!Double.isNaN(plateKelvin) && !Double.isNaN(r.plateStartKelvin)) {
            r.platePeakKelvin = Math.max(r.platePeakKelvin, plateKelvin - r.plateStartKelvin);
        }
        if (!ended) {
            return false;
        }
        if (mxcInBand) {
            if (r.inBandSinceTicks < 0) {
                r.inBandSinceTicks = nowTicks;
            }
            if (nowTicks - r.inBandSinceTicks >= settleTicks) {
                r.recovered = true;
                r.recoverySeconds = Math.max(0, r.inBandSinceTicks - r.endedTicks) * 1e-9;
                r.measuring = false;
                return true;
            }
        } else {
            r.inBandSinceTicks = -1;
        }
        if (nowTicks - r.endedTicks >= timeoutTicks) {
            r.recovered = false;
            r.measuring = false;
            return true;
        }
        return false;
    }
}
