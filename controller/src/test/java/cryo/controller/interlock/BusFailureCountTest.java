package cryo.controller.interlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.app.Controller;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.ring.ControlRing;
import cryo.sim.board.LockStepDriver;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.AlarmCause;
import org.junit.jupiter.api.Test;

/** Every failed transfer, in any stage, counts toward BOARD_NOT_ANSWERING; a hung board is named as the board. */
class BusFailureCountTest {
    @Test
    void aHungBoardIsReportedAsTheBoardNotAsStaleDataOnAThermometer() throws Exception {
        try (SafetyHarness h = new SafetyHarness(61)) {
            h.run(60);
            new cryo.sim.fault.FaultInjector(h.board).inject(cryo.sim.fault.FaultKind.BOARD_HANG, null, 0);
            double t = 0;
            while (!h.controller.interlock().tripped() && t < 5) {
                h.driver.step();
                t += h.driver.dtSeconds();
            }
            assertEquals(AlarmCause.BOARD_NOT_ANSWERING, h.controller.interlock().cause(), "the first cause names the board");
            assertTrue(t <= 0.55, "within the 5 ticks of notAnsweringTicks, was " + t + " s");
        }
    }

    /**
     * The thermometers read fine, every write goes unanswered: the heater, comparator, relay and
     * watchdog writes fail later in each pass than the board-not-answering check used to run.
     */
    @Test
    void writesThatFailAfterTheSamplesWereReadCountTooAndTripWithinFiveTicks() throws Exception {
        SimulatedBoard board = SafetyHarness.board(62);
        FailingWrites bus = new FailingWrites(board);
        ControllerConfig cfg = DefaultConfig.mixingChamber("test-1", board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve());
        try (Controller c = Controller.create(cfg, bus, board.clock(), ControlRing.defaultWaitStrategy(), (cmd, ok, why, t) -> { },
                SafetyOptions.IN_MEMORY).start()) {
            LockStepDriver driver = new LockStepDriver(board, cfg.tickIntervalSeconds(), c::step);
            driver.run(60);
            assertFalse(c.interlock().tripped());
            bus.failing = address -> true;
            int ticks = 0;
            while (!c.interlock().tripped() && ticks < 100) {
                driver.step();
                ticks++;
            }
            assertEquals(AlarmCause.BOARD_NOT_ANSWERING, c.interlock().cause(),
                    "not the board watchdog 3 s later: the failed writes counted");
            assertEquals(cfg.interlocks().notAnsweringTicks(), ticks);
        }
    }
}
