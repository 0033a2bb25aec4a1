package cryo.controller.interlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.app.SimHarness;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.AcknowledgeAlarm;
import cryo.v1.AlarmCause;
import cryo.v1.Command;
import cryo.v1.InterlockState;
import org.junit.jupiter.api.Test;

class InterlockTripTest {

    private static Command ack(String id) {
        return Command.newBuilder().setCorrelationId(id).setAcknowledgeAlarm(AcknowledgeAlarm.getDefaultInstance()).build();
    }

    @Test
    void forcedOverTemperatureLatchesTheTripAndTheBoardHeaterReadsZero() throws Exception {
        try (SimHarness h = new SimHarness(3)) {
            h.driver.run(120);
            assertTrue(h.board.heaterPowerWatts(SimulatedBoards.MXC_HEATER) > 0, "regulating before the fault");
            h.board.mockTemperatureKelvin(SimulatedBoards.MXC_THERMOMETER, 8.0); // above the 5 K limit
            for (int i = 0; i < 3; i++) {
                h.driver.step();
            }
            assertFalse(h.controller.interlock().tripped(), "debounced: 3 samples are not enough");
            h.driver.step();
            assertTrue(h.controller.interlock().tripped(), "the 4th consecutive sample trips");
            assertEquals(AlarmCause.OVER_TEMPERATURE, h.controller.interlock().cause());
            assertEquals(0.0, h.board.heaterPowerWatts(SimulatedBoards.MXC_HEATER), "heater reads zero on the board");
            assertFalse(h.board.relayClosed(), "interlock relay open");

            h.board.mockTemperatureKelvin(SimulatedBoards.MXC_THERMOMETER, Double.NaN); // cause gone
            h.driver.run(60);
            assertTrue(h.controller.interlock().tripped(), "latched: does not re-arm by itself");
            assertEquals(0.0, h.board.heaterPowerWatts(SimulatedBoards.MXC_HEATER));
        }
    }

    @Test
    void acknowledgeIsRefusedWhileTheCauseIsPresentAndReArmsWhenItClears() throws Exception {
        try (SimHarness h = new SimHarness(3)) {
            h.driver.run(30);
            h.board.mockTemperatureKelvin(SimulatedBoards.MXC_THERMOMETER, 8.0);
            h.driver.run(1);
            assertTrue(h.controller.interlock().tripped());

            h.controller.submit(ack("a1"));
            h.controller.awaitIdle();
            assertTrue(h.results.get(h.results.size() - 1).startsWith("refused: cause OVER_TEMPERATURE still present"), h.results.toString());
            assertEquals(InterlockState.INTERLOCK_TRIPPED_ACKNOWLEDGED, h.controller.interlock().state());
            h.driver.run(10);
            assertEquals(0.0, h.board.heaterPowerWatts(SimulatedBoards.MXC_HEATER), "still safe while the cause persists");

            h.board.mockTemperatureKelvin(SimulatedBoards.MXC_THERMOMETER, Double.NaN);
            h.driver.run(5);
            assertFalse(h.controller.interlock().tripped(), "acknowledged earlier, cause gone: re-armed");
            h.driver.run(60);
            assertTrue(h.board.relayClosed());
            assertTrue(h.board.heaterPowerWatts(SimulatedBoards.MXC_HEATER) > 0, "regulating again");
            assertEquals(0, h.board.faultFlags() & CryoCmosRegisters.FAULT_WATCHDOG, "the watchdog was kicked throughout");
        }
    }

    @Test
    void aHungBoardTripsOnStaleDataAndItsWatchdogCutsTheHeater() throws Exception {
        try (SimHarness h = new SimHarness(5)) {
            h.driver.run(60);
            assertTrue(h.board.heaterPowerWatts(SimulatedBoards.MXC_HEATER) > 0);
            h.board.setHung(true);
            h.driver.run(1.0);
            assertTrue(h.controller.interlock().tripped());
            assertEquals(AlarmCause.BOARD_NOT_ANSWERING, h.controller.interlock().cause());
            h.driver.run(3.5); // the board's own watchdog timeout (3 s) passes without a kick
            assertEquals(0.0, h.board.heaterPowerWatts(SimulatedBoards.MXC_HEATER), "board cut the heater by itself");
            assertTrue((h.board.faultFlags() & CryoCmosRegisters.FAULT_WATCHDOG) != 0);
        }
    }
}
