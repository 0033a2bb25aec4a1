package cryo.controller.telemetry;

import cryo.controller.config.ControllerConfig;
import cryo.controller.config.LoopConfig;
import cryo.controller.config.SensorConfig;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.v1.AlarmCause;
import cryo.v1.AutotuneStatus;
import cryo.v1.InterlockState;
import cryo.v1.InterlockStatus;
import cryo.v1.LoopMode;
import cryo.v1.LoopStatus;
import cryo.v1.NodeMode;
import cryo.v1.Quality;
import cryo.v1.SensorHealth;
import cryo.v1.StageStatus;
import cryo.v1.Status;

/** Turns a snapshot into a cryo.v1.Status. Runs on the publisher's thread (allocation is fine there). */
public final class StatusBuilder {
    private final ControllerConfig config;
    private final cryo.controller.alarm.AlarmNames alarmNames;

    public StatusBuilder(ControllerConfig config) {
        this.config = config;
        String[] stages = new String[config.sensors().size()];
        String[] sensors = new String[stages.length];
        for (int i = 0; i < stages.length; i++) {
            stages[i] = config.sensors().get(i).stageId();
            sensors[i] = config.sensors().get(i).sensorId();
        }
        String[] loops = new String[config.loops().size()];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = config.loops().get(i).loopId();
        }
        this.alarmNames = new cryo.controller.alarm.AlarmNames(stages, sensors, loops);
    }

    public Status build(StatusSnapshot s, long bdSeq, long droppedTotal) {
        return build(s, s.seq, bdSeq, droppedTotal, 0, 0);
    }

    /**
     * @param seq the status's place in its session (the session renumbers the ring's seq from
     *            its Birth on, keeping gaps)
     * @param commandsRefusedBusy commands answered "busy: resend" since start
     * @param commandsUnanswered  commands left without an answer (every queue full) since start
     */
    public Status build(StatusSnapshot s, int seq, long bdSeq, long droppedTotal, long commandsRefusedBusy, long commandsUnanswered) {
        Status.Builder b = Status.newBuilder()
                .setNodeId(config.nodeId())
                .setFirmwareVersion(config.firmwareVersion())
                .setBdSeq(bdSeq)
                .setSeq(seq)
                .setCommandsRefusedBusy(commandsRefusedBusy)
                .setCommandsUnanswered(commandsUnanswered)
                .setBoardTimeTicks(s.boardTicks)
                .setMode(NodeMode.NODE_MODE_RUN)
                .setStatusesDropped(droppedTotal);
        for (int i = 0; i < config.sensors().size(); i++) {
            SensorConfig sc = config.sensors().get(i);
            double k = s.temperatureKelvin[i];
            SensorHealth health = health(s.sensorStatus[i], k);
            Quality q = Double.isNaN(k) ? Quality.QUALITY_BAD : s.sensorStale[i] ? Quality.QUALITY_STALE : Quality.QUALITY_GOOD;
            b.addStages(StageStatus.newBuilder()
                    .setStageId(sc.stageId())
                    .setSensorId(sc.sensorId())
                    .setTemperatureKelvin(k)
                    .setRawUnits(s.rawUnits[i])
                    .setUnits(sc.curve().units())
                    .setSensorHealth(health)
                    .setQuality(q));
        }
        for (int i = 0; i < config.loops().size(); i++) {
            LoopConfig lc = config.loops().get(i);
            LoopStatus.Builder loop = LoopStatus.newBuilder();
            s.zones[i].addTo(loop);
            b.addLoops(loop
                    .setLoopId(lc.loopId())
                    .setStageId(config.sensors().get(lc.sensorIndex()).stageId())
                    .setSetpointKelvin(s.setpointKelvin[i])
                    .setTargetSetpointKelvin(s.targetSetpointKelvin[i])
                    .setRamping(s.ramping[i])
                    .setRampRateKelvinPerMinute(s.rampRateKelvinPerMinute[i])
                    .setSettled(s.settled[i])
                    .setAutotune(AutotuneStatus.newBuilder()
                            .setRunning(s.autotuneRunning[i])
                            .setZone(s.autotuneZone[i])
                            .setCyclesSeen(s.autotuneCycles[i])
                            .setAmplitudeKelvin(s.autotuneAmplitudeKelvin[i])
                            .setPeriodSeconds(s.autotunePeriodSeconds[i])
                            .setPeriodTicks(s.autotunePeriodTicks[i])
                            .setPeriodAtTickLimit(s.autotunePeriodAtTickLimit[i])
                            .setState(s.autotuneState[i] == null ? "" : s.autotuneState[i])
                            .setMessage(s.autotuneMessage[i] == null ? "" : s.autotuneMessage[i]))
                    .setOutputWatts(s.outputWatts[i])
                    .setHeaterReadbackWatts(s.heaterReadbackWatts[i])
                    .setMode(LoopMode.forNumber(s.loopMode[i]))
                    .setHeaterRange(s.heaterRange[i])
                    .setRangeMaxWatts(s.rangeMaxWatts[i])
                    .setZone(s.zone[i])
                    .setP(s.kp[i]).setI(s.ki[i]).setD(s.kd[i])
                    .setFaultReason(s.faultReason[i] == null ? "" : s.faultReason[i])
                    .setQuality(s.busFault ? Quality.QUALITY_STALE : Quality.QUALITY_GOOD));
        }
        InterlockStatus.Builder il = InterlockStatus.newBuilder()
                .setState(InterlockState.forNumber(s.interlockState))
                .setRelayClosed(s.relayClosed)
                .setTripCount(s.tripCount)
                .setWarmup(s.warmup);
        if (s.interlockState != InterlockState.INTERLOCK_ARMED_VALUE) {
            il.setCause(AlarmCause.forNumber(s.interlockCause).name())
                    .setTripBoardTimeTicks(s.tripTicks);
            if (s.interlockStageIndex >= 0) {
                il.setStageId(config.sensors().get(s.interlockStageIndex).stageId());
            }
        }
        il.setAlarmEventsLost(s.alarmEventsLost);
        b.setInterlock(il);
        cryo.v1.SequencerStatus.Builder sq = cryo.v1.SequencerStatus.newBuilder()
                .setSequenceName(s.sequenceName)
                .setState(s.sequencerState)
                .setEntriesWritten(s.sequencerEntriesWritten)
                .setEntriesTotal(s.sequencerEntriesTotal)
                .setLoopsDone((int) Math.min(s.sequencerLoopsDone, 0xFFFF_FFFFL))
                .setLoopsRequested((int) s.sequencerLoopsRequested)
                .setUnderflows(s.sequencerUnderflows)
                .setMinSlackTicks(s.sequencerMinSlackTicks)
                .setAveragePowerWatts(s.sequencerAveragePowerWatts)
                .setBudgetWatts(s.sequencerBudgetWatts)
                .setLastError(s.sequencerLastError)
                .setPath(s.sequencerPath)
                .setProgramState(s.programState)
                .setProgramCrc(s.programCrc)
                .setProgramInstructions(s.programInstructions)
                .setProgramEntries(s.programEntries)
                .setProgramPc(s.programPc)
                .setEntriesPlayed(s.sequencerEntriesPlayed);
        for (int d = 0; d < s.programLoopDepth; d++) {
            sq.addProgramLoopCounters(s.programLoopCounters[d]);
        }
        b.setSequencer(sq);
        if (!s.schedulerPolicy.isEmpty()) {
            b.setScheduler(cryo.controller.jobs.SchedulerStatusView.build(s, config.jobs().agingSeconds()));
        }
        for (int i = 0; i < s.alarmCount; i++) {
            b.addActiveAlarms(alarmNames.toProto(s.alarms[i]));
        }
        return b.build();
    }

    private static SensorHealth health(int status, double kelvin) {
        if ((status & CryoCmosRegisters.THERM_STATUS_OPEN) != 0) {
            return SensorHealth.SENSOR_OPEN;
        }
        if ((status & CryoCmosRegisters.THERM_STATUS_SHORT) != 0) {
            return SensorHealth.SENSOR_SHORT;
        }
        if ((status & CryoCmosRegisters.THERM_STATUS_VALID) == 0) {
            return SensorHealth.SENSOR_NO_DATA;
        }
        if (Double.isNaN(kelvin)) {
            return SensorHealth.SENSOR_OUT_OF_RANGE;
        }
        return SensorHealth.SENSOR_OK;
    }
}
