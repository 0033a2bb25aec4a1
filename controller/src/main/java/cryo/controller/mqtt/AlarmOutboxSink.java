package cryo.controller.mqtt;

import cryo.controller.alarm.AlarmJournal;
import cryo.controller.alarm.AlarmSink;
import cryo.v1.Alarm;
import cryo.v1.AlarmEvent;
import cryo.v1.AlarmEventKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Connects the interlock's alarm event stream to the MQTT outbox: every event the alarm set emits
 * (raised, acknowledged, shelved, unshelved, cause gone, cleared) is forced to the outbox as it
 * happens, with the interlock's board time and event id, and the session thread is woken to
 * publish it at QoS 1 on {@code cryo/v1/<node>/alarm}.
 *
 * <p>Runs on the alarm dispatcher thread ("cryo-alarms"), after the event is in the alarm
 * journal; the ring thread only ever touches the lock-free AlarmEventChannel before that. The
 * outbox's kind sequence for alarm events is the event id itself, so an event is stored at most
 * once: on open, events the journal holds beyond the outbox's last id (a crash between the
 * journal's fsync and the outbox's) are appended first, flagged historical when published.
 */
public final class AlarmOutboxSink implements AlarmSink {
    private final Outbox outbox;
    private volatile LongSupplier sessionEpoch = () -> -1;
    private volatile Runnable wake = () -> { };
    private volatile long appended;
    private volatile long skipped;
    private volatile long errors;
    private volatile String lastError = "";
    private final long caughtUpFromJournal;
    /** The alarm set as the events tell it (for the Birth), by alarm id in raise order; not the ring's. */
    private final Map<Long, Alarm> active = new LinkedHashMap<>();

    private AlarmOutboxSink(Outbox outbox, long caughtUpFromJournal) {
        this.outbox = outbox;
        this.caughtUpFromJournal = caughtUpFromJournal;
    }

    /**
     * @param journal the alarm journal the dispatcher will append to; read here, before the
     *                controller opens it, to catch the outbox up. Required: event ids continue
     *                across restarts only when the alarm set is restored from a journal.
     */
    public static AlarmOutboxSink open(Outbox outbox, Path journal) throws IOException {
        if (journal == null) {
            throw new IllegalArgumentException("the alarm outbox needs the alarm journal (event ids restart without it)");
        }
        long caughtUp = 0;
        List<AlarmEvent> journalled = AlarmJournal.read(journal);
        for (AlarmEvent e : journalled) {
            if (outbox.appendWithKindSeq(Outbox.ALARM_EVENT, e.getEventId(), e.toByteArray(), -1) != null) {
                caughtUp++;
            }
        }
        AlarmOutboxSink sink = new AlarmOutboxSink(outbox, caughtUp);
        for (AlarmEvent e : journalled) {
            sink.fold(e); // the set the controller restores from the same journal
        }
        return sink;
    }

    /** Called by the session: the connection an append belongs to (-1 none) and how to wake it. */
    void attach(LongSupplier sessionEpoch, Runnable wake) {
        this.sessionEpoch = sessionEpoch;
        this.wake = wake;
    }

    @Override
    public void onAlarmEvent(AlarmEvent event) {
        fold(event);
        long epoch = sessionEpoch.getAsLong();
        byte[] payload = event.toBuilder().setBdSeq(Math.max(epoch, 0)).build().toByteArray();
        try {
            if (outbox.appendWithKindSeq(Outbox.ALARM_EVENT, event.getEventId(), payload, epoch) != null) {
                appended++;
            } else {
                skipped++; // already stored (caught up from the journal at open)
            }
        } catch (IOException e) {
            errors++;
            lastError = "alarm outbox: " + e.getMessage();
        }
        wake.run();
    }

    private synchronized void fold(AlarmEvent e) {
        if (e.getKind() == AlarmEventKind.ALARM_CLEARED_EVENT) {
            active.remove(e.getAlarm().getAlarmId());
        } else if (e.hasAlarm()) {
            active.put(e.getAlarm().getAlarmId(), e.getAlarm());
        }
    }

    /** The current alarm set as of the last event (the Birth's, so it is right before the first status). Any thread. */
    public synchronized List<Alarm> activeAlarms() {
        return new ArrayList<>(active.values());
    }

    /** Events stored since open (not counting the catch-up from the journal). */
    public long appended() {
        return appended;
    }

    /** Events the outbox already held (ids at or below its last). */
    public long skipped() {
        return skipped;
    }

    /** Journalled events the outbox was missing when opened (stored then, published as historical). */
    public long caughtUpFromJournal() {
        return caughtUpFromJournal;
    }

    public long errors() {
        return errors;
    }

    public String lastError() {
        return lastError;
    }
}
