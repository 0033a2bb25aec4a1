package cryo.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.device.StageId;
import cryo.sim.scenario.Scenario;
import cryo.sim.scenario.ScenarioLoader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scenarios through the full controller against the simulated cryostat, in lock-step virtual time. */
class SimScenarioTest {

    private static int index(SimRun.Result r, StageId stage) {
        StageId[] s = r.trace().stages();
        for (int i = 0; i < s.length; i++) {
            if (s[i] == stage) {
                return i;
            }
        }
        throw new AssertionError("no stage " + stage);
    }

    @Test
    void cooldownThroughTheControllerReachesBelow20MillikelvinIn24To48HoursWithoutATrip() throws Exception {
        SimRun.Result r = SimRun.run(ScenarioLoader.resolve("cooldown"), 1);
        assertEquals(List.of(), r.trips(), "no trip on a cooldown from room temperature");
        int mxc = index(r, StageId.MXC);
        double firstBelow = Double.NaN;
        for (double[] row : r.trace().rows()) {
            if (row[1 + mxc] < 0.020) {
                firstBelow = row[0];
                break;
            }
        }
        assertTrue(firstBelow >= 24 * 3600 && firstBelow <= 48 * 3600, "MXC below 20 mK at " + firstBelow / 3600 + " h");
        assertTrue(r.trace().finalKelvin(mxc) < 0.015, "base " + r.trace().finalKelvin(mxc));
        assertEquals(List.of(), r.trips(), "no trip on a cooldown from room temperature");
        assertEquals(295.0, r.trace().maxKelvin(mxc), 1e-6);
        assertTrue(r.commands().stream().allMatch(e -> e.kind().equals("accepted")), r.commands().toString());
    }

    @Test
    void boardHangTripsTheInterlockAndTheOperatorReArms() throws Exception {
        SimRun.Result r = SimRun.run(ScenarioLoader.resolve("board-hang"), 1);
        assertEquals(1, r.trips().size(), r.trips().toString());
        SimRun.Event trip = r.trips().get(0);
        // a hung board is seen first as stale data or as a board not answering; either trips
        assertTrue(trip.kind().equals("BOARD_NOT_ANSWERING") || trip.kind().equals("STALE_DATA"), trip.toString());
        assertTrue(trip.boardSeconds() > 1800 && trip.boardSeconds() < 1810, "trip within staleTicks of the hang: " + trip.boardSeconds());
        assertTrue(r.commands().stream().anyMatch(e -> e.reason().contains("-ack: ") && e.reason().contains("interlock re-armed")), r.commands().toString());
        assertTrue(r.alarms().stream().anyMatch(e -> e.reason().contains("watchdog")), "the board's own watchdog fired: " + r.alarms());
        int mxc = index(r, StageId.MXC);
        assertEquals(0.030, r.trace().finalKelvin(mxc), 0.002, "back under control at 30 mK after re-arming");
    }

    @Test
    void sameSeedSameTrace() throws Exception {
        Scenario s = ScenarioLoader.loadString("short.yaml", String.join("\n",
                "name: short", "duration_s: 600", "initial: {state: room}",
                "commands:", "  - {at_s: 0, loop: 50k, mode: open-loop, output_w: 5}",
                "faults:", "  - {at_s: 100, fault: sensor-noisy, stage: 50k, value: 1000}", ""));
        SimRun.Result a = SimRun.run(s, 42);
        SimRun.Result b = SimRun.run(s, 42);
        StringWriter wa = new StringWriter();
        StringWriter wb = new StringWriter();
        a.trace().writeCsv(wa);
        b.trace().writeCsv(wb);
        assertEquals(wa.toString(), wb.toString());
        assertEquals(a.alarms(), b.alarms());
    }

    @Test
    void cliWritesReportTraceAndPlot(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("sag.yaml");
        Files.writeString(scenario, String.join("\n",
                "name: sag", "duration_s: 900", "initial: {state: room}",
                "faults:", "  - {at_s: 300, fault: supply-sag, value: 0.2}", ""));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CryoMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), "sim", "--scenario", scenario.toString(),
                "--seed", "3", "--report", dir.resolve("r.json").toString(), "--trace", dir.resolve("t.csv").toString(),
                "--plot", dir.resolve("p.png").toString());
        assertEquals(0, code, err.toString());
        String json = Files.readString(dir.resolve("r.json"));
        for (String key : new String[] {"\"simulated_seconds\": 900", "\"wall_seconds\"", "\"final_kelvin\"", "\"min_kelvin\"",
                "\"max_kelvin\"", "\"alarms\"", "\"trips\"", "supply"}) {
            assertTrue(json.contains(key), key + " in " + json);
        }
        List<String> csv = Files.readAllLines(dir.resolve("t.csv"));
        assertEquals("time_s,50k_k,4k_k,still_k,cold-plate_k,mxc_k,sample_k,50k_w,4k_w,still_w,mxc_w", csv.get(0));
        assertTrue(csv.size() > 100);
        assertEquals(1400, ImageIO.read(dir.resolve("p.png").toFile()).getWidth());
    }

    @Test
    void badScenarioIsOneLineWithFileLineAndField(@TempDir Path dir) throws Exception {
        Path scenario = dir.resolve("bad.yaml");
        Files.writeString(scenario, "name: bad\nduration_s: 600\nplant:\n  stage.4k.copper_kg: -20\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CryoMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), "sim", "--scenario", scenario.toString());
        assertEquals(1, code);
        String e = err.toString().trim();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.contains(scenario + ":4: plant.stage.4k.copper_kg:"), e);
        assertTrue(out.toString().isEmpty(), "nothing ran: " + out);
    }
}
