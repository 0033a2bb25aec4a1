package cryo.controller.mqtt;

import cryo.v1.Alarm;
import cryo.v1.AlarmCause;
import cryo.v1.AlarmEventKind;
import cryo.v1.AlarmState;
import cryo.v1.InterlockState;
import cryo.v1.InterlockStatus;
import cryo.v1.Severity;
import cryo.v1.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the alarm set seen in successive statuses into alarm events (raised, acknowledged,
 * shelved, unshelved, cause gone, cleared). Uses {@code Status.active_alarms} when the controller
 * fills it; until then, a latched interlock trip is reported as one alarm whose id is the trip
 * count. Runs on the session thread, once per status built (statuses are built even while the
 * broker is away, so no transition is missed unless the status channel itself overflows).
 */
public final class AlarmTracker {
    /** One change to publish. */
    public record Change(AlarmEventKind kind, Alarm alarm, String operatorId) {
    }

    private final Map<Long, Alarm> active = new LinkedHashMap<>();

    public List<Change> update(Status s) {
        Map<Long, Alarm> now = new LinkedHashMap<>();
        for (Alarm a : alarmsOf(s)) {
            now.put(a.getAlarmId(), a);
        }
        List<Change> changes = new ArrayList<>(2);
        for (Alarm a : now.values()) {
            Alarm before = active.get(a.getAlarmId());
            if (before == null) {
                changes.add(new Change(AlarmEventKind.ALARM_RAISED, a, ""));
                continue;
            }
            if (before.getState() != a.getState()) {
                if (a.getState() == AlarmState.ALARM_ACKNOWLEDGED) {
                    changes.add(new Change(AlarmEventKind.ALARM_ACKNOWLEDGED_EVENT, a, a.getAcknowledgedBy()));
                } else if (a.getState() == AlarmState.ALARM_SHELVED) {
                    changes.add(new Change(AlarmEventKind.ALARM_SHELVED_EVENT, a, ""));
                } else if (before.getState() == AlarmState.ALARM_SHELVED) {
                    changes.add(new Change(AlarmEventKind.ALARM_UNSHELVED_EVENT, a, ""));
                }
            }
            if (before.getCausePresent() && !a.getCausePresent()) {
                changes.add(new Change(AlarmEventKind.ALARM_CAUSE_GONE, a, ""));
            }
        }
        for (Alarm before : active.values()) {
            if (!now.containsKey(before.getAlarmId())) {
                changes.add(new Change(AlarmEventKind.ALARM_CLEARED_EVENT,
                        before.toBuilder().setState(AlarmState.ALARM_CLEARED).setCausePresent(false)
                                .setUpdatedBoardTicks(s.getBoardTimeTicks()).build(), ""));
            }
        }
        active.clear();
        active.putAll(now);
        return changes;
    }

    /** The alarm set as of the last status (for the Birth). */
    public List<Alarm> active() {
        return new ArrayList<>(active.values());
    }

    /** The alarm set a status reports (its active_alarms, or the latched interlock trip). */
    public static List<Alarm> alarmsOf(Status s) {
        if (s.getActiveAlarmsCount() > 0) {
            return s.getActiveAlarmsList();
        }
        InterlockStatus il = s.getInterlock();
        if (il.getState() != InterlockState.INTERLOCK_TRIPPED && il.getState() != InterlockState.INTERLOCK_TRIPPED_ACKNOWLEDGED) {
            return List.of();
        }
        AlarmCause cause;
        try {
            cause = AlarmCause.valueOf(il.getCause());
        } catch (IllegalArgumentException e) {
            cause = AlarmCause.ALARM_CAUSE_UNSPECIFIED;
        }
        boolean acked = il.getState() == InterlockState.INTERLOCK_TRIPPED_ACKNOWLEDGED;
        return List.of(Alarm.newBuilder()
                .setAlarmId(il.getTripCount())
                .setCause(cause)
                .setSeverity(Severity.SEVERITY_CRITICAL)
                .setStageId(il.getStageId())
                .setMessage("interlock tripped: " + il.getCause())
                .setRaisedBoardTicks(il.getTripBoardTimeTicks())
                .setUpdatedBoardTicks(s.getBoardTimeTicks())
                .setState(acked ? AlarmState.ALARM_ACKNOWLEDGED : AlarmState.ALARM_ACTIVE)
                .setCausePresent(true) // a latched trip whose cause went away re-arms on acknowledgement; unknown before
                .build());
    }
}
