package cryo.workstation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.app.Controller;
import cryo.controller.config.ConfigLoader;
import cryo.controller.config.ControllerConfig;
import cryo.controller.ring.ControlRing;
import cryo.hal.device.StageId;
import cryo.sim.board.LockStepDriver;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cryo run} with no --config: the five-stage simulated cryostat, cold, regulated by the
 * shipped cryo-cryostat.yaml — the mixing chamber on its way to 20 mK and the still at 0.8 K.
 *
 * <p>What the regulation does is judged in virtual time (the same board and configuration as
 * {@code cryo run}, stepped in lock-step), so no stall of a loaded host can change it; the run
 * itself only has to show it picked that configuration and logs every status.
 */
class RunCryostatTest {

    @Test
    void theShippedConfigurationRegulatesTheColdCryostatInVirtualTime() throws Exception {
        SimulatedBoard board = SimulatedBoards.cryostatAtBase(1); // what cryo run builds with its default --seed
        ControllerConfig config = ConfigLoader.loadShipped(ConfigLoader.CRYOSTAT_RESOURCE).withNodeId("cryostat-1");
        Controller controller = Controller.create(config, board, board.clock(), ControlRing.defaultWaitStrategy(), (c, ok, why, t) -> { })
                .start();
        try {
            new LockStepDriver(board, config.tickIntervalSeconds(), controller::step).run(18.0);
            assertFalse(controller.interlock().tripped(), "armed after 18 s: " + controller.interlock().cause());
            // from base (12 mK) to its 20 mK setpoint the chamber's liquid takes minutes (a time constant of
            // about one): 18 s of the fridge show it on its way, warming, without overshoot
            double mxcMilliKelvin = board.plant().temperatureKelvin(StageId.MXC) * 1e3;
            assertTrue(mxcMilliKelvin > 14.0 && mxcMilliKelvin < 20.5, "mixing chamber on its way from base to 20 mK: " + mxcMilliKelvin);
            // the chamber's heater, warming it, loads the still: within 5 mK while that lasts
            assertEquals(800.0, board.plant().temperatureKelvin(StageId.STILL) * 1e3, 5.0, "still held at 0.8 K");
        } finally {
            controller.close();
        }
    }

    @Test
    void runPicksTheShippedConfigurationAndLogsEveryStatus(@TempDir Path state) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // on the wall clock: whether a loaded host stalls long enough to trip stale data is not
        // judged here (the status line shows the interlock either way)
        int code = CryoMain.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                "run", "--embedded-port", "0", "--duration", "4", "--node", "cryostat-1",
                "--state-dir", state.toString(), "--wide", "--log", state.resolve("run.csv").toString());
        assertEquals(0, code, err.toString());
        List<String> lines = out.toString().lines().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d t=.*")).toList();
        assertFalse(lines.isEmpty(), "status lines: " + out);
        String last = lines.get(lines.size() - 1);
        assertTrue(last.contains("| mxc ") && last.contains(" zone ") && last.contains("| still ") && last.contains(" pid"),
                "the cryostat's stages and loops, from cryo-cryostat.yaml: " + last);
        List<String> csv = java.nio.file.Files.readAllLines(state.resolve("run.csv"));
        assertTrue(csv.get(0).startsWith("time,unix_s,node,board_time_s,seq,mxc_K,mxc_quality,"), csv.get(0));
        // the line is printed at most once a wall second, the CSV row for every status
        assertTrue(csv.size() >= lines.size() + 1, "--log: a header and a row for every status: " + csv.size() + " rows, " + lines.size() + " lines");
    }
}
