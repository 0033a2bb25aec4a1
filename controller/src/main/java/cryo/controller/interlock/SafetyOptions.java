package cryo.controller.interlock;

import cryo.controller.alarm.AlarmSink;
import cryo.controller.ring.RingStage;
import java.nio.file.Path;

/**
 * How the controller's safety side is wired beyond the configuration.
 *
 * @param alarmJournal where alarm events are journalled (null: in memory only, nothing survives a restart)
 * @param alarmSink    receives every alarm event after it is journalled (the MQTT adapter's alarm outbox)
 * @param testHook     an extra ring stage after telemetry, for tests only (e.g. one that freezes the
 *                     ring thread); null in production
 */
public record SafetyOptions(Path alarmJournal, AlarmSink alarmSink, RingStage testHook) {
    public static final SafetyOptions IN_MEMORY = new SafetyOptions(null, AlarmSink.NONE, null);

    public SafetyOptions {
        if (alarmSink == null) {
            alarmSink = AlarmSink.NONE;
        }
    }
}
