package cryo.controller.alarm;

import cryo.v1.Alarm;
import cryo.v1.AlarmCause;
import cryo.v1.AlarmEvent;
import cryo.v1.AlarmEventKind;
import cryo.v1.AlarmState;
import cryo.v1.Severity;
import java.util.List;

/**
 * The active alarm set: raise, cause update, acknowledge, shelve (with expiry in board time) and
 * clear. Every change gets the next event id and goes to the {@link AlarmEventChannel} as a
 * copied event; alarm ids and event ids increase monotonically and continue after a restart
 * ({@link #restore}). An alarm leaves the set (CLEARED) only when an operator acknowledged it
 * and its cause is gone; acknowledging while the cause persists is refused with the reason.
 *
 * <p>Thread contract: ring thread only (restore before the ring starts). No allocation on raise,
 * cause update or expiry; command handling builds its reply text.
 */
public final class AlarmSet {
    /** Shelving longer than a week is refused: a shelved alarm is still a fault. */
    public static final double MAX_SHELVE_SECONDS = 7 * 24 * 3600.0;

    private final AlarmRecord[] records;
    private final AlarmEventChannel events;
    private final String[] sensorNames;
    private final String[] loopNames;
    private int count;
    private long nextAlarmId = 1;
    private long nextEventId = 1;
    private long lostAlarms;

    /**
     * @param sensorNames name per sensor index for refusal texts and restore (e.g. "mxc/ruox-a")
     * @param loopNames   loop id per loop index
     */
    public AlarmSet(int capacity, AlarmEventChannel events, String[] sensorNames, String[] loopNames) {
        if (capacity < 1) {
            throw new IllegalArgumentException("alarm capacity must be >= 1, was " + capacity);
        }
        records = new AlarmRecord[capacity];
        for (int i = 0; i < capacity; i++) {
            records[i] = new AlarmRecord();
        }
        this.events = events;
        this.sensorNames = sensorNames.clone();
        this.loopNames = loopNames.clone();
    }

    /**
     * Raises an alarm, or refreshes the value of the uncleared one with the same cause, sensor and
     * loop (no new id: one fault is one alarm).
     *
     * @return the alarm id (0 when the set is full: counted in {@link #lostAlarms})
     */
    public long raise(AlarmCause cause, Severity severity, int sensorIndex, int loopIndex, double value, double limit,
                      long boardTicks) {
        return raise(cause, severity, sensorIndex, loopIndex, value, limit, boardTicks, null);
    }

    /**
     * As {@link #raise(AlarmCause, Severity, int, int, double, double, long)} with a detail text the
     * cause and numbers cannot carry (a failed stage and its exception), in the alarm's message.
     */
    public long raise(AlarmCause cause, Severity severity, int sensorIndex, int loopIndex, double value, double limit,
                      long boardTicks, String detail) {
        int i = find(cause, sensorIndex, loopIndex);
        if (i >= 0) {
            AlarmRecord r = records[i];
            if (detail != null) {
                r.detail = detail;
            }
            r.value = value;
            r.limit = limit;
            r.causePresent = true;
            if (severity.getNumber() > r.severity.getNumber()) {
                // a warning that became a trip: the same alarm, now critical (and no longer hidden)
                r.severity = severity;
                r.updatedTicks = boardTicks;
                r.state = AlarmState.ALARM_ACTIVE;
                r.stateBeforeShelve = AlarmState.ALARM_ACTIVE;
                r.shelvedUntilTicks = 0;
                emit(AlarmEventKind.ALARM_RAISED, r, boardTicks, "");
            }
            return r.alarmId;
        }
        if (count == records.length) {
            lostAlarms++;
            return 0;
        }
        AlarmRecord r = records[count++];
        r.alarmId = nextAlarmId++;
        r.cause = cause;
        r.severity = severity;
        r.sensorIndex = sensorIndex;
        r.loopIndex = loopIndex;
        r.value = value;
        r.limit = limit;
        r.raisedTicks = boardTicks;
        r.updatedTicks = boardTicks;
        r.state = AlarmState.ALARM_ACTIVE;
        r.stateBeforeShelve = AlarmState.ALARM_ACTIVE;
        r.causePresent = true;
        r.shelvedUntilTicks = 0;
        r.acknowledgedBy = "";
        r.detail = detail;
        emit(AlarmEventKind.ALARM_RAISED, r, boardTicks, "");
        return r.alarmId;
    }

    /** Records whether the alarm at {@code index}'s cause is still present (emits CAUSE_GONE on the edge). */
    public void setCausePresent(int index, boolean present, long boardTicks) {
        AlarmRecord r = records[index];
        if (r.causePresent && !present) {
            r.causePresent = false;
            r.updatedTicks = boardTicks;
            emit(AlarmEventKind.ALARM_CAUSE_GONE, r, boardTicks, "");
        } else if (present) {
            r.causePresent = true;
        }
    }

    /** Returns shelved alarms whose shelf time ran out to their earlier state. Call every tick. */
    public void expireShelves(long boardTicks) {
        for (int i = 0; i < count; i++) {
            AlarmRecord r = records[i];
            if (r.state == AlarmState.ALARM_SHELVED && boardTicks >= r.shelvedUntilTicks) {
                r.state = r.stateBeforeShelve;
                r.shelvedUntilTicks = 0;
                r.updatedTicks = boardTicks;
                emit(AlarmEventKind.ALARM_UNSHELVED_EVENT, r, boardTicks, "");
            }
        }
    }

    /**
     * Operator acknowledgement of one alarm, or of every alarm whose cause is gone ({@code alarmId}
     * 0). An acknowledged alarm with its cause gone is cleared and leaves the set.
     *
     * @return null when accepted, else the reason for refusal
     */
    public String acknowledge(long alarmId, String operatorId, long boardTicks) {
        String operator = operatorId == null ? "" : operatorId;
        if (alarmId == 0) {
            int cleared = 0;
            for (int i = count - 1; i >= 0; i--) {
                if (!records[i].causePresent) {
                    clear(i, operator, boardTicks);
                    cleared++;
                }
            }
            if (cleared == 0) {
                return count == 0 ? "no active alarms to acknowledge"
                        : "no alarm can be acknowledged: every cause is still present (" + describeAll() + ")";
            }
            return null;
        }
        int i = indexOf(alarmId);
        if (i < 0) {
            return "no alarm " + alarmId + " in the active set" + (count == 0 ? " (it is empty)" : " (active: " + describeAll() + ")");
        }
        AlarmRecord r = records[i];
        if (r.causePresent) {
            return "alarm " + alarmId + " (" + describe(r) + ") cannot be acknowledged: its cause is still present (value "
                    + fmt(r.value) + ", limit " + fmt(r.limit) + ")";
        }
        clear(i, operator, boardTicks);
        return null;
    }

    /** @return null when accepted, else the reason for refusal */
    public String shelve(long alarmId, double shelveSeconds, String operatorId, long boardTicks) {
        if (!(shelveSeconds > 0) || shelveSeconds > MAX_SHELVE_SECONDS) {
            return "shelve_alarm.shelve_seconds " + shelveSeconds + " outside (0, " + (long) MAX_SHELVE_SECONDS + "]";
        }
        int i = indexOf(alarmId);
        if (i < 0) {
            return "no alarm " + alarmId + " in the active set" + (count == 0 ? " (it is empty)" : " (active: " + describeAll() + ")");
        }
        AlarmRecord r = records[i];
        if (r.state != AlarmState.ALARM_SHELVED) {
            r.stateBeforeShelve = r.state;
        }
        r.state = AlarmState.ALARM_SHELVED;
        r.shelvedUntilTicks = boardTicks + cryo.hal.device.BoardClock.fromSeconds(shelveSeconds);
        r.updatedTicks = boardTicks;
        emit(AlarmEventKind.ALARM_SHELVED_EVENT, r, boardTicks, operatorId == null ? "" : operatorId);
        return null;
    }

    /**
     * Clears the warning at {@code index} whose cause is gone, without an operator (warnings do
     * not latch, except one-off events: see {@link #latchingWarning}). Critical alarms are never
     * cleared here.
     *
     * @return true when it left the set (the alarm after it moved to {@code index})
     */
    public boolean clearWarningIfGone(int index, long boardTicks) {
        AlarmRecord r = records[index];
        if (r.severity == Severity.SEVERITY_CRITICAL || r.causePresent || latchingWarning(r.cause)) {
            return false;
        }
        r.state = AlarmState.ALARM_CLEARED;
        r.updatedTicks = boardTicks;
        emit(AlarmEventKind.ALARM_CLEARED_EVENT, r, boardTicks, "");
        AlarmRecord freed = records[index];
        System.arraycopy(records, index + 1, records, index, count - index - 1);
        records[--count] = freed;
        return true;
    }

    /**
     * Warnings that latch until an operator acknowledges them, though they trip nothing: one-off
     * events whose cause is gone by the time they are seen (a pulse sequence's underflow aborted the
     * sequence, an autotune failed and left its heater off; the operator must still learn of it).
     */
    public static boolean latchingWarning(AlarmCause cause) {
        return cause == AlarmCause.PULSE_UNDERFLOW || cause == AlarmCause.AUTOTUNE_FAILED;
    }

    private void clear(int i, String operator, long boardTicks) {
        AlarmRecord r = records[i];
        r.state = AlarmState.ALARM_ACKNOWLEDGED;
        r.acknowledgedBy = operator;
        r.updatedTicks = boardTicks;
        emit(AlarmEventKind.ALARM_ACKNOWLEDGED_EVENT, r, boardTicks, operator);
        r.state = AlarmState.ALARM_CLEARED;
        emit(AlarmEventKind.ALARM_CLEARED_EVENT, r, boardTicks, operator);
        // keep the set dense and in raise order
        AlarmRecord freed = records[i];
        System.arraycopy(records, i + 1, records, i, count - i - 1);
        records[--count] = freed;
    }

    private void emit(AlarmEventKind kind, AlarmRecord r, long boardTicks, String operator) {
        long id = nextEventId++;
        AlarmEventSlot s = events.tryClaim();
        if (s == null) {
            return; // counted by the channel, reported in status
        }
        s.kind = kind;
        s.eventId = id;
        s.boardTicks = boardTicks;
        s.operatorId = operator;
        s.alarm.copyFrom(r);
        events.publish();
    }

    /** Whether any critical alarm is still in the set (the interlock may re-arm only when not). */
    public boolean anyCritical() {
        for (int i = 0; i < count; i++) {
            if (records[i].severity == Severity.SEVERITY_CRITICAL) {
                return true;
            }
        }
        return false;
    }

    private int find(AlarmCause cause, int sensorIndex, int loopIndex) {
        for (int i = 0; i < count; i++) {
            AlarmRecord r = records[i];
            if (r.cause == cause && r.sensorIndex == sensorIndex && r.loopIndex == loopIndex) {
                return i;
            }
        }
        return -1;
    }

    private int indexOf(long alarmId) {
        for (int i = 0; i < count; i++) {
            if (records[i].alarmId == alarmId) {
                return i;
            }
        }
        return -1;
    }

    private String describe(AlarmRecord r) {
        StringBuilder b = new StringBuilder(r.cause.name());
        if (r.sensorIndex >= 0 && r.sensorIndex < sensorNames.length) {
            b.append(" on ").append(sensorNames[r.sensorIndex]);
        }
        if (r.loopIndex >= 0 && r.loopIndex < loopNames.length) {
            b.append(" loop ").append(loopNames[r.loopIndex]);
        }
        return b.toString();
    }

    private String describeAll() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < count; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(records[i].alarmId).append(' ').append(records[i].cause.name())
                    .append(records[i].causePresent ? " cause present" : " cause gone");
        }
        return b.toString();
    }

    private static String fmt(double v) {
        return String.format("%.4g", v);
    }

    /**
     * Rebuilds the set and the id counters from journalled events (oldest first), before the ring
     * starts. Restored alarms start with their cause present until the first tick judges it.
     */
    public void restore(List<AlarmEvent> journal) {
        restore(journal, 0, 0);
    }

    /**
     * As {@link #restore(List)}, and shelves come back too: a shelf's expiry is carried across
     * the restart in wall time (the shelve event's {@code wall_time_unix_millis} plus the shelf
     * length), since board time restarts with the board. A shelf that ran out while the
     * controller was down expires on the first tick (an UNSHELVED event); without wall times
     * ({@code wallNowMillis} 0 or an event without one) the alarm comes back active.
     *
     * @param wallNowMillis the host's wall clock now (Unix ms), 0 when unknown
     * @param nowTicks      board time now
     */
    public void restore(List<AlarmEvent> journal, long wallNowMillis, long nowTicks) {
        java.util.Map<Long, Long> shelfEndsWallMillis = new java.util.HashMap<>();
        long maxAlarm = 0;
        long maxEvent = 0;
        for (AlarmEvent e : journal) {
            maxEvent = Math.max(maxEvent, e.getEventId());
            Alarm a = e.getAlarm();
            maxAlarm = Math.max(maxAlarm, a.getAlarmId());
            int i = indexOf(a.getAlarmId());
            switch (e.getKind()) {
                case ALARM_RAISED:
                    if (i < 0 && count < records.length) {
                        AlarmRecord r = records[count++];
                        r.alarmId = a.getAlarmId();
                        r.cause = a.getCause();
                        r.severity = a.getSeverity();
                        r.sensorIndex = indexOfName(sensorNames, sensorKey(a));
                        r.loopIndex = indexOfName(loopNames, a.getLoopId());
                        r.value = a.getValue();
                        r.limit = a.getLimit();
                        r.raisedTicks = a.getRaisedBoardTicks();
                        r.updatedTicks = a.getUpdatedBoardTicks();
                        r.state = AlarmState.ALARM_ACTIVE;
                        r.stateBeforeShelve = AlarmState.ALARM_ACTIVE;
                        r.causePresent = true;
                        r.shelvedUntilTicks = 0;
                        r.acknowledgedBy = "";
                    } else if (i >= 0 && a.getSeverity().getNumber() > records[i].severity.getNumber()) {
                        records[i].severity = a.getSeverity(); // a warning escalated to a trip
                    }
                    break;
                case ALARM_SHELVED_EVENT:
                    if (i >= 0) {
                        long lengthTicks = a.getShelvedUntilBoardTicks() - e.getBoardTicks();
                        shelfEndsWallMillis.put(a.getAlarmId(), e.getWallTimeUnixMillis() > 0 && lengthTicks > 0
                                ? e.getWallTimeUnixMillis() + lengthTicks / 1_000_000L : 0L);
                    }
                    break;
                case ALARM_UNSHELVED_EVENT:
                    shelfEndsWallMillis.remove(a.getAlarmId());
                    break;
                case ALARM_CLEARED_EVENT:
                    shelfEndsWallMillis.remove(a.getAlarmId());
                    if (i >= 0) {
                        AlarmRecord freed = records[i];
                        System.arraycopy(records, i + 1, records, i, count - i - 1);
                        records[--count] = freed;
                    }
                    break;
                default:
                    break;
            }
        }
        for (var shelf : shelfEndsWallMillis.entrySet()) {
            int i = indexOf(shelf.getKey());
            if (i < 0 || wallNowMillis <= 0 || shelf.getValue() <= 0) {
                continue; // no wall time to carry the expiry: back to active
            }
            AlarmRecord r = records[i];
            long remainingMillis = Math.max(0, shelf.getValue() - wallNowMillis);
            r.stateBeforeShelve = AlarmState.ALARM_ACTIVE;
            r.state = AlarmState.ALARM_SHELVED;
            r.shelvedUntilTicks = nowTicks + remainingMillis * 1_000_000L;
        }
        nextAlarmId = Math.max(nextAlarmId, maxAlarm + 1);
        nextEventId = Math.max(nextEventId, maxEvent + 1);
    }

    /** The name an alarm's sensor is stored under in the journal (see AlarmDispatcher). */
    static String sensorKey(Alarm a) {
        return a.getStageId() + "/" + a.getSensorId();
    }

    private static int indexOfName(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    public int count() {
        return count;
    }

    /** The alarm at position {@code index} (0..count-1), oldest first. Ring thread only. */
    public AlarmRecord get(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("alarm index " + index + " outside 0.." + (count - 1));
        }
        return records[index];
    }

    public long nextAlarmId() {
        return nextAlarmId;
    }

    public long nextEventId() {
        return nextEventId;
    }

    /** Raises refused because the set was full. */
    public long lostAlarms() {
        return lostAlarms;
    }

    public int capacity() {
        return records.length;
    }
}
