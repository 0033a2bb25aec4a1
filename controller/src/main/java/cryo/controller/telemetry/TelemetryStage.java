package cryo.controller.telemetry;

import cryo.controller.heater.HeaterLoop;
import cryo.controller.interlock.Interlock;
import cryo.controller.interlock.InterlockStage;
import cryo.controller.ring.ControlEvent;
import cryo.controller.ring.EventType;
import cryo.controller.ring.RingStage;

/**
 * Last stage: at the status cadence (board time) copies the control state into a preallocated
 * snapshot and hands it to the publisher. Assigns the message sequence here, so statuses dropped
 * anywhere after this point show up as gaps in {@code seq}. Ring thread only; no allocation.
 */
public final class TelemetryStage implements RingStage {
    private final StatusChannel channel;
    private final HeaterLoop[] loops;
    private final InterlockStage interlockStage;
    private final long intervalTicks;
    private final int sensors;
    private long nextTicks = Long.MIN_VALUE;
    private int seq;
    private long lastSampleCount[];
    // report by exception: a status also goes out, between cadence points, when a temperature moved
    // by more than the deadband (relative) or the interlock state, warm-up mode or a loop mode changed
    private double deadbandFraction = DEFAULT_DEADBAND_FRACTION;
    private final double[] reportedKelvin;
    private final int[] reportedLoopMode;
    private int reportedInterlockState = -1;
    private boolean reportedWarmup;

    /** Relative temperature change that triggers a status before the cadence is due. */
    public static final double DEFAULT_DEADBAND_FRACTION = cryo.controller.config.ControllerConfig.DEFAULT_DEADBAND_FRACTION;
    private cryo.controller.sequencer.PulseSequencerStage sequencer;

    public TelemetryStage(StatusChannel channel, int sensors, HeaterLoop[] loops, InterlockStage interlockStage, long intervalTicks) {
        this.channel = channel;
        this.sensors = sensors;
        this.loops = loops.clone();
        this.interlockStage = interlockStage;
        this.intervalTicks = intervalTicks;
        this.lastSampleCount = new long[sensors];
        this.reportedKelvin = new double[sensors];
        this.reportedLoopMode = new int[loops.length];
        java.util.Arrays.fill(reportedKelvin, Double.NaN);
    }

    /** Sets the report-by-exception deadband (relative, e.g. 0.05 = 5 %); 0 or NaN turns it off. Before start only. */
    public void setDeadbandFraction(double fraction) {
        this.deadbandFraction = fraction;
    }

    private boolean changedBeyondDeadband(ControlEvent e) {
        if (!(deadbandFraction > 0)) {
            return false;
        }
        for (int i = 0; i < sensors; i++) {
            double now = e.temperatureKelvin[i];
            double was = reportedKelvin[i];
            if (Double.isNaN(now) != Double.isNaN(was)
                    || !Double.isNaN(now) && Math.abs(now - was) > deadbandFraction * Math.abs(was)) {
                return true;
            }
        }
        if (interlockStage.interlock().state().getNumber() != reportedInterlockState
                || interlockStage.warmup().on() != reportedWarmup) {
            return true;
        }
        for (int i = 0; i < loops.length; i++) {
            if (loops[i].mode().getNumber() != reportedLoopMode[i]) {
                return true;
            }
        }
        return false;
    }

    /** The pulse sequencer whose figures go into Status.sequencer (set once at assembly). */
    public void setSequencer(cryo.controller.sequencer.PulseSequencerStage sequencer) {
        this.sequencer = sequencer;
    }

    private cryo.controller.jobs.JobStage jobs;

    /** The job queue whose figures go into Status.scheduler (set once at assembly). */
    public void setJobs(cryo.controller.jobs.JobStage jobs) {
        this.jobs = jobs;
    }

    private long alarmEventsLost() {
        return alarmChannel == null ? 0 : alarmChannel.overflows();
    }

    /** Lets status report alarm events the ring could not hand off (set at assembly). */
    public void reportAlarmChannel(cryo.controller.alarm.AlarmEventChannel channel) {
        this.alarmChannel = channel;
    }

    private cryo.controller.alarm.AlarmEventChannel alarmChannel;

    @Override
    public void onEvent(ControlEvent e) {
        if (e.type != EventType.TICK) {
            return;
        }
        boolean due = nextTicks == Long.MIN_VALUE || e.boardTicks >= nextTicks;
        if (!due && !changedBeyondDeadband(e)) {
            return;
        }
        if (due) {
            nextTicks = (nextTicks == Long.MIN_VALUE ? e.boardTicks : nextTicks) + intervalTicks;
            if (nextTicks <= e.boardTicks) {
                nextTicks = e.boardTicks + intervalTicks; // fell behind: don't burst
            }
        }
        for (int i = 0; i < sensors; i++) {
            reportedKelvin[i] = e.temperatureKelvin[i];
        }
        reportedInterlockState = interlockStage.interlock().state().getNumber();
        reportedWarmup = interlockStage.warmup().on();
        for (int i = 0; i < loops.length; i++) {
            reportedLoopMode[i] = loops[i].mode().getNumber();
        }
        int thisSeq = seq;
        seq = (seq + 1) & 0xFF;
        StatusSnapshot s = channel.tryClaim();
        if (s == null) {
            return; // dropped and counted; the gap shows in seq
        }
        s.boardTicks = e.boardTicks;
        s.seq = thisSeq;
        s.droppedBefore = channel.dropped();
        s.busFault = e.busFault();
        for (int i = 0; i < sensors; i++) {
            s.temperatureKelvin[i] = e.temperatureKelvin[i];
            s.rawUnits[i] = e.rawUnits[i];
            s.sensorStatus[i] = e.sensorStatus[i];
            s.sensorStale[i] = e.busFault() || e.sampleCount[i] == lastSampleCount[i];
            lastSampleCount[i] = e.sampleCount[i];
        }
        for (int i = 0; i < loops.length; i++) {
            HeaterLoop l = loops[i];
            s.setpointKelvin[i] = l.setpointKelvin();
            s.outputWatts[i] = l.outputWatts();
            s.heaterReadbackWatts[i] = l.heaterReadbackWatts();
            s.loopMode[i] = l.mode().getNumber();
            s.heaterRange[i] = l.heaterRange();
            s.rangeMaxWatts[i] = l.rangeMaxWatts();
            s.kp[i] = l.pid().kp();
            s.ki[i] = l.pid().ki();
            s.kd[i] = l.pid().kd();
            s.faultReason[i] = l.faultReason();
            s.targetSetpointKelvin[i] = l.targetSetpointKelvin();
            s.ramping[i] = l.ramping();
            s.rampRateKelvinPerMinute[i] = l.rampEnabled() ? l.rampRateKelvinPerMinute() : 0.0;
            s.settled[i] = l.settled();
            s.zone[i] = l.zone();
            s.zones[i].copyFrom(l.zones());
            var at = l.autotuner();
            s.autotuneRunning[i] = at.running();
            s.autotuneZone[i] = at.zone();
            s.autotuneCycles[i] = at.cyclesSeen();
            s.autotuneAmplitudeKelvin[i] = at.amplitudeKelvin();
            s.autotunePeriodSeconds[i] = at.periodSeconds();
            s.autotunePeriodTicks[i] = at.periodTicks();
            s.autotunePeriodAtTickLimit[i] = at.periodAtTickLimit();
            s.autotuneState[i] = at.state();
            s.autotuneMessage[i] = at.message();
        }
        Interlock il = interlockStage.interlock();
        s.interlockState = il.state().getNumber();
        s.interlockCause = il.cause().getNumber();
        s.interlockStageIndex = il.stageIndex();
        s.tripTicks = il.tripTicks();
        s.tripCount = il.tripCount();
        s.relayClosed = interlockStage.relayClosed();
        s.warmup = interlockStage.warmup().on();
        if (sequencer != null) {
            sequencer.copyTo(s);
        }
        if (jobs != null) {
            jobs.copyTo(s);
        }
        cryo.controller.alarm.AlarmSet alarms = interlockStage.alarms();
        int n = Math.min(alarms.count(), StatusSnapshot.MAX_ALARMS);
        for (int i = 0; i < n; i++) {
            s.alarms[i].copyFrom(alarms.get(i));
        }
        s.alarmCount = n;
        s.alarmEventsLost = alarms.lostAlarms() + alarmEventsLost();
        channel.publish();
    }
}
