package cryo.controller.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.app.SimHarness;
import cryo.controller.config.ControllerConfig;
import cryo.hal.device.BoardClock;
import cryo.sim.board.SimulatedBoards;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Report by exception (deadband from the configuration) and seq wrapping, on the ring in lock-step board time. */
class StatusReportingTest {
    private static final double CADENCE_SECONDS = 60;

    /** The default mixing chamber with statuses every minute of board time and the given deadband. */
    private static ControllerConfig everyMinute(ControllerConfig c, double deadband) {
        return new ControllerConfig(c.nodeId(), c.firmwareVersion(), c.tickIntervalSeconds(), CADENCE_SECONDS, c.watchdogTimeoutMillis(), c.sensors(), c.loops(), c.overTemperature(), c.interlocks(), deadband);
    }

    /** Board times (seconds) of the statuses produced since the last call, with their seq. */
    private static List<double[]> drain(SimHarness h) {
        List<double[]> out = new ArrayList<>();
        StatusChannel ch = h.controller.statusChannel();
        StatusSnapshot s;
        while ((s = ch.poll()) != null) {
            out.add(new double[] {BoardClock.toSeconds(s.boardTicks), s.seq});
            ch.release();
        }
        return out;
    }

    @Test
    void aChangeBeyondTheDeadbandSendsAStatusBeforeTheCadence() throws Exception {
        try (SimHarness h = new SimHarness(5, c -> everyMinute(c, 0.05))) {
            h.board.mockTemperatureKelvin(SimulatedBoards.MXC_THERMOMETER, 0.050);
            h.driver.run(2);
            assertEquals(1, drain(h).size(), "the first status at start, then none until the cadence");
            h.board.mockTemperatureKelvin(SimulatedBoards.MXC_THERMOMETER, 0.051); // +2 %: inside the 5 % deadband
            h.driver.run(2);
            assertEquals(0, drain(h).size(), "a change inside the deadband waits for the cadence");
            h.board.mockTemperatureKelvin(SimulatedBoards.MXC_THERMOMETER, 0.056); // +12 % on the last status (0.050)
            h.driver.run(2);
            List<double[]> rbe = drain(h);
            assertEquals(1, rbe.size(), "one status on the change, not one per tick after it");
            assertTrue(rbe.get(0)[0] < 5, "long before the 60 s cadence: at " + rbe.get(0)[0] + " s");
            assertEquals(1, (int) rbe.get(0)[1], "takes the next seq");
            assertTrue(!h.controller.interlock().tripped(), "the interlock did not cause it");
        }
    }

    @Test
    void deadbandZeroInTheConfigurationTurnsReportByExceptionOff() throws Exception {
        try (SimHarness h = new SimHarness(5, c -> everyMinute(c, 0.0))) {
            h.board.mockTemperatureKelvin(SimulatedBoards.MXC_THERMOMETER, 0.050);
            h.driver.run(2);
            drain(h);
            h.board.mockTemperatureKelvin(SimulatedBoards.MXC_THERMOMETER, 0.080); // +60 %
            h.driver.run(5);
            assertEquals(0, drain(h).size(), "no status before the cadence");
        }
    }

    @Test
    void seqWrapsFrom255To0() throws Exception {
        // status cadence = tick: one status per tick
        try (SimHarness h = new SimHarness(5, c -> new ControllerConfig(c.nodeId(), c.firmwareVersion(), c.tickIntervalSeconds(),
                c.tickIntervalSeconds(), c.watchdogTimeoutMillis(), c.sensors(), c.loops(), c.overTemperature(),
                c.interlocks(), 0.0))) {
            List<Integer> seqs = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                h.driver.step();
                for (double[] s : drain(h)) {
                    seqs.add((int) s[1]);
                }
            }
            assertEquals(300, seqs.size(), "a status every tick, none dropped");
            assertEquals(0, seqs.get(0));
            assertEquals(255, seqs.get(255));
            assertEquals(0, seqs.get(256), "wraps to 0 after 255");
            for (int i = 1; i < seqs.size(); i++) {
                assertEquals((seqs.get(i - 1) + 1) & 0xFF, seqs.get(i), "consecutive at " + i);
            }
        }
    }
}
