package cryo.controller.interlock;

import cryo.sim.fault.FaultKind;
import cryo.sim.fault.FaultInjector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.config.InterlockConfig;
import cryo.hal.cmos.CryoCmosBoard;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.AcknowledgeAlarm;
import cryo.v1.AlarmCause;
import cryo.v1.AlarmEvent;
import cryo.v1.AlarmEventKind;
import cryo.v1.AlarmState;
import cryo.v1.Command;
import cryo.v1.InterlockState;
import cryo.v1.ShelveAlarm;
import cryo.v1.Status;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one trip path end to end on the simulated board: alarm, safe state, acknowledge, re-arm, journal. */
class InterlockIntegrationTest {
    private static final int MXC = SimulatedBoards.MXC_THERMOMETER;

    private static Command.Builder ack(long id) {
        return Command.newBuilder().setAcknowledgeAlarm(AcknowledgeAlarm.newBuilder().setAlarmId(id));
    }

    @Test
    void overTemperatureTripsLatchesAndReArmsOnlyWhenAcknowledgedWithTheCauseGone() throws Exception {
        try (SafetyHarness h = new SafetyHarness(11)) {
            h.run(300);
            assertTrue(h.mxcHeaterWatts() > 0, "regulating");
            h.board.mockTemperatureKelvin(MXC, 5.5);
            h.run(1);
            assertTrue(h.controller.interlock().tripped());
            assertEquals(0.0, h.mxcHeaterWatts(), "heater reads zero on the board");
            assertFalse(h.board.relayClosed(), "relay open");
            AlarmEvent raised = h.awaitAlarmEvent(e -> e.getKind() == AlarmEventKind.ALARM_RAISED
                    && e.getAlarm().getCause() == AlarmCause.OVER_TEMPERATURE, "over-temperature alarm");
            assertEquals("mxc", raised.getAlarm().getStageId());
            assertEquals(5.0, raised.getAlarm().getLimit());
            assertTrue(raised.getAlarm().getValue() > 5.0);
            long otId = raised.getAlarm().getAlarmId();

            String refused = h.command(ack(otId));
            assertTrue(refused.startsWith("refused: alarm " + otId) && refused.contains("cause is still present"), refused);
            assertTrue(h.command(ack(999)).startsWith("refused: no alarm 999 in the active set"));
            h.run(1.5);
            Status st = h.latestStatus();
            assertEquals(InterlockState.INTERLOCK_TRIPPED, st.getInterlock().getState());
            assertTrue(st.getActiveAlarmsList().stream().anyMatch(a -> a.getAlarmId() == otId && a.getCausePresent()));

            h.board.mockTemperatureKelvin(MXC, Double.NaN);
            h.run(2);
            assertTrue(h.controller.interlock().tripped(), "the cause going away does not re-arm by itself");
            String accepted = h.command(ack(0));
            assertTrue(accepted.startsWith("accepted:") && accepted.contains("re-armed"), () -> accepted + " " + h.latestStatus().getActiveAlarmsList());
            assertFalse(h.controller.interlock().tripped());
            h.run(60);
            assertTrue(h.board.relayClosed(), () -> String.valueOf(h.latestStatus().getActiveAlarmsList()));
            assertTrue(h.mxcHeaterWatts() > 0, "regulating again after re-arm");
            h.awaitAlarmEvent(e -> e.getKind() == AlarmEventKind.ALARM_CLEARED_EVENT && e.getAlarm().getAlarmId() == otId
                    && e.getOperatorId().equals("test-operator"), "cleared event");
            h.run(1);
            assertEquals(0, h.latestStatus().getActiveAlarmsCount());
        }
    }

    @Test
    void shelveHidesUntilExpiryAndRefusesBadInput() throws Exception {
        try (SafetyHarness h = new SafetyHarness(12)) {
            h.run(60);
            new FaultInjector(h.board).injectChannel(FaultKind.SENSOR_OPEN, MXC, 0);
            h.run(1);
            long id = h.controller.alarms().get(0).alarmId();
            assertEquals(AlarmCause.SENSOR_OPEN_CIRCUIT, h.controller.alarms().get(0).cause());
            assertTrue(h.command(Command.newBuilder().setShelveAlarm(ShelveAlarm.newBuilder().setAlarmId(id).setShelveSeconds(0)))
                    .startsWith("refused: shelve_alarm.shelve_seconds 0.0 outside"));
            assertTrue(h.command(Command.newBuilder().setShelveAlarm(ShelveAlarm.newBuilder().setAlarmId(id + 7).setShelveSeconds(5)))
                    .startsWith("refused: no alarm"));
            assertTrue(h.command(Command.newBuilder().setShelveAlarm(ShelveAlarm.newBuilder().setAlarmId(id).setShelveSeconds(10)))
                    .startsWith("accepted:"));
            assertEquals(AlarmState.ALARM_SHELVED, h.controller.alarms().get(0).state());
            h.run(9);
            assertEquals(AlarmState.ALARM_SHELVED, h.controller.alarms().get(0).state());
            h.run(2);
            assertEquals(AlarmState.ALARM_ACTIVE, h.controller.alarms().get(0).state());
            h.awaitAlarmEvent(e -> e.getKind() == AlarmEventKind.ALARM_UNSHELVED_EVENT, "unshelved");
            assertTrue(h.controller.interlock().tripped(), "shelving never re-arms");
        }
    }

    @Test
    void alarmsSurviveARestartAndKeepTheInterlockTripped(@TempDir Path dir) throws Exception {
        Path journal = dir.resolve("alarms.journal");
        long firstId;
        try (SafetyHarness h = new SafetyHarness(SafetyHarness.board(13), c -> c, journal, null)) {
            h.run(30);
            new FaultInjector(h.board).injectChannel(FaultKind.SENSOR_SHORT, MXC, 0);
            h.run(1);
            firstId = h.awaitAlarmEvent(e -> e.getKind() == AlarmEventKind.ALARM_RAISED, "raised").getAlarm().getAlarmId();
        }
        try (SafetyHarness h = new SafetyHarness(SafetyHarness.board(14), c -> c, journal, null)) {
            assertTrue(h.controller.interlock().tripped(), "an uncleared critical alarm keeps the interlock latched across a restart");
            // a short reads as "very hot" to an NTC sensor: the board comparator cut too
            boolean sawShort = false;
            boolean sawFirst = false;
            for (int i = 0; i < h.controller.alarms().count(); i++) {
                sawShort |= h.controller.alarms().get(i).cause() == AlarmCause.SENSOR_SHORT_CIRCUIT;
                sawFirst |= h.controller.alarms().get(i).alarmId() == firstId;
            }
            assertTrue(sawShort && sawFirst, "the restored set holds the alarms of the previous run");
            h.run(1);
            assertEquals(0.0, h.mxcHeaterWatts());
            String ok = h.command(ack(0));
            assertTrue(ok.contains("re-armed"), ok);
            new FaultInjector(h.board).injectChannel(FaultKind.SENSOR_OPEN, MXC, 0);
            h.run(1);
            long secondId = h.awaitAlarmEvent(e -> e.getKind() == AlarmEventKind.ALARM_RAISED, "raised after restart").getAlarm().getAlarmId();
            assertTrue(secondId > firstId, "alarm ids keep increasing across restarts");
        }
        var events = cryo.controller.alarm.AlarmJournal.read(journal);
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).getEventId() > events.get(i - 1).getEventId(), "event ids increase in the journal");
        }
    }

    @Test
    void comparatorThresholdIsWrittenFromConfigurationAndCutsTheHeaterOnItsOwn() throws Exception {
        try (SafetyHarness h = new SafetyHarness(15)) {
            CryoCmosBoard reader = new CryoCmosBoard(h.board);
            int base = CryoCmosRegisters.heater(SimulatedBoards.MXC_HEATER, CryoCmosRegisters.HEATER_COMP_CHANNEL);
            int[] comp = new int[3];
            reader.readRegisters(base, 3, comp);
            assertEquals(CryoCmosRegisters.COMP_MODE_OFF, comp[2], "start-up leaves the comparator off until the stage reads in its curve");
            h.driver.step(); // the first tick reads 4 K, inside the RuOx curve: the interlock programs it
            assertTrue(h.controller.interlockStage().comparatorArmed(0));
            reader.readRegisters(base, 3, comp);
            double expected = h.controller.config().sensors().get(0).curve().toUnits(6.0);
            assertEquals(MXC, comp[0]);
            assertEquals((float) expected, Float.intBitsToFloat(comp[1]));
            assertEquals(CryoCmosRegisters.COMP_MODE_BELOW, comp[2], "RuOx is NTC: trip below the threshold");
            h.run(60);
            assertTrue(h.mxcHeaterWatts() > 0);
            h.board.mockTemperatureKelvin(MXC, 7.0); // no controller step: only the board acts
            h.board.update(0.1);
            assertEquals(0.0, h.mxcHeaterWatts(), "the board's comparator cut the heater by itself");
            h.driver.step();
            assertTrue(h.controller.interlock().tripped());
        }
    }

    @Test
    void contradictoryLimitsAreRefusedWithTheFieldNamed() throws Exception {
        SimulatedBoard board = SimulatedBoards.mixingChamber(1);
        var curve = board.wiring().sensor(MXC).curve();
        var cfg = cryo.controller.config.DefaultConfig.mixingChamber("n", curve);
        IllegalArgumentException aboveComparator = assertThrows(IllegalArgumentException.class,
                () -> cfg.withInterlocks(cfg.interlocks().withSensor(cfg.interlocks().sensor(0).withComparator(4.0))));
        assertTrue(aboveComparator.getMessage().contains("overTemperatureKelvin 5.0 is above comparatorKelvin 4.0"), aboveComparator.getMessage());
        var li = cfg.interlocks().loop("mxc");
        IllegalArgumentException wideBand = assertThrows(IllegalArgumentException.class,
                () -> cfg.withInterlocks(cfg.interlocks().withLoop(new cryo.controller.config.LoopInterlock("mxc",
                        li.heatUpGainKelvin(), li.heatUpPeriodSeconds(), li.heatUpHysteresisKelvin(), 4.5, li.holdPeriodSeconds(),
                        li.holdMaxIntegratedKelvinSeconds(), li.stuckOnRiseKelvin(), li.stuckOnWindowSeconds(),
                        li.stuckOnSettleSeconds(), li.stuckOnOtherToleranceWatts(), li.stuckOnOtherToleranceFraction(),
                        li.readbackToleranceWatts(), li.readbackToleranceFraction(), li.readbackDebounceSamples(),
                        li.detachedHoldWattsPerKelvinSquared(), li.detachedFloorWatts(), li.detachedFactor(), li.detachedPeriodSeconds()))));
        assertTrue(wideBand.getMessage().startsWith("interlocks.loops.mxc.holdBandKelvin 4.5"), wideBand.getMessage());
        IllegalArgumentException offCurve = assertThrows(IllegalArgumentException.class,
                () -> cfg.withInterlocks(cfg.interlocks().withSensor(cfg.interlocks().sensor(0).withComparator(100))));
        assertTrue(offCurve.getMessage().contains("comparatorKelvin 100.0 is outside the calibration curve"), offCurve.getMessage());
        assertEquals(InterlockConfig.class, cfg.interlocks().getClass());
    }
}
