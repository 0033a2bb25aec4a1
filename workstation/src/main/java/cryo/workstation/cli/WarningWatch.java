package cryo.workstation.cli;

import cryo.controller.alarm.AlarmNames;
import cryo.controller.alarm.AlarmRecord;
import cryo.controller.alarm.AlarmSet;
import cryo.controller.config.ControllerConfig;
import cryo.v1.Severity;
import java.util.List;
import java.util.Locale;

/**
 * The warnings the controller raises during a {@link SimRun} (an over-temperature warning level, a
 * bus CRC rate near its limit, a failed autotune, a late pulse): alarms that publish but do not
 * trip, so the interlock's trip count never shows them. Polled after each lock-step tick, when the
 * ring thread has finished with the alarm set.
 */
final class WarningWatch {
    private final AlarmSet set;
    private final ControllerConfig config;
    private long seenAlarmId;

    WarningWatch(AlarmSet set, ControllerConfig config) {
        this.set = set;
        this.config = config;
        this.seenAlarmId = set.nextAlarmId();
    }

    /** Adds a "warning" event at {@code seconds} for every warning raised since the last poll. */
    void poll(double seconds, List<SimRun.Event> alarms) {
        long next = set.nextAlarmId();
        if (next == seenAlarmId) {
            return;
        }
        for (int i = 0; i < set.count(); i++) {
            AlarmRecord r = set.get(i);
            if (r.alarmId() >= seenAlarmId && r.severity() == Severity.SEVERITY_WARNING) {
                int s = r.sensorIndex();
                String where = s >= 0 && s < config.sensors().size() ? " on " + config.sensors().get(s).stageId() : "";
                String units = AlarmNames.units(r.cause());
                alarms.add(new SimRun.Event(seconds, "warning", String.format(Locale.ROOT, "%s%s: %.6g %s (warning level %.6g %s)",
                        r.cause().name(), where, r.value(), units, r.limit(), units)));
            }
        }
        seenAlarmId = next;
    }
}
