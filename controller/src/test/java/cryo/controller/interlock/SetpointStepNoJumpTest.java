package cryo.controller.interlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.alarm.AlarmRecord;
import cryo.hal.device.StageId;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.Command;
import cryo.v1.SetHeaterRange;
import cryo.v1.SetSetpoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stepping the mixing-chamber setpoint up from base warms the sample stage (mounted on it) by more
 * than the jump factor between two samples: heating by a linked stage's heater, not a sensor jump.
 * A jump the heaters do not explain still trips.
 */
class SetpointStepNoJumpTest {
    private static List<String> alarms(SafetyHarness h) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < h.controller.alarms().count(); i++) {
            AlarmRecord r = h.controller.alarms().get(i);
            out.add(r.cause() + " on sensor " + r.sensorIndex());
        }
        return out;
    }

    private static void step(SafetyHarness h, double kelvin) {
        assertTrue(h.command(Command.newBuilder().setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(kelvin)))
                .startsWith("accepted"));
    }

    @Test
    void aStepFromBaseTo100mKTripsNothing() throws Exception {
        try (SafetyHarness h = SafetyHarness.cryostatAtBase(81, 0.010, 600)) {
            assertFalse(h.controller.interlock().tripped(), () -> "settled at 10 mK: " + alarms(h));
            step(h, 0.100);
            h.run(300);
            assertFalse(h.controller.interlock().tripped(), () -> "a setpoint step is not a sensor jump: " + alarms(h));
            assertEquals(List.of(), alarms(h));
            assertEquals(0.100, h.stageKelvin(StageId.MXC), 0.005);
            assertTrue(h.stageKelvin(StageId.SAMPLE) > 0.09, "the sample followed the mixing chamber");
        }
    }

    @Test
    void aStepFromBaseTo300mKOnRange6TripsNothing() throws Exception {
        try (SafetyHarness h = SafetyHarness.cryostatAtBase(82, 0.010, 600)) {
            assertTrue(h.command(Command.newBuilder().setSetHeaterRange(SetHeaterRange.newBuilder().setLoopId("mxc").setHeaterRange(6)))
                    .startsWith("accepted"));
            step(h, 0.300);
            h.run(300);
            assertFalse(h.controller.interlock().tripped(), () -> "a setpoint step is not a sensor jump: " + alarms(h));
            assertEquals(List.of(), alarms(h));
            assertTrue(h.stageKelvin(StageId.SAMPLE) > 0.2, "the sample followed the mixing chamber");
        }
    }

    @Test
    void anUpwardJumpNoHeaterExplainsStillTrips() throws Exception {
        try (SafetyHarness h = SafetyHarness.cryostatAtBase(83, 0.010, 600)) {
            h.board.mockTemperatureKelvin(SimulatedBoards.CRYOSTAT_THERMOMETER[StageId.SAMPLE.ordinal()], 0.2); // the stage is at ~10 mK, the mixing chamber too
            h.run(2);
            assertTrue(h.controller.interlock().tripped());
            assertEquals(cryo.v1.AlarmCause.SENSOR_JUMP_DETECTED, h.controller.interlock().cause());
        }
    }
}
