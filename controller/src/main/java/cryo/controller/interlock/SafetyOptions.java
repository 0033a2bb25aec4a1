package cryo.controller.interlock;

import cryo.controller.alarm.AlarmSink;
import cryo.controller.ring.RingStage;
import java.nio.file.Path;
import java.util.function.LongSupplier;

/**
 * How the controller's safety side is wired beyond the configuration.
 *
 * @param alarmJournal where alarm events are journalled (null: in memory only, nothing survives a restart)
 * @param alarmSink    receives every alarm event after it is journalled (the MQTT adapter's alarm outbox)
 * @param testHook     an extra ring stage after telemetry, for tests only (e.g. one that freezes the
 *                     ring thread); null in production
 * @param wallClockMillis the host's wall clock (Unix ms), stamped on journalled events so a
 *                     shelf's expiry survives a restart (board time restarts with the board);
 *                     null: shelves are not restored after a restart (the alarm comes back active)
 */
public record SafetyOptions(Path alarmJournal, AlarmSink alarmSink, RingStage testHook, LongSupplier wallClockMillis,
                            int alarmCapacity) {
    /** Active alarms the set holds; a trip beyond it still latches (Interlock.unrecordedTrips). */
    public static final int DEFAULT_ALARM_CAPACITY = 64;
    public static final SafetyOptions IN_MEMORY = new SafetyOptions(null, AlarmSink.NONE, null);

    public SafetyOptions {
        if (alarmSink == null) {
            alarmSink = AlarmSink.NONE;
        }
        if (alarmCapacity < 1) {
            throw new IllegalArgumentException("alarmCapacity must be >= 1, was " + alarmCapacity);
        }
    }

    public SafetyOptions(Path alarmJournal, AlarmSink alarmSink, RingStage testHook, LongSupplier wallClockMillis) {
        this(alarmJournal, alarmSink, testHook, wallClockMillis, DEFAULT_ALARM_CAPACITY);
    }

    /** The same wiring with a smaller (or larger) active alarm set: tests fill it. */
    public SafetyOptions withAlarmCapacity(int capacity) {
        return new SafetyOptions(alarmJournal, alarmSink, testHook, wallClockMillis, capacity);
    }

    public SafetyOptions(Path alarmJournal, AlarmSink alarmSink, RingStage testHook) {
        this(alarmJournal, alarmSink, testHook, null);
    }
}
