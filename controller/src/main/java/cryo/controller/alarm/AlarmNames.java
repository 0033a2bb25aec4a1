package cryo.controller.alarm;

import cryo.v1.Alarm;
import cryo.v1.AlarmCause;

/**
 * Turns an {@link AlarmRecord} into a cryo.v1.Alarm with names, units and a one-line message.
 * Used off the ring thread (dispatcher, status builder). Immutable.
 */
public final class AlarmNames {
    private final String[] stageIds;
    private final String[] sensorIds;
    private final String[] loopIds;

    public AlarmNames(String[] stageIds, String[] sensorIds, String[] loopIds) {
        if (stageIds.length != sensorIds.length) {
            throw new IllegalArgumentException("one stage id per sensor id");
        }
        this.stageIds = stageIds.clone();
        this.sensorIds = sensorIds.clone();
        this.loopIds = loopIds.clone();
    }

    /** The key AlarmSet uses to find a journalled alarm's sensor again after a restart. */
    public String[] sensorKeys() {
        String[] k = new String[stageIds.length];
        for (int i = 0; i < k.length; i++) {
            k[i] = stageIds[i] + "/" + sensorIds[i];
        }
        return k;
    }

    public String[] loopIds() {
        return loopIds.clone();
    }

    public Alarm toProto(AlarmRecord r) {
        String stage = r.sensorIndex >= 0 && r.sensorIndex < stageIds.length ? stageIds[r.sensorIndex] : "";
        String sensor = r.sensorIndex >= 0 && r.sensorIndex < sensorIds.length ? sensorIds[r.sensorIndex] : "";
        String loop = r.loopIndex >= 0 && r.loopIndex < loopIds.length ? loopIds[r.loopIndex] : "";
        String units = units(r.cause);
        return Alarm.newBuilder()
                .setAlarmId(r.alarmId)
                .setCause(r.cause)
                .setSeverity(r.severity)
                .setStageId(stage)
                .setSensorId(sensor)
                .setLoopId(loop)
                .setValue(r.value)
                .setLimit(r.limit)
                .setUnits(units)
                .setRaisedBoardTicks(r.raisedTicks)
                .setUpdatedBoardTicks(r.updatedTicks)
                .setState(r.state)
                .setCausePresent(r.causePresent)
                .setShelvedUntilBoardTicks(r.shelvedUntilTicks)
                .setAcknowledgedBy(r.acknowledgedBy == null ? "" : r.acknowledgedBy)
                .setMessage(message(r.cause, stage.isEmpty() ? loop : stage, r.value, r.limit, units))
                .setRunbookUrl(Runbooks.page(r.cause))
                .build();
    }

    /** Units of an alarm's value and limit, by cause. */
    public static String units(AlarmCause cause) {
        switch (cause) {
            case RATE_OF_RISE: return "K/s";
            case HEATER_READBACK_MISMATCH:
            case SENSOR_DETACHED_FROM_STAGE: return "W";
            case SENSOR_OPEN_CIRCUIT:
            case SENSOR_SHORT_CIRCUIT: return "ohm";
            case SENSOR_JUMP_DETECTED: return "ratio";
            case HOLD_BAND_RUNAWAY: return "K";
            case STALE_DATA:
            case BOARD_WATCHDOG: return "s";
            case BUS_CRC_RATE: return "errors";
            case BOARD_NOT_ANSWERING: return "ticks";
            case SENSOR_STUCK_VALUE: return "samples or relative spread";
            case PULSE_UNDERFLOW: return "ticks";
            case THERMAL_BUDGET: return "W";
            case SUPPLY_FAULT: return "V";
            case HEATER_OPEN:
            case HEATER_SHORT: return "status bits";
            default: return "K";
        }
    }

    public static String message(AlarmCause cause, String where, double value, double limit, String units) {
        String w = where.isEmpty() ? "board" : where;
        return String.format("%s: %s (%.4g %s, limit %.4g %s)", w, text(cause), value, units, limit, units);
    }

    private static String text(AlarmCause cause) {
        switch (cause) {
            case OVER_TEMPERATURE: return "over temperature";
            case UNDER_TEMPERATURE: return "under temperature";
            case RATE_OF_RISE: return "temperature rising too fast";
            case HEATUP_FAILED: return "heat-up failed: no gain within the watch period";
            case HOLD_BAND_RUNAWAY: return "left the hold band around the setpoint";
            case HEATER_STUCK_ON: return "heater stuck on: stage warming with the output at zero";
            case HEATER_READBACK_MISMATCH: return "heater delivers more power than commanded";
            case SENSOR_OPEN_CIRCUIT: return "sensor open circuit";
            case SENSOR_SHORT_CIRCUIT: return "sensor short circuit";
            case SENSOR_STUCK_VALUE: return "sensor stuck: identical conversions, or no variation while its heater moved";
            case SENSOR_JUMP_DETECTED: return "sensor reading jumped";
            case SENSOR_DETACHED_FROM_STAGE: return "sensor detached: hold power far above what the stage needs";
            case SENSOR_DISAGREEMENT: return "redundant sensors disagree";
            case COOLING_LOSS: return "cooling loss: plate warming with its heaters off";
            case STALE_DATA: return "no new sample";
            case BUS_CRC_RATE: return "bus CRC error rate";
            case BOARD_NOT_ANSWERING: return "board not answering";
            case BOARD_WATCHDOG: return "board hardware watchdog cut the heaters";
            case PULSE_UNDERFLOW: return "pulse sequence underflow: an entry was late, sequence aborted (details in Status.sequencer.last_error)";
            case THERMAL_BUDGET: return "pulse sequence over the 4 K plate's thermal budget";
            case SUPPLY_FAULT: return "board core supply below its minimum";
            case BOARD_OVER_TEMPERATURE: return "Cryo-CMOS die overheating (value: die temperature; limit: its rise above the 4 K plate)";
            case HEATER_OPEN: return "heater open circuit: the board sees no load";
            case HEATER_SHORT: return "heater short circuit: the board cut the output";
            default: return cause.name();
        }
    }
}
