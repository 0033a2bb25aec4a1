package cryo.controller.interlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.heater.HeaterLoop;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.AcknowledgeAlarm;
import cryo.v1.AlarmCause;
import cryo.v1.Command;
import cryo.v1.LoopMode;
import cryo.v1.SetRamp;
import cryo.v1.SetSetpoint;
import org.junit.jupiter.api.Test;

/** A trip switches each loop off; acknowledging re-arms the interlock and heats nothing. */
class AcknowledgeDoesNotReheatTest {
    @Test
    void afterAnOverTemperatureTripAt300mKTheAcknowledgementLeavesTheHeaterOffUntilTurnedOnAndThenRampsFromTheStage() throws Exception {
        // over-temperature at 1.2 K for this test, so a reading of 1.23 K is a trip and not a jump from 300 mK
        try (SafetyHarness h = new SafetyHarness(SafetyHarness.board(71), cfg -> cfg.withInterlocks(cfg.interlocks().withSensor(
                cfg.interlocks().sensor(0).withOverTemperature(1.2, 4))), null, null)) {
            h.command(Command.newBuilder().setSetRamp(SetRamp.newBuilder().setLoopId("mxc").setEnabled(true).setRateKelvinPerMinute(0.01)));
            h.command(Command.newBuilder().setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(0.3)));
            h.run(2400);
            assertEquals(0.3, h.mxcKelvin(), 0.01, "regulating at 300 mK");
            h.board.mockTemperatureKelvin(SimulatedBoards.MXC_THERMOMETER, 1.23);
            h.run(1);
            assertEquals(AlarmCause.OVER_TEMPERATURE, h.controller.interlock().cause());
            h.board.mockTemperatureKelvin(SimulatedBoards.MXC_THERMOMETER, Double.NaN);
            h.run(10);
            double cold = h.mxcKelvin();
            assertTrue(cold < 0.05, "the stage cooled with the heater off: " + cold);
            HeaterLoop mxc = h.controller.loops()[0];
            assertEquals(LoopMode.LOOP_MODE_OFF, mxc.mode(), "the trip switched the loop off");
            String ack = h.command(Command.newBuilder().setAcknowledgeAlarm(AcknowledgeAlarm.newBuilder().setAlarmId(0)));
            assertTrue(ack.startsWith("accepted:") && ack.contains("re-armed"), ack);
            assertFalse(h.controller.interlock().tripped());
            h.driver.step();
            assertEquals(0.0, h.mxcHeaterWatts(), "one tick after the acknowledgement: no heat (was 0.53 mW)");
            h.run(60);
            assertEquals(0.0, h.mxcHeaterWatts(), "nor a minute later");
            assertTrue(h.mxcKelvin() < 0.05, "the stage stays cold: " + h.mxcKelvin());
            assertEquals(HeaterLoop.FAULT_SWITCHED_OFF_BY_TRIP, mxc.faultReason());

            assertTrue(h.turnOn("mxc", LoopMode.LOOP_MODE_ZONE).startsWith("accepted:"));
            h.driver.step();
            double measured = mxc.measurementKelvin();
            assertEquals(measured, mxc.setpointKelvin(), 0.002, "the setpoint starts from the measured temperature");
            assertEquals(0.3, mxc.targetSetpointKelvin(), 1e-12, "and ramps to the target");
            h.run(60);
            assertTrue(h.mxcKelvin() < 0.05, "ramping at 10 mK/min, not a step to 300 mK: " + h.mxcKelvin());
        }
    }
}
