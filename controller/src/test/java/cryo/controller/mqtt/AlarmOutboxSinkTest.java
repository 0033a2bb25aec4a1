package cryo.controller.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cryo.controller.alarm.AlarmJournal;
import cryo.v1.AlarmEvent;
import cryo.v1.AlarmEventKind;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alarm sink stores each event once, keyed on the interlock's event id, and catches up from the journal. */
class AlarmOutboxSinkTest {
    @TempDir
    Path dir;

    private static AlarmEvent event(long id) {
        return AlarmEvent.newBuilder().setNodeId("n").setEventId(id).setBoardTicks(id * 1000)
                .setKind(id % 2 == 1 ? AlarmEventKind.ALARM_RAISED : AlarmEventKind.ALARM_CLEARED_EVENT).build();
    }

    @Test
    void eventsJournalledButNotInTheOutboxAreCaughtUpOnOpenAndNothingIsStoredTwice() throws Exception {
        Path journalPath = dir.resolve("alarms.journal");
        try (AlarmJournal j = AlarmJournal.open(journalPath);
             Outbox o = Outbox.open(dir, 100)) {
            AlarmOutboxSink sink = AlarmOutboxSink.open(o, journalPath);
            for (long id = 1; id <= 5; id++) {
                j.append(event(id));
                if (id <= 3) {
                    sink.onAlarmEvent(event(id)); // a crash after journalling 4 and 5, before the outbox had them
                }
            }
            assertEquals(3, sink.appended());
        }
        try (Outbox o = Outbox.open(dir, 100)) {
            AlarmOutboxSink sink = AlarmOutboxSink.open(o, journalPath);
            assertEquals(2, sink.caughtUpFromJournal());
            assertEquals(5, o.lastKindSeq(Outbox.ALARM_EVENT));
            assertEquals(5, o.pending());
            sink.onAlarmEvent(event(5)); // delivered again by a dispatcher: already stored
            assertEquals(1, sink.skipped());
            sink.attach(() -> 7, () -> { });
            sink.onAlarmEvent(event(6));
            assertEquals(6, o.pending());
            long expectId = 1;
            Outbox.Entry e;
            while ((e = o.peek()) != null) {
                AlarmEvent got = AlarmEvent.parseFrom(e.payload());
                assertEquals(expectId, got.getEventId(), "in event id order");
                assertEquals(expectId, e.kindSeq(), "the outbox keys alarm events on the event id");
                assertEquals(expectId == 6 ? 7 : -1, e.epoch(), "stored in the live session, or from before (historical)");
                assertEquals(expectId == 6 ? 7 : 0, got.getBdSeq(), "bd_seq of the session it was stored in");
                assertEquals(expectId * 1000, got.getBoardTicks(), "board time kept");
                o.markDelivered(e.seq());
                expectId++;
            }
            assertEquals(7, expectId);
            assertNull(o.appendWithKindSeq(Outbox.ALARM_EVENT, 6, new byte[0], -1), "an id at or below the last is refused");
        }
    }

    @Test
    void theAlarmSetForTheBirthIsFoldedFromTheJournalAndTheEvents() throws Exception {
        Path journalPath = dir.resolve("alarms.journal");
        try (AlarmJournal j = AlarmJournal.open(journalPath)) {
            j.append(alarmEvent(1, 7, AlarmEventKind.ALARM_RAISED));
            j.append(alarmEvent(2, 8, AlarmEventKind.ALARM_RAISED));
            j.append(alarmEvent(3, 7, AlarmEventKind.ALARM_CLEARED_EVENT));
        }
        try (Outbox o = Outbox.open(dir, 100)) {
            AlarmOutboxSink sink = AlarmOutboxSink.open(o, journalPath);
            assertEquals(java.util.List.of(8L), ids(sink), "restored from the journal: 8 still active");
            sink.onAlarmEvent(alarmEvent(4, 9, AlarmEventKind.ALARM_RAISED));
            sink.onAlarmEvent(alarmEvent(5, 8, AlarmEventKind.ALARM_ACKNOWLEDGED_EVENT));
            assertEquals(java.util.List.of(8L, 9L), ids(sink));
            assertEquals(cryo.v1.AlarmState.ALARM_ACKNOWLEDGED, sink.activeAlarms().get(0).getState(), "latest state of 8");
            sink.onAlarmEvent(alarmEvent(6, 8, AlarmEventKind.ALARM_CLEARED_EVENT));
            assertEquals(java.util.List.of(9L), ids(sink));
        }
    }

    private static java.util.List<Long> ids(AlarmOutboxSink sink) {
        return sink.activeAlarms().stream().map(cryo.v1.Alarm::getAlarmId).toList();
    }

    private static AlarmEvent alarmEvent(long eventId, long alarmId, AlarmEventKind kind) {
        cryo.v1.AlarmState state = switch (kind) {
            case ALARM_CLEARED_EVENT -> cryo.v1.AlarmState.ALARM_CLEARED;
            case ALARM_ACKNOWLEDGED_EVENT -> cryo.v1.AlarmState.ALARM_ACKNOWLEDGED;
            default -> cryo.v1.AlarmState.ALARM_ACTIVE;
        };
        return AlarmEvent.newBuilder().setNodeId("n").setEventId(eventId).setKind(kind)
                .setAlarm(cryo.v1.Alarm.newBuilder().setAlarmId(alarmId).setState(state)).build();
    }

    @Test
    void needsTheJournal() throws Exception {
        try (Outbox o = Outbox.open(dir, 10)) {
            assertThrows(IllegalArgumentException.class, () -> AlarmOutboxSink.open(o, null));
        }
    }
}
