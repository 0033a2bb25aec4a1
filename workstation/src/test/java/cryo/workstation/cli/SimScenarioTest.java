package cryo.workstation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.device.StageId;
import cryo.sim.scenario.Scenario;
import cryo.sim.scenario.ScenarioCommand;
import cryo.sim.scenario.ScenarioLoader;
import cryo.sim.scenario.TracePlot;
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

    /**
     * Under the shipped configuration, as `cryo run` (its 0.1 s tick), the mixing-chamber loop
     * switched off for the cooldown. The run is the one SimCheckTest judges cooldown.yaml's
     * expectations on (ShippedRuns); here what the file cannot say.
     */
    @Test
    void cooldownThroughTheControllerReachesBelow20MillikelvinIn24To48HoursWithoutATrip() throws Exception {
        SimRun.Result r = ShippedRuns.result("cooldown");
        assertEquals(SimRun.SHIPPED_CONFIG, r.configSource());
        assertEquals(0.1, r.tickSeconds(), "the shipped configuration's tick");
        assertEquals(List.of(), r.trips(), "no trip on a cooldown from room temperature");
        assertEquals(List.of(), r.alarms(), "no alarm, no warning: the plates cool through their warning level (304 K) at once");
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
        assertEquals(295.0, r.trace().maxKelvin(mxc), 1e-6);
        assertTrue(r.commands().stream().allMatch(e -> e.kind().equals("accepted")), r.commands().toString());
    }

    /** The shipped warm-up with other commands and duration (same plant, faults, seed). */
    private static Scenario warmupWith(List<ScenarioCommand> commands, double durationSeconds) throws Exception {
        Scenario w = ScenarioLoader.resolve("warmup");
        return new Scenario(w.name(), w.source(), w.description(), durationSeconds, w.controlTickSeconds(), w.traceIntervalSeconds(),
                w.plant(), w.initialState(), w.initialStillWatts(), w.initialKelvin(), commands, w.faults());
    }

    @Test
    void warmupScenarioReachesRoomTemperatureInWarmupModeWithoutATrip() throws Exception {
        SimRun.Result r = ShippedRuns.result("warmup"); // the run SimCheckTest judges warmup.yaml on
        assertEquals(30 * 3600.0, r.simulatedSeconds(), 1e-6, "the full 30 simulated hours");
        assertEquals(List.of(), r.trips(), "a deliberate warm-up is normal operation");
        assertEquals(List.of(), r.alarms(), "no warning either: plates held at 290 K sit below their 304 K warning level");
        assertTrue(r.commands().stream().allMatch(e -> e.kind().equals("accepted")), r.commands().toString());
        assertTrue(r.commands().stream().anyMatch(e -> e.reason().contains("-warmup: warm-up mode on")), r.commands().toString());
        assertEquals(290.0, r.trace().finalKelvin(index(r, StageId.PLATE_50K)), 3.0, "50 K plate regulated at 290 K");
        assertEquals(290.0, r.trace().finalKelvin(index(r, StageId.PLATE_4K)), 7.0, "4 K plate near 290 K (its 10 W heater still at full power)");
        assertTrue(r.trace().maxKelvin(index(r, StageId.PLATE_50K)) < 300, "no runaway past room temperature");
        for (StageId cold : new StageId[] {StageId.STILL, StageId.COLD_PLATE, StageId.MXC}) {
            assertTrue(r.trace().finalKelvin(index(r, cold)) > 270, cold + " warmed far past its 30 K limit: " + r.trace().finalKelvin(index(r, cold)));
        }
    }

    @Test
    void theSameWarmupWithoutWarmupModeTrips() throws Exception {
        Scenario shipped = ScenarioLoader.resolve("warmup");
        List<ScenarioCommand> noWarmup = shipped.commands().stream().filter(c -> c.warmup() == null).toList();
        assertEquals(shipped.commands().size() - 1, noWarmup.size());
        SimRun.Result r = SimRun.run(warmupWith(noWarmup, shipped.durationSeconds()), 1);
        assertEquals(1, r.trips().size(), r.trips().toString());
        SimRun.Event trip = r.trips().get(0);
        assertEquals("RATE_OF_RISE", trip.kind());
        assertTrue(trip.reason().startsWith("RATE_OF_RISE on still:"), trip.reason());
        assertEquals(781, trip.boardSeconds(), 5, "the still's rise once the pulse tube stops");
    }

    /**
     * The end of a warm-up: the operator switches the plate heaters off and warm-up mode off, and
     * three more hours pass with every cold-stage check back on. (Left in PID the 50 K plate trips
     * HOLD_BAND_RUNAWAY at 32.3 h, warm-up mode or not: room temperature pulls it above its 290 K
     * setpoint, which a heater cannot undo.)
     */
    @Test
    void warmupSwitchedOffAtRoomTemperatureTripsNothing() throws Exception {
        Scenario shipped = ScenarioLoader.resolve("warmup");
        List<ScenarioCommand> commands = new java.util.ArrayList<>(shipped.commands());
        double end = 31 * 3600.0;
        commands.add(new ScenarioCommand(end, "50k", "off", Double.NaN, Double.NaN, -1, false, null, 97));
        commands.add(new ScenarioCommand(end, "4k", "off", Double.NaN, Double.NaN, -1, false, null, 98));
        commands.add(new ScenarioCommand(end, null, null, Double.NaN, Double.NaN, -1, false, false, 99));
        SimRun.Result r = SimRun.run(warmupWith(commands, 34 * 3600.0), 1);
        assertTrue(r.commands().stream().anyMatch(e -> e.reason().contains("-warmup: warm-up mode off")), r.commands().toString());
        assertTrue(r.commands().stream().allMatch(e -> e.kind().equals("accepted")), r.commands().toString());
        assertEquals(List.of(), r.trips(), "three hours at room temperature with the cold-stage checks back on");
        assertEquals(List.of(), r.alarms(), "no warning: the cold stages' warnings arm only once they read below 98 % of their levels");
        assertTrue(r.trace().finalKelvin(index(r, StageId.MXC)) > 280);
    }

    @Test
    void boardHangTripsTheInterlockAndTheOperatorReArms() throws Exception {
        SimRun.Result r = SimRun.run(ScenarioLoader.resolve("board-hang"), 1);
        assertEquals(1, r.trips().size(), r.trips().toString());
        SimRun.Event trip = r.trips().get(0);
        // a hung board is named as the board, not as stale data on whichever thermometer comes first
        assertEquals("BOARD_NOT_ANSWERING", trip.kind(), trip.toString());
        assertTrue(trip.boardSeconds() > 1800 && trip.boardSeconds() < 1810, "trip within notAnsweringTicks of the hang: " + trip.boardSeconds());
        assertTrue(r.commands().stream().anyMatch(e -> e.reason().contains("-ack: ") && e.reason().contains("interlock re-armed")), r.commands().toString());
        // the board's watchdog fired too (nothing kicked it during the hang), and, as SAFETY.md says, a
        // watchdog that fires while the interlock is tripped raises nothing: the one alarm is the trip
        assertTrue((r.boardFaultFlagsSeen() & cryo.hal.regmap.CryoCmosRegisters.FAULT_WATCHDOG) != 0, "the board's own watchdog fired");
        assertEquals(1, r.alarms().stream().filter(e -> e.kind().equals("interlock-trip")).count(), r.alarms().toString());
        assertTrue(r.alarms().stream().noneMatch(e -> e.reason().contains("watchdog")), "no watchdog alarm: " + r.alarms());
        int mxc = index(r, StageId.MXC);
        assertEquals(0.030, r.trace().finalKelvin(mxc), 0.002, "back under control at 30 mK after re-arming");
        // the plot marks the commands (one marker per time) and the trip with its cause
        List<TracePlot.Marker> markers = SimRun.markers(r);
        assertTrue(markers.contains(new TracePlot.Marker(0, "still open-loop 15 mW; mxc pid 30 mK", false)), markers.toString());
        assertTrue(markers.contains(new TracePlot.Marker(2700, "operator acknowledges; still open-loop 15 mW; mxc pid", false)), markers.toString());
        assertTrue(markers.stream().anyMatch(m -> m.trip() && m.seconds() == trip.boardSeconds()
                && m.label().startsWith("TRIP " + trip.kind().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')) && m.label().contains("(limit ")),
                markers.toString());
        assertEquals(cryo.v1.LoopMode.LOOP_MODE_PID_VALUE, TracePlot.PID_MODE, "the plot draws a setpoint while the trace's <loop>_mode is PID");
    }

    @Test
    void theReportGivesTheTimeToTheSafeState() throws Exception {
        SimRun.Result r = SimRun.run(ScenarioLoader.resolve("sensor-open"), 1);
        assertEquals(1, r.trips().size(), r.trips().toString());
        assertEquals(1, r.safeStates().size(), r.safeStates().toString());
        double after = r.safeStates().get(0).boardSeconds() - r.trips().get(0).boardSeconds();
        assertTrue(after >= 0 && after <= r.tickSeconds(), "heaters at 0 W within a tick of the trip: " + after + " s");
        assertTrue(SimRun.reportJson(r).contains("\"safe_states\": [") && SimRun.reportJson(r).contains("after the trip"), SimRun.reportJson(r));
        // the trace says so too: the last two columns are the relay and the interlock
        double[] last = r.trace().rows().get(r.trace().rows().size() - 1);
        assertEquals(0.0, last[last.length - 2], "relay open at the end");
        assertEquals(1.0, last[last.length - 1], "interlock tripped at the end");
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
        assertEquals("time_s,50k_k,4k_k,still_k,cold-plate_k,mxc_k,sample_k,50k_w,4k_w,still_w,mxc_w,"
                + "mxc_read_k,mxc_setpoint_k,mxc_output_w,mxc_mode,still_read_k,still_setpoint_k,still_output_w,still_mode,"
                + "50k_read_k,50k_setpoint_k,50k_output_w,50k_mode,4k_read_k,4k_setpoint_k,4k_output_w,4k_mode,"
                + "relay_closed,interlock_tripped", csv.get(0),
                "true temperatures and delivered power, then what the controller read and did (loops in the configuration's order)");
        assertTrue(csv.size() > 100);
        assertEquals(1400, ImageIO.read(dir.resolve("p.png").toFile()).getWidth());
    }

    /**
     * A scenario that only says it starts at base runs as `cryo run` does: the shipped configuration
     * regulates the still (0.8 K, its heater on) and holds the mixing chamber at 20 mK; nothing trips.
     */
    @Test
    void aBaseStateUnderTheShippedConfigurationIsAFridgeAtBase() throws Exception {
        Scenario s = ScenarioLoader.loadString("base.yaml", "name: base\nduration_s: 1200\ninitial: {state: base}\n");
        SimRun.Result r = SimRun.run(s, 1);
        assertEquals(List.of(), r.trips());
        assertEquals(List.of(), r.alarms());
        assertEquals(0.020, r.trace().finalKelvin(index(r, StageId.MXC)), 0.0005, "mixing chamber held at the shipped 20 mK");
        assertEquals(0.8, r.trace().finalKelvin(index(r, StageId.STILL)), 0.01, "still regulated at the shipped 0.8 K");
        java.util.List<String> header = java.util.Arrays.asList(csvHeader(r).split(","));
        double[] last = r.trace().rows().get(r.trace().rows().size() - 1);
        assertTrue(last[header.indexOf("still_w")] > 0.005, "the still heater is on: " + last[header.indexOf("still_w")] + " W");
        assertEquals(cryo.v1.LoopMode.LOOP_MODE_ZONE_VALUE, last[header.indexOf("mxc_mode")]);
    }

    private static String csvHeader(SimRun.Result r) throws java.io.IOException {
        StringWriter w = new StringWriter();
        r.trace().writeCsv(w);
        return w.toString().lines().findFirst().orElseThrow();
    }

    @Test
    void aScenarioTickOverridesTheConfigurationsTick() throws Exception {
        Scenario s = ScenarioLoader.loadString("tick.yaml", "name: tick\nduration_s: 60\ncontrol_tick_s: 1.0\ninitial: {state: base}\n");
        SimRun.Result r = SimRun.run(s, 1);
        assertEquals(1.0, r.tickSeconds());
        assertEquals(60, r.steps());
    }

    /** The shipped configuration with its text changed, in a directory of its own with the curves it names. */
    private static Path configFile(Path dir, String from, String to) throws Exception {
        ClassLoader cl = SimScenarioTest.class.getClassLoader();
        String text;
        try (var in = cl.getResourceAsStream("cryo-cryostat.yaml")) {
            text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        assertTrue(text.contains(from), from);
        Files.createDirectories(dir.resolve("curves"));
        for (String c : new String[] {"sim-ruox-mxc-spline.340", "sim-pt100-50k.340", "sim-cernox-4k.340"}) {
            try (var in = cl.getResourceAsStream("curves/" + c)) {
                Files.write(dir.resolve("curves").resolve(c), in.readAllBytes());
            }
        }
        Path file = dir.resolve("lab.yaml");
        Files.writeString(file, text.replace(from, to));
        return file;
    }

    @Test
    void cliRunsTheScenarioUnderTheGivenConfiguration(@TempDir Path dir) throws Exception {
        Path config = configFile(dir, "tickIntervalSeconds: 0.1", "tickIntervalSeconds: 0.5");
        Path scenario = dir.resolve("base.yaml");
        Files.writeString(scenario, "name: base\nduration_s: 300\ninitial: {state: base}\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CryoMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), "sim", "--scenario", scenario.toString(),
                "--config", config.toString(), "--report", dir.resolve("r.json").toString());
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().startsWith("cryo sim: base under " + config + " (0.1 h simulated, 0.500 s control tick, seed 1)"), out.toString());
        String json = Files.readString(dir.resolve("r.json"));
        assertTrue(json.contains("\"config\": " + SimRun.str(config.toString())), json);
        assertTrue(json.contains("\"control_tick_seconds\": 0.500000") && json.contains("\"steps\": 600"), json);
    }

    @Test
    void aBadConfigurationIsOneLineAndNothingRuns(@TempDir Path dir) throws Exception {
        Path config = configFile(dir, "tickIntervalSeconds: 0.1", "tickIntervalSeconds: 20");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CryoMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), "sim", "--scenario", "board-hang",
                "--config", config.toString());
        assertEquals(1, code);
        String e = err.toString().trim();
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.contains(config.toString()) && e.contains("tickIntervalSeconds"), e);
        assertTrue(out.toString().isEmpty(), "nothing ran: " + out);
    }

    /**
     * Commands in the words of cryo.v1.Command, through the gate an MQTT command passes and the
     * ring: a ramp, a zone table, a pulse sequence from a file beside the scenario (started, then
     * aborted), shelving, and commands the controller refuses (an unknown loop, a setpoint over
     * the loop's limit) or the gate refuses (install_bundle, as over MQTT), each in the report.
     */
    @Test
    void commandsInTheWordsOfTheProtoRunThroughTheGateAndTheRing(@TempDir Path dir) throws Exception {
        Files.copy(Path.of("..", "examples", "ramsey.txtpb"), dir.resolve("ramsey.txtpb"));
        Path scenario = dir.resolve("words.yaml");
        Files.writeString(scenario, String.join("\n",
                "name: words", "duration_s: 900", "initial: {state: base}",
                "commands:",
                "  - {at_s: 0, set_ramp: {loop_id: mxc, enabled: true, rate_kelvin_per_minute: 0.02}}",
                "  - {at_s: 0, set_setpoint: {loop_id: mxc, setpoint_kelvin: 0.030}}",
                "  - at_s: 10",
                "    set_zone_table:",
                "      loop_id: mxc",
                "      zones:",
                "        - {upper_bound_kelvin: 0.030, p: 3.0e-3, i: 6.0e-5, heater_range: 4}",
                "        - {upper_bound_kelvin: 1.0, p: 8.0e-3, i: 1.4e-4, heater_range: 5}",
                "  - {at_s: 20, start_sequence: {file: ramsey.txtpb, loops: 0}}",
                "  - {at_s: 30, abort_sequence: {}}",
                "  - {at_s: 40, set_setpoint: {loop_id: nope, setpoint_kelvin: 0.030}}",
                "  - {at_s: 40, set_setpoint: {loop_id: mxc, setpoint_kelvin: 1.5}}",
                "  - {at_s: 50, install_bundle: {}}",
                "  - {at_s: 60, shelve_alarm: {alarm_id: 0, shelve_seconds: 60}}",
                "  - {at_s: 70, set_mode: {loop_id: still, mode: pid}}",
                ""));
        SimRun.Result r = SimRun.run(SimRun.load(scenario.toString()), 1);
        java.util.Map<String, SimRun.Event> byId = new java.util.HashMap<>();
        for (SimRun.Event e : r.commands()) {
            byId.put(e.reason().substring(0, e.reason().indexOf(':')), e);
        }
        String all = r.commands().toString();
        for (String accepted : new String[] {"scenario-line-5", "scenario-line-6", "scenario-line-7", "scenario-line-13", "scenario-line-14",
                "scenario-line-19"}) {
            assertEquals("accepted", byId.get(accepted).kind(), accepted + " in " + all);
        }
        assertEquals("refused", byId.get("scenario-line-15").kind(), all);
        assertEquals("refused", byId.get("scenario-line-16").kind(), all);
        assertTrue(byId.get("scenario-line-16").reason().contains("limit"), all);
        assertEquals("scenario-line-17: install_bundle is not accepted over MQTT: bundles are installed by the loader (cryo loader)",
                byId.get("scenario-line-17").reason(), "the gate's own words");
        assertEquals("refused", byId.get("scenario-line-17").kind());
        assertTrue(byId.containsKey("scenario-line-18"), all);
        assertEquals(List.of(), r.trips());
        assertEquals(0.030, r.trace().finalKelvin(index(r, StageId.MXC)), 0.001, "the setpoint reached through the ramp");
        assertTrue(SimRun.markers(r).stream().anyMatch(m -> m.label().startsWith("set_ramp loop_id: mxc")), SimRun.markers(r).toString());
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
