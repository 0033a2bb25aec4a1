package cryo.controller.interlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.device.StageId;
import cryo.sim.fault.FaultInjector;
import cryo.sim.fault.FaultKind;
import cryo.v1.AcknowledgeAlarm;
import cryo.v1.AlarmCause;
import cryo.v1.AlarmEvent;
import cryo.v1.AlarmEventKind;
import cryo.v1.Command;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Faults the board latches in FAULT_FLAGS (supply sag, heater open, heater short) trip the
 * interlock with their own cause; the alarm's cause stays present while the board keeps latching
 * it (the interlock clears the latch every tick it sees it), so acknowledging is refused until the
 * fault is gone, and then re-arms.
 */
class BoardHealthTripTest {

    @ParameterizedTest
    @CsvSource({"supply-sag, 0.2, , SUPPLY_FAULT, V", "heater-open, 0, mxc, HEATER_OPEN, status bits",
            "heater-short, 0, mxc, HEATER_SHORT, status bits"})
    void aLatchedBoardFaultTripsAndReArmsOnlyOnceItIsGone(String kindId, double value, String stageId, AlarmCause cause,
                                                          String units) throws Exception {
        FaultKind kind = FaultKind.fromId(kindId);
        StageId stage = stageId == null ? null : StageId.fromId(stageId);
        try (SafetyHarness h = new SafetyHarness(21)) {
            h.command(FaultMatrixTest.setpoint(0.05));
            h.run(60);
            assertTrue(h.mxcHeaterWatts() > 0, "regulating");
            FaultInjector faults = new FaultInjector(h.board);
            faults.inject(kind, stage, value);
            h.run(0.5);
            assertTrue(h.controller.interlock().tripped());
            assertEquals(cause, h.controller.interlock().cause());
            assertEquals(0.0, h.mxcHeaterWatts(), "heater reads zero on the board");
            assertFalse(h.board.relayClosed(), "relay open");
            AlarmEvent raised = h.awaitAlarmEvent(e -> e.getKind() == AlarmEventKind.ALARM_RAISED
                    && e.getAlarm().getCause() == cause, cause + " raised");
            assertEquals(units, raised.getAlarm().getUnits());
            long id = raised.getAlarm().getAlarmId();

            h.run(5);
            String refused = h.command(ack(id));
            assertTrue(refused.startsWith("refused: alarm " + id) && refused.contains("cause is still present"), refused);

            faults.clear(kind, stage);
            h.run(1);
            String accepted = h.command(ack(id));
            assertTrue(accepted.startsWith("accepted:") && accepted.contains("re-armed"), accepted);
            h.run(30);
            assertFalse(h.controller.interlock().tripped());
            assertTrue(h.board.relayClosed(), "relay closed again");
            assertEquals(0.0, h.mxcHeaterWatts(), "the trip switched the loop off: re-arming heats nothing");
            assertTrue(h.turnOn("mxc", cryo.v1.LoopMode.LOOP_MODE_ZONE).startsWith("accepted:"));
            h.run(30);
            assertTrue(h.mxcHeaterWatts() > 0, "regulating again once turned on");
        }
    }

    private static Command.Builder ack(long id) {
        return Command.newBuilder().setAcknowledgeAlarm(AcknowledgeAlarm.newBuilder().setAlarmId(id));
    }
}
