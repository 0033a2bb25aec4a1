package cryo.controller.telemetry;

/**
 * A preallocated, primitive copy of what a Status reports, filled on the ring thread and turned
 * into a protobuf Status on the publisher's thread. Strings held here are references to constant
 * or already-existing strings, never built per snapshot.
 */
public final class StatusSnapshot {
    public long boardTicks;
    public int seq;
    public long droppedBefore;

    public final double[] temperatureKelvin;
    public final double[] rawUnits;
    public final int[] sensorStatus;
    public final boolean[] sensorStale;

    public final double[] setpointKelvin;
    public final double[] outputWatts;
    public final int[] loopMode;
    public final int[] heaterRange;
    public final double[] rangeMaxWatts;
    public final double[] kp;
    public final double[] ki;
    public final double[] kd;
    public final String[] faultReason;
    // heater loop detail (issue 4): ramp, zone, settling, autotune
    public final double[] targetSetpointKelvin;
    public final boolean[] ramping;
    public final double[] rampRateKelvinPerMinute;
    public final boolean[] settled;
    public final int[] zone;
    public final boolean[] autotuneRunning;
    public final int[] autotuneZone;
    public final int[] autotuneCycles;
    public final double[] autotuneAmplitudeKelvin;
    public final double[] autotunePeriodSeconds;
    public final double[] autotunePeriodTicks;
    public final boolean[] autotunePeriodAtTickLimit;
    public final String[] autotuneState;
    public final String[] autotuneMessage;
    public final double[] heaterReadbackWatts;
    public final ZoneTableSnapshot[] zones;

    public int interlockState;
    public int interlockCause;
    public int interlockStageIndex;
    public long tripTicks;
    public long tripCount;
    public boolean relayClosed;
    /** Warm-up mode (InterlockStage's WarmupMode), copied on the ring thread. */
    public boolean warmup;
    public boolean busFault;

    // pulse sequencer (strings are the sequencer's own references, not built per snapshot)
    public String sequenceName = "";
    public String sequencerState = "idle";
    public long sequencerEntriesWritten;
    public long sequencerEntriesTotal;
    public long sequencerLoopsDone;
    public long sequencerLoopsRequested;
    public long sequencerUnderflows;
    public long sequencerMinSlackTicks;
    public double sequencerAveragePowerWatts;
    public double sequencerBudgetWatts;
    public String sequencerLastError = "";
    public String sequencerPath = "";
    public String programState = "";
    public int programCrc;
    public int programInstructions;
    public int programEntries;
    public int programPc;
    public int programLoopDepth;
    public final long[] programLoopCounters = new long[cryo.hal.regmap.CryoCmosRegisters.PROG_LOOP_DEPTH];
    public long sequencerEntriesPlayed;
    /** The active alarm set, copied (not referenced) from the ring's AlarmSet. */
    // job queue (issue 22): the list as of the last job boundary (an immutable message the job stage
    // built there), the scheduler's figures, and the live figures of the jobs still being measured
    public static final int MAX_LIVE_JOBS = 8;
    public cryo.v1.JobQueueState jobsListed = cryo.v1.JobQueueState.getDefaultInstance();
    public String schedulerPolicy = "";
    public int schedulerQueued;
    public int schedulerCapacity;
    public String schedulerRunningJobId = "";
    public double schedulerLoadWatts;
    public double schedulerBudgetWatts;
    public double schedulerCooldownRemainingSeconds;
    public String schedulerWaitingFor = "";
    public long jobsDone;
    public long jobsInterrupted;
    public long jobsCancelled;
    public long jobsRefused;
    public int liveJobCount;
    public final String[] liveJobId = new String[MAX_LIVE_JOBS];
    public final double[] liveEnergyJoules = new double[MAX_LIVE_JOBS];
    public final double[] liveMxcPeakKelvin = new double[MAX_LIVE_JOBS];
    public final double[] livePlatePeakKelvin = new double[MAX_LIVE_JOBS];
    public final long[] liveLoopsDone = new long[MAX_LIVE_JOBS];

    public static final int MAX_ALARMS = 64;
    public final cryo.controller.alarm.AlarmRecord[] alarms = new cryo.controller.alarm.AlarmRecord[MAX_ALARMS];
    public int alarmCount;
    public long alarmEventsLost;

    public StatusSnapshot(int sensors, int loops) {
        temperatureKelvin = new double[sensors];
        rawUnits = new double[sensors];
        sensorStatus = new int[sensors];
        sensorStale = new boolean[sensors];
        setpointKelvin = new double[loops];
        outputWatts = new double[loops];
        loopMode = new int[loops];
        heaterRange = new int[loops];
        rangeMaxWatts = new double[loops];
        kp = new double[loops];
        ki = new double[loops];
        kd = new double[loops];
        faultReason = new String[loops];
        targetSetpointKelvin = new double[loops];
        ramping = new boolean[loops];
        rampRateKelvinPerMinute = new double[loops];
        settled = new boolean[loops];
        zone = new int[loops];
        autotuneRunning = new boolean[loops];
        autotuneZone = new int[loops];
        autotuneCycles = new int[loops];
        autotuneAmplitudeKelvin = new double[loops];
        autotunePeriodSeconds = new double[loops];
        autotunePeriodTicks = new double[loops];
        autotunePeriodAtTickLimit = new boolean[loops];
        autotuneState = new String[loops];
        autotuneMessage = new String[loops];
        heaterReadbackWatts = new double[loops];
        zones = new ZoneTableSnapshot[loops];
        for (int i = 0; i < loops; i++) {
            zones[i] = new ZoneTableSnapshot();
        }
        for (int i = 0; i < MAX_ALARMS; i++) {
            alarms[i] = new cryo.controller.alarm.AlarmRecord();
        }
    }
}
