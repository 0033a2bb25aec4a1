package cryo.controller.alarm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.v1.AlarmCause;
import cryo.v1.AlarmEvent;
import cryo.v1.AlarmEventKind;
import cryo.v1.AlarmState;
import cryo.v1.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlarmSetTest {
    private final AlarmEventChannel channel = new AlarmEventChannel(64);
    private final AlarmNames names = new AlarmNames(new String[] {"mxc"}, new String[] {"ruox"}, new String[] {"mxc"});
    private final AlarmSet set = new AlarmSet(4, channel, names.sensorKeys(), names.loopIds());

    private List<AlarmEvent> drain() {
        AlarmDispatcher d = new AlarmDispatcher(channel, null, null, "n", names);
        List<AlarmEvent> out = new ArrayList<>();
        AlarmEventSlot s;
        while ((s = channel.poll()) != null) {
            out.add(d.toProto(s));
            channel.release();
        }
        return out;
    }

    @Test
    void oneFaultIsOneAlarmAndAcknowledgeNeedsTheCauseGone() {
        long id = set.raise(AlarmCause.OVER_TEMPERATURE, Severity.SEVERITY_CRITICAL, 0, -1, 5.5, 5.0, 100);
        assertEquals(id, set.raise(AlarmCause.OVER_TEMPERATURE, Severity.SEVERITY_CRITICAL, 0, -1, 5.6, 5.0, 200));
        assertEquals(1, set.count());
        assertTrue(set.acknowledge(id, "op", 300).contains("cause is still present"));
        assertTrue(set.acknowledge(id + 1, "op", 300).startsWith("no alarm " + (id + 1)));
        set.setCausePresent(0, false, 400);
        assertNull(set.acknowledge(id, "op", 500));
        assertEquals(0, set.count());
        assertTrue(!set.anyCritical());
        List<AlarmEvent> events = drain();
        assertEquals(List.of(AlarmEventKind.ALARM_RAISED, AlarmEventKind.ALARM_CAUSE_GONE,
                AlarmEventKind.ALARM_ACKNOWLEDGED_EVENT, AlarmEventKind.ALARM_CLEARED_EVENT),
                events.stream().map(AlarmEvent::getKind).toList());
        for (int i = 1; i < events.size(); i++) {
            assertEquals(events.get(i - 1).getEventId() + 1, events.get(i).getEventId());
        }
        assertEquals("op", events.get(3).getOperatorId());
        assertEquals(AlarmState.ALARM_CLEARED, events.get(3).getAlarm().getState());
        long next = set.raise(AlarmCause.STALE_DATA, Severity.SEVERITY_CRITICAL, 0, -1, 1, 0.3, 600);
        assertTrue(next > id, "ids never reused");
    }

    @Test
    void journalSurvivesRestartAndCutsATornTail(@TempDir Path dir) throws Exception {
        Path p = dir.resolve("a.journal");
        set.raise(AlarmCause.SENSOR_OPEN_CIRCUIT, Severity.SEVERITY_CRITICAL, 0, -1, 1e9, 7e4, 1);
        set.raise(AlarmCause.HEATUP_FAILED, Severity.SEVERITY_CRITICAL, 0, 0, 0.1, 0.2, 2);
        set.setCausePresent(1, false, 3);
        set.acknowledge(2, "op", 4);
        try (AlarmJournal j = AlarmJournal.open(p)) {
            for (AlarmEvent e : drain()) {
                j.append(e);
            }
        }
        Files.write(p, new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND); // a crash mid-append
        try (AlarmJournal j = AlarmJournal.open(p)) {
            assertEquals(5, j.replayed().size(), "raised x2, cause gone, acknowledged, cleared; torn tail dropped");
            AlarmSet restored = new AlarmSet(4, new AlarmEventChannel(8), names.sensorKeys(), names.loopIds());
            restored.restore(j.replayed());
            assertEquals(1, restored.count());
            assertEquals(AlarmCause.SENSOR_OPEN_CIRCUIT, restored.get(0).cause());
            assertEquals(0, restored.get(0).sensorIndex());
            assertEquals(3, restored.nextAlarmId());
            assertEquals(6, restored.nextEventId());
        }
        assertEquals(5, AlarmJournal.read(p).size());
    }
}
