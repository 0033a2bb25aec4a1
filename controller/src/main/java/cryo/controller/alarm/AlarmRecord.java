package cryo.controller.alarm;

import cryo.v1.AlarmCause;
import cryo.v1.AlarmState;
import cryo.v1.Severity;

/**
 * One alarm in the active set: a preallocated, mutable slot owned by the ring thread (written by
 * {@link AlarmSet} only). Identity for de-duplication is cause + sensor + loop.
 */
public final class AlarmRecord {
    long alarmId;
    AlarmCause cause = AlarmCause.ALARM_CAUSE_UNSPECIFIED;
    Severity severity = Severity.SEVERITY_UNSPECIFIED;
    int sensorIndex = -1;
    int loopIndex = -1;
    double value;
    double limit;
    long raisedTicks;
    AlarmState state = AlarmState.ALARM_STATE_UNSPECIFIED;
    AlarmState stateBeforeShelve = AlarmState.ALARM_ACTIVE;
    boolean causePresent;
    long shelvedUntilTicks;
    long updatedTicks;
    String acknowledgedBy = "";
    /** What the cause and numbers cannot say (a failed stage's name and exception); null when nothing. */
    String detail;

    public void copyFrom(AlarmRecord o) {
        alarmId = o.alarmId;
        cause = o.cause;
        severity = o.severity;
        sensorIndex = o.sensorIndex;
        loopIndex = o.loopIndex;
        value = o.value;
        limit = o.limit;
        raisedTicks = o.raisedTicks;
        state = o.state;
        stateBeforeShelve = o.stateBeforeShelve;
        causePresent = o.causePresent;
        shelvedUntilTicks = o.shelvedUntilTicks;
        updatedTicks = o.updatedTicks;
        acknowledgedBy = o.acknowledgedBy;
        detail = o.detail;
    }

    public long alarmId() {
        return alarmId;
    }

    public AlarmCause cause() {
        return cause;
    }

    public Severity severity() {
        return severity;
    }

    public int sensorIndex() {
        return sensorIndex;
    }

    public int loopIndex() {
        return loopIndex;
    }

    public double value() {
        return value;
    }

    public double limit() {
        return limit;
    }

    public long raisedTicks() {
        return raisedTicks;
    }

    public AlarmState state() {
        return state;
    }

    public boolean causePresent() {
        return causePresent;
    }

    public long shelvedUntilTicks() {
        return shelvedUntilTicks;
    }

    public long updatedTicks() {
        return updatedTicks;
    }

    /** Free text beyond cause and numbers; null when none. */
    public String detail() {
        return detail;
    }

    public String acknowledgedBy() {
        return acknowledgedBy;
    }
}
