package cryo.controller.alarm;

import cryo.v1.AlarmEventKind;

/** A preallocated alarm event on its way from the ring thread to the dispatcher: a copy, not a reference. */
public final class AlarmEventSlot {
    public AlarmEventKind kind = AlarmEventKind.ALARM_EVENT_KIND_UNSPECIFIED;
    public long eventId;
    public long boardTicks;
    /** A reference to a string that already exists (the command's operator id); never built here. */
    public String operatorId = "";
    public final AlarmRecord alarm = new AlarmRecord();
}
