package cryo.controller.interlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.app.Controller;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.ring.ControlRing;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.sim.board.LockStepDriver;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.AlarmCause;
import org.junit.jupiter.api.Test;

/** The two causes the fault matrix reaches only through configuration: each with a test of its own. */
class ConfigFaultAndUnderTemperatureTest {
    @Test
    void aComparatorThatCannotBeProgrammedTripsConfigFaultOnTheThirdAttempt() throws Exception {
        SimulatedBoard board = SafetyHarness.board(91);
        FailingWrites bus = new FailingWrites(board);
        int compChannel = CryoCmosRegisters.heater(SimulatedBoards.MXC_HEATER, CryoCmosRegisters.HEATER_COMP_CHANNEL);
        ControllerConfig cfg = DefaultConfig.mixingChamber("test-1", board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve());
        try (Controller c = Controller.create(cfg, bus, board.clock(), ControlRing.defaultWaitStrategy(), (cmd, ok, why, t) -> { },
                SafetyOptions.IN_MEMORY).start()) {
            // start-up wrote the comparator off; from the first tick on, programming it goes unanswered
            bus.failing = address -> address >= compChannel && address < compChannel + 3;
            LockStepDriver driver = new LockStepDriver(board, cfg.tickIntervalSeconds(), c::step);
            driver.step();
            driver.step();
            assertFalse(c.interlock().tripped(), "two failed attempts are retried");
            driver.step();
            assertTrue(c.interlock().tripped());
            assertEquals(AlarmCause.CONFIG_FAULT, c.interlock().cause());
            assertFalse(c.interlockStage().comparatorArmed(0));
            assertFalse(board.relayClosed());
        }
    }

    @Test
    void aStageBelowItsUnderTemperatureLimitTrips() throws Exception {
        try (SafetyHarness h = new SafetyHarness(SafetyHarness.board(92), cfg -> cfg.withInterlocks(cfg.interlocks().withSensor(
                cfg.interlocks().sensor(0).withUnderTemperature(0.008))), null, null)) {
            h.command(cryo.v1.Command.newBuilder().setSetSetpoint(cryo.v1.SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(0.020)));
            h.run(120);
            assertFalse(h.controller.interlock().tripped());
            h.board.mockTemperatureKelvin(SimulatedBoards.MXC_THERMOMETER, 0.007); // not a jump from 20 mK (factor 4)
            h.run(1);
            assertTrue(h.controller.interlock().tripped());
            assertEquals(AlarmCause.UNDER_TEMPERATURE, h.controller.interlock().cause());
            assertEquals(0.0, h.mxcHeaterWatts());
        }
    }
}
