package cryo.controller.sequencer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.alarm.AlarmJournal;
import cryo.controller.alarm.AlarmRecord;
import cryo.controller.alarm.AlarmSet;
import cryo.controller.telemetry.StatusBuilder;
import cryo.controller.telemetry.StatusChannel;
import cryo.controller.telemetry.StatusSnapshot;
import cryo.sim.plant.MixingChamberPlant;
import cryo.v1.AcknowledgeAlarm;
import cryo.v1.Alarm;
import cryo.v1.AlarmCause;
import cryo.v1.AlarmEvent;
import cryo.v1.AlarmEventKind;
import cryo.v1.Command;
import cryo.v1.PulseSequence;
import cryo.v1.Severity;
import cryo.v1.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sequencer's alarm hook is wired to the real alarm set: an underflow is a latched alarm everywhere alarms go. */
class SequencerAlarmTest {
    /** The streaming path (programs off): what these tests are about. ProgramPathTest covers the board's programs. */
    private static final SequencerConfig CONFIG = SequencerConfig.defaults(0.1).withPrograms(false);

    private static PulseSequence sparse() {
        return Sequences.experiment().toBuilder().setLengthTicks(50_000_000).build();
    }

    @Test
    void anUnderflowLatchesAWarningInTheAlarmSetStatusJournalAndAlarmStream(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("alarms.journal");
        try (SequencerHarness h = new SequencerHarness(CONFIG, MixingChamberPlant.typical(), 0.1, journal)) {
            assertTrue(h.start(sparse(), 0).startsWith("accepted"));
            h.driver.run(0.5);
            h.sequencer.stallForTest(5); // the slowed host: half a second without the sequencer
            h.driver.run(0.8);
            assertEquals(PulseSequencerStage.ABORTED, h.sequencer.state());
            assertTrue(h.sequencer.lastError().startsWith("underflow: "), h.sequencer.lastError());

            // the alarm set (read between lock-step steps: the ring is idle)
            AlarmSet set = h.controller.alarms();
            AlarmRecord r = only(set, AlarmCause.PULSE_UNDERFLOW);
            assertEquals(Severity.SEVERITY_WARNING, r.severity());
            assertTrue(r.value() > 0, "how late, ticks: " + r.value());
            assertEquals(CONFIG.lookaheadTicks(), r.limit());
            assertFalse(r.causePresent(), "a one-off event: the cause is gone once the sequence is aborted, the alarm stays latched");
            assertFalse(h.controller.interlock().tripped(), "an underflow is not a safety trip");

            h.driver.run(1.1); // past the next status interval
            // Status: the active alarm with its units and message, and the cause in the sequencer's last error
            Status status = latestStatus(h);
            Alarm a = status.getActiveAlarmsList().stream().filter(x -> x.getCause() == AlarmCause.PULSE_UNDERFLOW).findFirst()
                    .orElseThrow(() -> new AssertionError("no PULSE_UNDERFLOW in " + status.getActiveAlarmsList()));
            assertEquals(Severity.SEVERITY_WARNING, a.getSeverity());
            assertEquals("ticks", a.getUnits());
            assertTrue(a.getMessage().contains("pulse sequence underflow"), a.getMessage());
            assertTrue(status.getSequencer().getLastError().startsWith("underflow: "), status.getSequencer().getLastError());

            // the alarm stream (sink, after the journal) and the journal on disk
            await(() -> has(List.copyOf(h.alarmEvents), AlarmEventKind.ALARM_RAISED) && has(List.copyOf(h.alarmEvents), AlarmEventKind.ALARM_CAUSE_GONE),
                    "raised and cause-gone events on the alarm stream: " + h.alarmEvents);
            List<AlarmEvent> onDisk = AlarmJournal.read(journal);
            assertTrue(has(onDisk, AlarmEventKind.ALARM_RAISED), "journal: " + onDisk);

            // latched until acknowledged; then it leaves the set
            long id = r.alarmId();
            String ack = h.command(Command.newBuilder().setOperatorId("op").setAcknowledgeAlarm(AcknowledgeAlarm.newBuilder().setAlarmId(id)));
            assertTrue(ack.startsWith("accepted"), ack);
            h.driver.step();
            assertEquals(0, count(h.controller.alarms(), AlarmCause.PULSE_UNDERFLOW));
            await(() -> has(List.copyOf(h.alarmEvents), AlarmEventKind.ALARM_CLEARED_EVENT), "cleared event: " + h.alarmEvents);
        }
    }

    @Test
    void aBoardDetectedUnderflowRaisesTheSameAlarm() throws Exception {
        try (SequencerHarness h = new SequencerHarness(CONFIG, new MixingChamberPlant(1000.0, 0.5e-3, 4e-6, 4.0))) {
            assertTrue(h.start(sparse(), 0).startsWith("accepted"));
            h.driver.run(0.5);
            h.bus.delaySeconds = 0.3; // each entry burst arrives after its time: the board drops it
            h.driver.step();
            h.bus.delaySeconds = 0;
            h.driver.step();
            assertEquals(PulseSequencerStage.ABORTED, h.sequencer.state());
            AlarmRecord r = only(h.controller.alarms(), AlarmCause.PULSE_UNDERFLOW);
            assertEquals(Severity.SEVERITY_WARNING, r.severity());
            assertEquals(CONFIG.lookaheadTicks(), r.limit());
        }
    }

    private static AlarmRecord only(AlarmSet set, AlarmCause cause) {
        assertEquals(1, count(set, cause), "exactly one " + cause + " alarm");
        for (int i = 0; i < set.count(); i++) {
            if (set.get(i).cause() == cause) {
                return set.get(i);
            }
        }
        throw new AssertionError();
    }

    private static int count(AlarmSet set, AlarmCause cause) {
        int n = 0;
        for (int i = 0; i < set.count(); i++) {
            if (set.get(i).cause() == cause) {
                n++;
            }
        }
        return n;
    }

    private static boolean has(List<AlarmEvent> events, AlarmEventKind kind) {
        return events.stream().anyMatch(e -> e.getKind() == kind && e.getAlarm().getCause() == AlarmCause.PULSE_UNDERFLOW);
    }

    private static Status latestStatus(SequencerHarness h) {
        StatusChannel ch = h.controller.statusChannel();
        StatusBuilder builder = new StatusBuilder(h.controller.config());
        Status status = null;
        for (StatusSnapshot s = ch.poll(); s != null; s = ch.poll()) {
            status = builder.build(s, 1, 0);
            ch.release();
        }
        if (status == null) {
            throw new AssertionError("no status published");
        }
        return status;
    }

    /** Waits for another thread (the alarm dispatcher) with a bounded deadline. */
    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }
}
