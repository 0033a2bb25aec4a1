package cryo.controller.telemetry;

import cryo.controller.config.ControllerConfig;
import cryo.controller.config.LoopConfig;
import cryo.controller.config.SensorConfig;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.v1.AlarmCause;
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

    public StatusBuilder(ControllerConfig config) {
        this.config = config;
    }

    public Status build(StatusSnapshot s, long bdSeq, long droppedTotal) {
        Status.Builder b = Status.newBuilder()
                .setNodeId(config.nodeId())
                .setFirmwareVersion(config.firmwareVersion())
                .setBdSeq(bdSeq)
                .setSeq(s.seq)
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
                    .setUnits("ohm")
                    .setSensorHealth(health)
                    .setQuality(q));
        }
        for (int i = 0; i < config.loops().size(); i++) {
            LoopConfig lc = config.loops().get(i);
            b.addLoops(LoopStatus.newBuilder()
                    .setLoopId(lc.loopId())
                    .setStageId(config.sensors().get(lc.sensorIndex()).stageId())
                    .setSetpointKelvin(s.setpointKelvin[i])
                    .setTargetSetpointKelvin(s.setpointKelvin[i])
                    .setOutputWatts(s.outputWatts[i])
                    .setMode(LoopMode.forNumber(s.loopMode[i]))
                    .setHeaterRange(s.heaterRange[i])
                    .setRangeMaxWatts(s.rangeMaxWatts[i])
                    .setZone(-1)
                    .setP(s.kp[i]).setI(s.ki[i]).setD(s.kd[i])
                    .setFaultReason(s.faultReason[i] == null ? "" : s.faultReason[i])
                    .setQuality(s.busFault ? Quality.QUALITY_STALE : Quality.QUALITY_GOOD));
        }
        InterlockStatus.Builder il = InterlockStatus.newBuilder()
                .setState(InterlockState.forNumber(s.interlockState))
                .setRelayClosed(s.relayClosed)
                .setTripCount(s.tripCount);
        if (s.interlockState != InterlockState.INTERLOCK_ARMED_VALUE) {
            il.setCause(AlarmCause.forNumber(s.interlockCause).name())
                    .setTripBoardTimeTicks(s.tripTicks);
            if (s.interlockStageIndex >= 0) {
                il.setStageId(config.sensors().get(s.interlockStageIndex).stageId());
            }
        }
        b.setInterlock(il);
        b.setSequencer(cryo.v1.SequencerStatus.newBuilder()
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
                .setLastError(s.sequencerLastError));
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
