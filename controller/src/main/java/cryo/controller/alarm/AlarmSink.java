package cryo.controller.alarm;

import cryo.v1.AlarmEvent;

/**
 * Where alarm events go once they are safe on disk: the MQTT adapter connects this to the
 * {@code cryo/v1/<node>/alarm} topic through its outbox.
 *
 * <p>Thread contract: called on the alarm dispatcher thread ("cryo-alarms"), never on the ring
 * thread, one event at a time in {@code event_id} order, each only after it was appended to the
 * journal and fsynced. May block briefly (the ring does not wait for it, but later alarm events
 * queue behind it); should hand off to an outbox and return. An exception is caught, counted
 * and the next event is still delivered. {@code bd_seq} is left 0 for the MQTT session to fill.
 */
@FunctionalInterface
public interface AlarmSink {
    void onAlarmEvent(AlarmEvent event);

    AlarmSink NONE = e -> { };
}
