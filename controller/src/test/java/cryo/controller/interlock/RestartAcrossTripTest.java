package cryo.controller.interlock;

import cryo.sim.fault.FaultKind;
import cryo.sim.fault.FaultInjector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.alarm.AlarmRecord;
import cryo.controller.alarm.AlarmSet;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.AcknowledgeAlarm;
import cryo.v1.AlarmCause;
import cryo.v1.AlarmEventKind;
import cryo.v1.AlarmState;
import cryo.v1.Command;
import cryo.v1.ShelveAlarm;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarting the controller on the same state directory (its alarm journal) across a trip: the
 * alarm is still latched and the heater stays off until an operator acknowledges it with the
 * cause gone; shelves come back with their expiry in wall time.
 */
class RestartAcrossTripTest {
    private static final int MXC = SimulatedBoards.MXC_THERMOMETER;

    private static Command.Builder ack(long id) {
        return Command.newBuilder().setAcknowledgeAlarm(AcknowledgeAlarm.newBuilder().setAlarmId(id));
    }

    private static AlarmRecord find(AlarmSet alarms, AlarmCause cause) {
        for (int i = 0; i < alarms.count(); i++) {
            if (alarms.get(i).cause() == cause) {
                return alarms.get(i);
            }
        }
        return null;
    }

    @Test
    void aTripSurvivesAKillAndRestartAndTheHeaterStaysOffUntilAcknowledgedWithTheCauseGone(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("alarms.journal");
        final long tripId;
        SimulatedBoard first = SafetyHarness.board(21);
        try (SafetyHarness h = new SafetyHarness(first, c -> c, journal, null)) {
            h.run(60);
            assertTrue(h.mxcHeaterWatts() > 0, "regulating before the fault");
            h.board.mockTemperatureKelvin(MXC, 5.5);
            h.run(1);
            assertTrue(h.controller.interlock().tripped());
            tripId = h.awaitAlarmEvent(e -> e.getKind() == AlarmEventKind.ALARM_RAISED
                    && e.getAlarm().getCause() == AlarmCause.OVER_TEMPERATURE, "journalled trip").getAlarm().getAlarmId();
        }
        // a kill in the middle of the next append: a torn record at the journal's tail
        try (FileChannel ch = FileChannel.open(journal, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ch.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 40, 1, 2, 3}));
        }

        // restart on the same board (the fault still there), then on a repaired one
        try (SafetyHarness h = new SafetyHarness(first, c -> c, journal, null)) {
            assertTrue(h.controller.interlock().tripped(), "latched before the first tick");
            h.run(30);
            assertTrue(h.controller.interlock().tripped());
            assertEquals(0.0, h.mxcHeaterWatts(), "heater off on the board");
            assertFalse(h.board.relayClosed(), "relay open");
            AlarmRecord r = find(h.controller.alarms(), AlarmCause.OVER_TEMPERATURE);
            assertEquals(tripId, r.alarmId(), "the same alarm, not a new one");
            String refused = h.command(ack(tripId));
            assertTrue(refused.startsWith("refused:") && refused.contains("cause is still present"), refused);
            h.run(5);
            assertEquals(0.0, h.mxcHeaterWatts());
        }
        try (SafetyHarness h = new SafetyHarness(SafetyHarness.board(22), c -> c, journal, null)) {
            assertTrue(h.controller.interlock().tripped(), "latched across the second restart too");
            h.run(120);
            assertTrue(h.controller.interlock().tripped(), "the cause going away re-arms nothing by itself");
            assertEquals(0.0, h.mxcHeaterWatts(), "heater off for two minutes without an acknowledgement");
            String ok = h.command(ack(0)); // every alarm whose cause is gone (the trip and what followed it)
            assertTrue(ok.startsWith("accepted:") && ok.contains("re-armed"), ok);
            h.awaitAlarmEvent(e -> e.getKind() == AlarmEventKind.ALARM_CLEARED_EVENT && e.getAlarm().getAlarmId() == tripId,
                    "the restored trip cleared");
            h.run(60);
            assertFalse(h.controller.interlock().tripped());
            assertTrue(h.mxcHeaterWatts() > 0, "regulating again after the acknowledgement");
        }
        try (SafetyHarness h = new SafetyHarness(SafetyHarness.board(23), c -> c, journal, null)) {
            assertFalse(h.controller.interlock().tripped(), "an acknowledged trip stays cleared after a restart");
            assertEquals(0, h.controller.alarms().count());
        }
    }

    @Test
    void aShelfSurvivesARestartWithItsExpiryInWallTime(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("alarms.journal");
        AtomicLong wallMillis = new AtomicLong(1_700_000_000_000L);
        long id;
        SimulatedBoard board = SafetyHarness.board(24);
        try (SafetyHarness h = new SafetyHarness(board, journal, wallMillis::get)) {
            h.run(30);
            new FaultInjector(h.board).injectChannel(FaultKind.SENSOR_OPEN, MXC, 0);
            h.run(1);
            id = find(h.controller.alarms(), AlarmCause.SENSOR_OPEN_CIRCUIT).alarmId();
            String shelved = h.command(Command.newBuilder().setShelveAlarm(ShelveAlarm.newBuilder().setAlarmId(id).setShelveSeconds(100)));
            assertTrue(shelved.startsWith("accepted:"), shelved);
            h.awaitAlarmEvent(e -> e.getKind() == AlarmEventKind.ALARM_SHELVED_EVENT, "shelve journalled");
        }
        wallMillis.addAndGet(30_000); // down for 30 s: 70 s of the shelf are left
        try (SafetyHarness h = new SafetyHarness(board, journal, wallMillis::get)) {
            AlarmRecord r = find(h.controller.alarms(), AlarmCause.SENSOR_OPEN_CIRCUIT);
            assertEquals(id, r.alarmId());
            assertEquals(AlarmState.ALARM_SHELVED, r.state(), "still shelved after the restart");
            assertTrue(h.controller.interlock().tripped(), "shelving never re-arms, across a restart neither");
            h.run(69);
            assertEquals(AlarmState.ALARM_SHELVED, find(h.controller.alarms(), AlarmCause.SENSOR_OPEN_CIRCUIT).state());
            h.run(2);
            assertEquals(AlarmState.ALARM_ACTIVE, find(h.controller.alarms(), AlarmCause.SENSOR_OPEN_CIRCUIT).state(),
                    "the shelf ran out 70 s after the restart, not 100 s");
            h.awaitAlarmEvent(e -> e.getKind() == AlarmEventKind.ALARM_UNSHELVED_EVENT && e.getAlarm().getAlarmId() == id, "unshelved");
            h.command(Command.newBuilder().setShelveAlarm(ShelveAlarm.newBuilder().setAlarmId(id).setShelveSeconds(50)));
            h.awaitAlarmEvent(e -> e.getKind() == AlarmEventKind.ALARM_SHELVED_EVENT && e.getAlarm().getShelvedUntilBoardTicks() > 0
                    && e.getWallTimeUnixMillis() == wallMillis.get(), "second shelve journalled with its wall time");
        }
        wallMillis.addAndGet(3_600_000); // down for an hour: the 50 s shelf ran out meanwhile
        try (SafetyHarness h = new SafetyHarness(board, journal, wallMillis::get)) {
            h.run(0.2);
            assertEquals(AlarmState.ALARM_ACTIVE, find(h.controller.alarms(), AlarmCause.SENSOR_OPEN_CIRCUIT).state(),
                    "a shelf that expired while the controller was down comes back active at once");
            h.awaitAlarmEvent(e -> e.getKind() == AlarmEventKind.ALARM_UNSHELVED_EVENT, "unshelved on the first tick");
        }
    }
}
