package cryo.controller.interlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.alarm.AlarmJournal;
import cryo.controller.ring.EventType;
import cryo.controller.ring.RingStage;
import cryo.v1.AlarmCause;
import cryo.v1.AlarmEvent;
import cryo.v1.AlarmEventKind;
import cryo.v1.InterlockState;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A ring stage that throws trips the one trip path in the same pass; the ring thread lives on. */
class StageFailureTripTest {
    /** A stage with a bug that shows on one tick. */
    static final class FlakyStage implements RingStage {
        volatile boolean fail;

        @Override
        public void onEvent(cryo.controller.ring.ControlEvent e) {
            if (fail && e.type == EventType.TICK) {
                throw new IllegalStateException("boom");
            }
        }
    }

    @Test
    void aThrowingStageTripsDrivesTheSafeStateRaisesACriticalAlarmAndStopsTheHeartbeats(@TempDir Path dir) throws Exception {
        FlakyStage flaky = new FlakyStage();
        Path journal = dir.resolve("alarms.journal");
        try (SafetyHarness h = new SafetyHarness(SafetyHarness.board(21), cfg -> cfg, journal, flaky)) {
            h.run(120);
            assertTrue(h.mxcHeaterWatts() > 0, "regulating");
            long progress = h.controller.healthProgress();
            assertTrue(progress > 0);
            flaky.fail = true;
            h.driver.step(); // one pass: the stage throws
            flaky.fail = false;
            assertTrue(h.controller.interlock().tripped(), "tripped in the same pass");
            assertEquals(AlarmCause.STAGE_FAILED, h.controller.interlock().cause());
            assertTrue(h.controller.interlock().safeStateReached());
            assertFalse(h.board.relayClosed(), "relay open");
            h.board.update(0.01);
            assertEquals(0.0, h.mxcHeaterWatts(), "heater cut");
            assertTrue(h.controller.ring().thread().isAlive(), "the ring thread lives on");
            h.run(5); // later passes run: the ring was not killed
            assertEquals(InterlockState.INTERLOCK_TRIPPED, h.latestStatus().getInterlock().getState());
            AlarmEvent raised = h.awaitAlarmEvent(e -> e.getKind() == AlarmEventKind.ALARM_RAISED
                    && e.getAlarm().getCause() == AlarmCause.STAGE_FAILED, "stage-failed alarm");
            assertEquals(cryo.v1.Severity.SEVERITY_CRITICAL, raised.getAlarm().getSeverity());
            assertTrue(raised.getAlarm().getMessage().contains("stage FlakyStage threw java.lang.IllegalStateException: boom"),
                    raised.getAlarm().getMessage());
            assertEquals(-1L, h.controller.healthProgress(), "heartbeat progress frozen: a trial boot fails");
            assertEquals(1, h.controller.ring().stageFailures());
            h.controller.alarmDispatcher().close(); // flushes the journal
            assertTrue(AlarmJournal.open(journal).replayed().stream().anyMatch(e -> e.getAlarm().getCause() == AlarmCause.STAGE_FAILED),
                    "journalled");
        }
    }

    @Test
    void aTripTheFullAlarmSetCannotRecordStaysLatchedUntilAcknowledged() throws Exception {
        try (SafetyHarness h = new SafetyHarness(SafetyHarness.board(22), cfg -> cfg, null, null,
                SafetyOptions.IN_MEMORY.withAlarmCapacity(1))) {
            h.run(60);
            for (int i = 0; i < 4; i++) { // 20 CRC failures in 2 s (of ~500 recent frames): above half the tolerated 5 %, below it
                h.board.corruptNextResponses(5);
                h.run(0.5);
            }
            assertEquals(1, h.controller.alarms().count());
            assertFalse(h.controller.interlock().tripped());
            new cryo.sim.fault.FaultInjector(h.board).inject(cryo.sim.fault.FaultKind.SENSOR_OPEN, cryo.hal.device.StageId.MXC, 0);
            h.run(1);
            assertTrue(h.controller.interlock().tripped());
            assertTrue(h.controller.interlock().unrecordedTrips() > 0, "the set was full");
            new cryo.sim.fault.FaultInjector(h.board).clear(cryo.sim.fault.FaultKind.SENSOR_OPEN, cryo.hal.device.StageId.MXC);
            h.run(30);
            assertTrue(h.controller.interlock().tripped(), "no tick re-arms the latch");
            assertFalse(h.board.relayClosed());
            String ack = h.command(cryo.v1.Command.newBuilder().setAcknowledgeAlarm(cryo.v1.AcknowledgeAlarm.newBuilder().setAlarmId(0)));
            assertTrue(ack.startsWith("accepted:") && ack.contains("re-armed"), () -> ack + " " + h.latestStatus().getActiveAlarmsList());
            assertFalse(h.controller.interlock().tripped());
        }
    }
}
