package cryo.controller.heater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.app.Controller;
import cryo.controller.config.ConfigLoader;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.config.LoopConfig;
import cryo.controller.ring.ControlRing;
import cryo.hal.device.StageId;
import cryo.sim.board.LockStepDriver;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.Command;
import cryo.v1.LoopMode;
import cryo.v1.SetSetpoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shipped cryo-cryostat.yaml (what {@code cryo run} loads when no --config is given)
 * regulates the five-stage simulated fridge out of the box: from base, mixing chamber to 20 mK in
 * zone mode and still at 0.8 K, then a setpoint change the ramp carries across a zone boundary.
 */
class ShippedCryostatConfigTest {

    @Test
    void theShippedCryostatConfigurationHoldsMixingChamberAndStillOnTheFiveStagePlant() throws Exception {
        ControllerConfig cfg = ConfigLoader.loadShipped(ConfigLoader.CRYOSTAT_RESOURCE);
        LoopConfig mxcCfg = cfg.loops().get(0);
        LoopConfig stillCfg = cfg.loops().get(1);
        assertEquals("mxc", cfg.sensors().get(0).stageId(), "mixing chamber first in status lines");
        assertEquals(DefaultConfig.cryostatMixingChamberZones(), mxcCfg.zones(), "the file's zone table is the cryostat's");
        LoopConfig tuned = DefaultConfig.stillLoop();
        assertEquals(List.of(tuned.kp(), tuned.ki(), tuned.kd(), tuned.heaterRange()),
                List.of(stillCfg.kp(), stillCfg.ki(), stillCfg.kd(), stillCfg.heaterRange()), "the file's still gains are DefaultConfig.stillLoop's");
        assertEquals(LoopMode.LOOP_MODE_ZONE, mxcCfg.startMode());
        assertEquals(LoopMode.LOOP_MODE_PID, stillCfg.startMode());

        SimulatedBoard board = SimulatedBoards.cryostatAtBase(17);
        List<String> refused = new ArrayList<>();
        try (Controller c = Controller.create(cfg, board, board.clock(), ControlRing.defaultWaitStrategy(), (cmd, ok, why, t) -> {
            if (!ok) {
                synchronized (refused) {
                    refused.add(why);
                }
            }
        }).start()) {
            HeaterLoop mxc = c.loops()[0];
            HeaterLoop still = c.loops()[1];
            LockStepDriver driver = new LockStepDriver(board, cfg.tickIntervalSeconds(), c::step);
            driver.run(600); // out of the box: nothing sent, ten minutes
            assertFalse(c.interlock().tripped(), "no trip: " + c.interlock().cause());
            assertTrue(mxc.settled(), "mixing chamber settled at " + mxc.setpointKelvin() + " K");
            assertTrue(still.settled(), "still settled at " + still.setpointKelvin() + " K");
            assertEquals(0, mxc.zone());

            double mxcSq = 0;
            double stillSq = 0;
            int n = (int) Math.round(600 / cfg.tickIntervalSeconds());
            for (int i = 0; i < n; i++) {
                driver.step();
                mxcSq += sq(board.plant().temperatureKelvin(StageId.MXC) - 0.020);
                stillSq += sq(board.plant().temperatureKelvin(StageId.STILL) - 0.8);
            }
            double mxcRms = Math.sqrt(mxcSq / n);
            double stillRms = Math.sqrt(stillSq / n);

            // an operator's setpoint change: the shipped ramp (10 mK/min) carries it into zone 2
            assertTrue(c.submit(Command.newBuilder().setCorrelationId("sp").setSetSetpoint(
                    SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(0.100)).build()));
            c.awaitIdle();
            assertTrue(refused.isEmpty(), refused.toString());
            assertTrue(mxc.ramping(), "the shipped configuration ramps setpoint changes");
            driver.run(8 * 60 + 300); // eight minutes of ramp, five to settle
            double mxcAt100 = board.plant().temperatureKelvin(StageId.MXC);
            System.out.printf("cryo-cryostat.yaml on the five-stage plant: mxc RMS error at 20 mK %.3g µK, still RMS error at 0.8 K %.3g µK; "
                    + "after the ramp to 100 mK mxc %.4f mK, zone %d, still heater %.3g mW%n",
                    mxcRms * 1e6, stillRms * 1e6, mxcAt100 * 1e3, mxc.zone(), still.outputWatts() * 1e3);
            assertTrue(mxcRms < 20e-6, "mixing chamber held at 20 mK: RMS error " + mxcRms * 1e6 + " µK, bound 20 µK (0.1 %)");
            // the still's true temperature sits ~45 µK below 0.8 K (its thermometer self-heats) with
            // ~30 µK RMS of noise from the reading: bound 0.2 mK (0.025 %)
            assertTrue(stillRms < 200e-6, "still held at 0.8 K: RMS error " + stillRms * 1e6 + " µK, bound 200 µK");
            assertEquals(2, mxc.zone(), "100 mK is zone 2");
            assertFalse(mxc.ramping());
            assertEquals(0.100, mxcAt100, 1e-4, "mixing chamber at 100 mK");
            assertTrue(mxc.settled() && still.settled(), "both loops settled");
            assertFalse(c.interlock().tripped(), "no trip: " + c.interlock().cause());
        }
    }

    private static double sq(double x) {
        return x * x;
    }
}
