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

    public int interlockState;
    public int interlockCause;
    public int interlockStageIndex;
    public long tripTicks;
    public long tripCount;
    public boolean relayClosed;
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
    }
}
