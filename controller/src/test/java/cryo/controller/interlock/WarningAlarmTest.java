package cryo.controller.interlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.alarm.AlarmJournal;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.AlarmCause;
import cryo.v1.AlarmEvent;
import cryo.v1.AlarmEventKind;
import cryo.v1.Severity;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Warning-level alarms: raised and cleared by themselves without tripping, shown in Status and
 * journalled; a warning that turns into a trip is the same alarm escalated to critical.
 */
class WarningAlarmTest {
    private static final int MXC = SimulatedBoards.MXC_THERMOMETER;

    /** The mixing chamber with its over-temperature limit at 1.02 K: the warning level, 0.918 K, is reachable by regulation. */
    private static SafetyHarness lowLimit(long seed, Path journal) throws Exception {
        return new SafetyHarness(SafetyHarness.board(seed), c -> c.withInterlocks(c.interlocks().withSensor(
                c.interlocks().sensor(0).withOverTemperature(1.02, 4))), journal, null);
    }

    @Test
    void approachingTheOverTemperatureLimitWarnsWithoutTrippingAndClearsByItself(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("alarms.journal");
        long warningId;
        try (SafetyHarness h = lowLimit(41, journal)) {
            h.run(60);
            h.command(FaultMatrixTest.range(7));
            h.command(FaultMatrixTest.setpoint(0.95)); // above 90 % of the limit, below the limit
            h.run(60);
            assertFalse(h.controller.interlock().tripped(), () -> "a warning trips nothing: " + h.controller.interlock().cause());
            assertTrue(h.board.relayClosed(), "relay stays closed");
            assertTrue(h.mxcHeaterWatts() > 0, "still regulating");
            AlarmEvent raised = h.awaitAlarmEvent(e -> e.getKind() == AlarmEventKind.ALARM_RAISED
                    && e.getAlarm().getCause() == AlarmCause.OVER_TEMPERATURE, "warning raised");
            assertEquals(Severity.SEVERITY_WARNING, raised.getAlarm().getSeverity());
            assertEquals(0.918, raised.getAlarm().getLimit(), 1e-9, "the warning level: 90 % of the limit");
            warningId = raised.getAlarm().getAlarmId();
            h.run(1.5);
            assertTrue(h.latestStatus().getActiveAlarmsList().stream()
                    .anyMatch(a -> a.getAlarmId() == warningId && a.getSeverity() == Severity.SEVERITY_WARNING), "in Status");

            h.command(FaultMatrixTest.setpoint(0.8));
            h.run(60);
            h.awaitAlarmEvent(e -> e.getKind() == AlarmEventKind.ALARM_CLEARED_EVENT && e.getAlarm().getAlarmId() == warningId,
                    "warning cleared without an operator");
            assertEquals(0, h.controller.alarms().count());
            assertFalse(h.controller.interlock().tripped());

            // a warning that becomes a trip: the same alarm, escalated
            h.command(FaultMatrixTest.setpoint(0.95));
            h.run(60);
            long secondId = h.awaitAlarmEvent(e -> e.getKind() == AlarmEventKind.ALARM_RAISED && e.getAlarm().getAlarmId() > warningId,
                    "second warning").getAlarm().getAlarmId();
            h.board.mockTemperatureKelvin(MXC, 1.1);
            h.run(1);
            assertTrue(h.controller.interlock().tripped());
            assertEquals(0.0, h.mxcHeaterWatts());
            AlarmEvent escalated = h.awaitAlarmEvent(e -> e.getKind() == AlarmEventKind.ALARM_RAISED
                    && e.getAlarm().getAlarmId() == secondId && e.getAlarm().getSeverity() == Severity.SEVERITY_CRITICAL, "escalated");
            assertEquals(1.02, escalated.getAlarm().getLimit(), 1e-9);
        }
        List<AlarmEvent> events = AlarmJournal.read(journal);
        assertTrue(events.stream().anyMatch(e -> e.getAlarm().getAlarmId() == warningId && e.getKind() == AlarmEventKind.ALARM_CLEARED_EVENT
                && e.getAlarm().getSeverity() == Severity.SEVERITY_WARNING), "the warning's raise and clear are journalled");
        try (SafetyHarness h = lowLimit(42, journal)) {
            assertTrue(h.controller.interlock().tripped(), "the escalated alarm is restored as critical and latches");
        }
    }

    @Test
    void aRisingCrcErrorRateWarnsBelowTheTripRate() throws Exception {
        try (SafetyHarness h = new SafetyHarness(43)) {
            h.run(30);
            // 20 corrupted frames spread over 2 s, of about 500 recent frames (50 a second, averaged over
            // 10 s): above half the tolerated 5 % (a warning), below the 5 % a trip needs
            for (int i = 0; i < 4; i++) {
                h.board.corruptNextResponses(5);
                h.run(0.5);
            }
            assertFalse(h.controller.interlock().tripped(), () -> "no trip: " + h.controller.interlock().cause());
            AlarmEvent raised = h.awaitAlarmEvent(e -> e.getKind() == AlarmEventKind.ALARM_RAISED
                    && e.getAlarm().getCause() == AlarmCause.BUS_CRC_RATE, "CRC warning");
            assertEquals(Severity.SEVERITY_WARNING, raised.getAlarm().getSeverity());
            h.run(130); // two clean time constants: the recent failures decay below 5
            h.awaitAlarmEvent(e -> e.getKind() == AlarmEventKind.ALARM_CLEARED_EVENT && e.getAlarm().getCause() == AlarmCause.BUS_CRC_RATE,
                    "CRC warning cleared");
            assertEquals(0, h.controller.alarms().count());
            assertFalse(h.controller.interlock().tripped());
        }
    }
}
