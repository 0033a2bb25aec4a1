package cryo.sim.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.device.StageId;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.fault.FaultInjector;
import cryo.sim.fault.FaultKind;
import cryo.sim.fault.SensorFault;
import cryo.sim.plant.PlantParameter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {
    private static final String GOOD = String.join("\n",
            "name: t",
            "duration_h: 2",
            "plant:",
            "  stage.mxc.copper_kg: 2.5",
            "initial:",
            "  state: room",
            "  temperatures_k:",
            "    50k: 280",
            "commands:",
            "  - at_s: 0",
            "    loop: still",
            "    mode: open-loop",
            "    output_w: 0.015",
            "faults:",
            "  - at_s: 60",
            "    fault: sensor-open",
            "    stage: mxc",
            "    clear_at_s: 120",
            "  - at_h: 0.5",
            "    fault: circulation-loss",
            "    value: 0.5",
            "");

    private static ScenarioException bad(String yaml) {
        return assertThrows(ScenarioException.class, () -> ScenarioLoader.loadString("bad.yaml", yaml));
    }

    @Test
    void goodScenarioLoadsWithEveryField() throws Exception {
        Scenario s = ScenarioLoader.loadString("good.yaml", GOOD);
        assertEquals(7200, s.durationSeconds(), 0);
        assertEquals(2.5, s.plant().get(PlantParameter.MASS_MXC), 0);
        assertEquals(280, s.initialKelvin().get(StageId.PLATE_50K), 0);
        assertEquals("open-loop", s.commands().get(0).mode());
        assertEquals(FaultKind.CIRCULATION_LOSS, s.faults().get(1).kind());
        assertEquals(1800, s.faults().get(1).atSeconds(), 1e-9);
        assertEquals(15, s.faults().get(0).line());
    }

    @Test
    void unknownKeyIsNamedWithItsLine() {
        ScenarioException e = bad(GOOD.replace("    mode: open-loop", "    mood: open-loop"));
        assertEquals("bad.yaml", e.source());
        assertEquals(12, e.line());
        assertEquals("commands[0].mood", e.field());
        assertTrue(e.getMessage().startsWith("bad.yaml:12: commands[0].mood: unknown key"), e.getMessage());
    }

    @Test
    void unknownTopLevelKeyAndUnknownPlantKey() {
        assertEquals("durations_h", bad(GOOD.replace("duration_h: 2", "duration_h: 2\ndurations_h: 3")).field());
        ScenarioException e = bad(GOOD.replace("stage.mxc.copper_kg", "stage.mxc.coper_kg"));
        assertEquals(4, e.line());
        assertEquals("plant.stage.mxc.coper_kg", e.field());
    }

    @Test
    void negativeMassIsRefused() {
        ScenarioException e = bad(GOOD.replace("copper_kg: 2.5", "copper_kg: -3"));
        assertEquals(4, e.line());
        assertEquals("plant.stage.mxc.copper_kg", e.field());
        assertTrue(e.getMessage().contains("out of range"), e.getMessage());
    }

    @Test
    void faultOnANonexistentStageIsRefused() {
        ScenarioException e = bad(GOOD.replace("    stage: mxc", "    stage: 1k"));
        assertEquals(17, e.line());
        assertEquals("faults[0].stage", e.field());
        assertTrue(e.getMessage().contains("unknown stage '1k'"), e.getMessage());
        ScenarioException noSample = bad(GOOD.replace("  stage.mxc.copper_kg: 2.5", "  stage.sample.copper_kg: 0")
                .replace("    stage: mxc", "    stage: sample"));
        assertTrue(noSample.getMessage().contains("no sample stage"), noSample.getMessage());
        ScenarioException noHeater = bad(GOOD.replace("fault: sensor-open", "fault: heater-open").replace("stage: mxc", "stage: cold-plate"));
        assertTrue(noHeater.getMessage().contains("has no heater"), noHeater.getMessage());
    }

    @Test
    void timesOutOfOrderAreRefused() {
        ScenarioException e = bad(GOOD.replace("  - at_h: 0.5", "  - at_s: 30"));
        assertEquals(19, e.line());
        assertEquals("faults[1].at_s", e.field());
        assertTrue(e.getMessage().contains("time order"), e.getMessage());
        ScenarioException clear = bad(GOOD.replace("clear_at_s: 120", "clear_at_s: 10"));
        assertEquals("faults[0].clear_at_s", clear.field());
        ScenarioException late = bad(GOOD.replace("  - at_s: 60", "  - at_s: 99999"));
        assertEquals("faults[0].at_s", late.field());
    }

    @Test
    void wrongTypesMissingValuesAndBadYaml() {
        assertEquals("commands[0].output_w", bad(GOOD.replace("output_w: 0.015", "output_w: lots")).field());
        assertEquals("faults[1].value", bad(GOOD.replace("    value: 0.5\n", "")).field());
        assertEquals("faults[1].value", bad(GOOD.replace("value: 0.5", "value: 2")).field());
        assertEquals("duration_s", bad(GOOD.replace("duration_h: 2", "")).field());
        assertEquals("commands[0].loop", bad(GOOD.replace("loop: still", "loop: cold-plate")).field());
        assertEquals("initial.state", bad(GOOD.replace("state: room", "state: lukewarm")).field());
        assertEquals("yaml", bad("name: [unclosed\n").field());
        assertEquals("name", bad(GOOD + "name: again\n").field().replaceAll("^scenario\\.", ""));
    }

    @Test
    void warmupIsACommandEntryOfItsOwnWithTrueOrFalse() throws Exception {
        String yaml = GOOD.replace("faults:\n", "  - {at_s: 600, warmup: true}\n  - {at_s: 700, acknowledge: true, warmup: false}\nfaults:\n");
        Scenario s = ScenarioLoader.loadString("good.yaml", yaml);
        assertEquals(Boolean.TRUE, s.commands().get(1).warmup());
        assertEquals(Boolean.FALSE, s.commands().get(2).warmup());
        assertEquals(null, s.commands().get(0).warmup(), "not given");
        assertEquals(null, s.commands().get(1).loopId());

        ScenarioException value = bad(GOOD.replace("faults:\n", "  - {at_s: 600, warmup: yes}\nfaults:\n"));
        assertEquals("bad.yaml:14: commands[1].warmup: 'yes' is not true or false", value.getMessage());
        ScenarioException withLoop = bad(GOOD.replace("    output_w: 0.015", "    output_w: 0.015\n    warmup: true"));
        assertEquals(14, withLoop.line());
        assertEquals("commands[0].warmup", withLoop.field());
        assertTrue(withLoop.getMessage().contains("not a loop command"), withLoop.getMessage());
        ScenarioException loopless = bad(GOOD.replace("faults:\n", "  - {at_s: 600, warmup: true, mode: off}\nfaults:\n"));
        assertEquals("commands[1].loop", loopless.field(), "a mode without a loop is not silently dropped");
    }

    @Test
    void everyShippedScenarioLoads() throws Exception {
        for (String name : ScenarioLoader.SHIPPED) {
            Scenario s = ScenarioLoader.resolve(name);
            assertEquals(name, s.name());
        }
        for (FaultKind k : FaultKind.values()) {
            assertTrue(ScenarioLoader.SHIPPED.contains(k.id()), "a shipped scenario for " + k.id());
        }
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.resolve("no-such-scenario"));
        assertTrue(e.getMessage().contains("cooldown"), e.getMessage());
    }

    @Test
    void loadsFromAFile(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("mine.yaml");
        Files.writeString(f, GOOD.replace("copper_kg: 2.5", "copper_kg: -1"));
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.resolve(f.toString()));
        assertTrue(e.getMessage().startsWith(f + ":4: plant.stage.mxc.copper_kg:"), e.getMessage());
    }

    @Test
    void timelineInjectsAndRepairsFaultsAndHandsOverCommands() throws Exception {
        Scenario s = ScenarioLoader.loadString("good.yaml", GOOD);
        SimulatedBoard board = ScenarioSetup.board(s, 3);
        assertEquals(280, board.plant().temperatureKelvin(StageId.PLATE_50K), 1e-9);
        ScenarioTimeline timeline = new ScenarioTimeline(s, new FaultInjector(board));
        List<ScenarioCommand> got = new ArrayList<>();
        timeline.advanceTo(0, got::add);
        assertEquals(1, got.size());
        timeline.advanceTo(59, got::add);
        assertEquals(SensorFault.NONE, board.faults().sensorFault(4));
        timeline.advanceTo(60, got::add);
        assertEquals(SensorFault.OPEN, board.faults().sensorFault(4));
        timeline.advanceTo(120, got::add);
        assertEquals(SensorFault.NONE, board.faults().sensorFault(4));
        assertEquals(1, got.size());

        TraceRecorder rec = new TraceRecorder(board, 10);
        for (int i = 0; i <= 30; i++) {
            board.update(1.0);
            rec.record(i + 1);
        }
        StringWriter w = new StringWriter();
        rec.writeCsv(w);
        String[] lines = w.toString().split("\n");
        assertEquals("time_s,50k_k,4k_k,still_k,cold-plate_k,mxc_k,sample_k,50k_w,4k_w,still_w,mxc_w", lines[0]);
        assertEquals(5, lines.length, "header + rows at 1, 11, 21, 31 s");
    }

    private static final String SHAPED = "duration_s: 7200\n"
            + "faults:\n"
            + "  - {at_s: 100, clear_at_s: 900, fault: sensor-offset, channel: 6, value: 0.02, ramp_s: 300, clear_ramp_s: 200}\n"
            + "  - {at_s: 100, fault: sensor-noisy, channel: 6, value: 10}\n";

    @Test
    void faultsRampOnAChannelAndSeveralShareIt() throws Exception {
        Scenario s = ScenarioLoader.loadString("shaped.yaml", SHAPED);
        ScenarioFault f = s.faults().get(0);
        assertEquals(6, f.channel());
        assertEquals(300, f.rampSeconds(), 0);
        assertEquals(200, f.clearRampSeconds(), 0);
        SimulatedBoard board = ScenarioSetup.board(s, 1);
        ScenarioTimeline timeline = new ScenarioTimeline(s, new FaultInjector(board));
        board.update(100); // faults start at the board's time
        timeline.advanceTo(100, c -> { });
        assertTrue(board.faults().hasSensorFault(6, SensorFault.OFFSET) && board.faults().hasSensorFault(6, SensorFault.NOISY));
        assertEquals(0.01, board.faults().value(FaultKind.SENSOR_OFFSET, 6, 250), 1e-12, "half way up the ramp");
        board.update(800);
        timeline.advanceTo(900, c -> { });
        assertEquals(0.01, board.faults().value(FaultKind.SENSOR_OFFSET, 6, 1000), 1e-12, "half way back down");
        assertEquals(SensorFault.NONE, board.faults().sensorFault(4), "the first mxc thermometer is untouched");
    }

    @Test
    void shapedFaultErrorsNameTheField() {
        assertEquals("faults[0].ramp_s", bad("duration_s: 100\nfaults:\n  - {at_s: 1, fault: sensor-open, stage: mxc, ramp_s: 5}\n").field());
        assertEquals("faults[0].clear_ramp_s", bad("duration_s: 100\nfaults:\n  - {at_s: 1, fault: supply-sag, value: 0.1, clear_ramp_s: 5}\n").field());
        assertEquals("faults[0].channel", bad("duration_s: 100\nfaults:\n  - {at_s: 1, fault: sensor-open, channel: 7}\n").field());
        assertEquals("faults[0].channel", bad("duration_s: 100\nfaults:\n  - {at_s: 1, fault: sensor-open, channel: 4, stage: mxc}\n").field());
        assertEquals("faults[0].clear_at_s", bad("duration_s: 100\nfaults:\n  - {at_s: 1, clear_at_s: 5, fault: supply-sag, value: 0.1, ramp_s: 10}\n").field());
    }

    // ---- commands in the words of cryo.v1.Command ----

    private static final String VOCABULARY = String.join("\n",
            "name: v",
            "duration_h: 2",
            "initial: {state: base}",
            "commands:",
            "  - {at_s: 0, set_mode: {loop_id: mxc, mode: zone}}",
            "  - {at_s: 0, set_ramp: {loop_id: mxc, enabled: true, rate_kelvin_per_minute: 0.005}}",
            "  - at_s: 0",
            "    set_zone_table:",
            "      loop_id: mxc",
            "      zones:",
            "        - {upper_bound_kelvin: 0.03, p: 3.0e-3, i: 6.0e-5, heater_range: 4}",
            "        - {upper_bound_kelvin: 1.0, p: 0.15, i: 0.02, heater_range: 7}",
            "  - {at_s: 10, set_setpoint: {loop_id: mxc, setpoint_kelvin: 0.05}}",
            "  - {at_s: 20, set_heater_range: {loop_id: still, heater_range: 7}}",
            "  - {at_s: 30, set_gains: {loop_id: still, p: 0.02, i: 0.1, d: 0}}",
            "  - {at_s: 40, set_mode: {loop_id: still, mode: LOOP_MODE_OPEN_LOOP}}",
            "  - {at_s: 40, set_manual_output: {loop_id: still, output_watts: 0.015}}",
            "  - {at_s: 50, start_autotune: {loop_id: mxc, zone: 1, step_watts: 1.0e-5, amplitude_limit_kelvin: 0.002, timeout_seconds: 3600}}",
            "  - {at_s: 60, abort_autotune: {loop_id: mxc}}",
            "  - at_s: 70",
            "    start_sequence:",
            "      loops: 3",
            "      sequence: {name: s, channels: [{name: q0, kind: drive, board_channel: 0, max_amplitude: 1}],"
                    + " pulses: [{name: x, channel: q0, start_ticks: 0, duration_ticks: 40, amplitude: 0.5, envelope: gaussian, sigma_ticks: 10}]}",
            "  - {at_s: 80, abort_sequence: {}}",
            "  - at_s: 80",
            "    stop_sequence:",
            "  - {at_s: 90, acknowledge_alarm: {alarm_id: 0}}",
            "  - {at_s: 90, shelve_alarm: {alarm_id: 3, shelve_seconds: 600}}",
            "  - {at_s: 100, set_warmup: {enabled: true}}",
            "  - {at_s: 100, loop: still, mode: off}",
            "");

    @Test
    void everyCommandActionReadsInTheWordsOfTheProto() throws Exception {
        Scenario s = ScenarioLoader.loadString("v.yaml", VOCABULARY);
        List<cryo.v1.Command> c = new ArrayList<>();
        for (ScenarioCommand sc : s.commands()) {
            c.addAll(sc.commands());
        }
        assertEquals(17, c.size());
        assertEquals(cryo.v1.LoopMode.LOOP_MODE_ZONE, c.get(0).getSetMode().getMode());
        assertEquals("scenario-line-5", c.get(0).getCorrelationId(), "the entry's line names the command");
        assertEquals(0.005, c.get(1).getSetRamp().getRateKelvinPerMinute());
        assertTrue(c.get(1).getSetRamp().getEnabled());
        assertEquals(2, c.get(2).getSetZoneTable().getZonesCount());
        assertEquals(7, c.get(2).getSetZoneTable().getZones(1).getHeaterRange());
        assertEquals(0.05, c.get(3).getSetSetpoint().getSetpointKelvin());
        assertEquals(7, c.get(4).getSetHeaterRange().getHeaterRange());
        assertEquals(0.1, c.get(5).getSetGains().getI());
        assertEquals(cryo.v1.LoopMode.LOOP_MODE_OPEN_LOOP, c.get(6).getSetMode().getMode());
        assertEquals(0.015, c.get(7).getSetManualOutput().getOutputWatts());
        assertEquals(1, c.get(8).getStartAutotune().getZone());
        assertEquals("mxc", c.get(9).getAbortAutotune().getLoopId());
        assertEquals(3, c.get(10).getStartSequence().getLoops());
        assertEquals(cryo.v1.Envelope.ENVELOPE_GAUSSIAN, c.get(10).getStartSequence().getSequence().getPulses(0).getEnvelope());
        assertEquals(cryo.v1.ChannelKind.CHANNEL_DRIVE, c.get(10).getStartSequence().getSequence().getChannels(0).getKind());
        assertEquals(cryo.v1.Command.ActionCase.ABORT_SEQUENCE, c.get(11).getActionCase());
        assertEquals(cryo.v1.Command.ActionCase.STOP_SEQUENCE, c.get(12).getActionCase());
        assertEquals(cryo.v1.Command.ActionCase.ACKNOWLEDGE_ALARM, c.get(13).getActionCase());
        assertEquals(600, c.get(14).getShelveAlarm().getShelveSeconds());
        assertTrue(c.get(15).getSetWarmup().getEnabled());
        assertEquals("scenario-line-30-mode", c.get(16).getCorrelationId(), "the short form stays beside it");
        assertEquals(cryo.v1.LoopMode.LOOP_MODE_OFF, c.get(16).getSetMode().getMode());
    }

    @Test
    void aBadCommandIsNamedWithItsLineAndField() {
        ScenarioException e = bad(VOCABULARY.replace("rate_kelvin_per_minute: 0.005", "rate: 0.005"));
        assertEquals(6, e.line());
        assertEquals("commands[1].set_ramp.rate", e.field());
        assertTrue(e.getMessage().contains("not a field of SetRamp (loop_id, enabled, rate_kelvin_per_minute)"), e.getMessage());
        e = bad(VOCABULARY.replace("mode: zone", "mode: fast"));
        assertEquals("commands[0].set_mode.mode", e.field());
        assertTrue(e.getMessage().contains("'fast' is not a LoopMode (off, pid, zone, open-loop, monitor, autotune)"), e.getMessage());
        e = bad(VOCABULARY.replace("enabled: true, rate", "enabled: yes, rate"));
        assertTrue(e.getMessage().endsWith("commands[1].set_ramp.enabled: 'yes' is not true or false"), e.getMessage());
        e = bad(VOCABULARY.replace("heater_range: 7}}", "heater_range: seven}}"));
        assertEquals("bad.yaml:14: commands[4].set_heater_range.heater_range: 'seven' is not an integer", e.getMessage());
        e = bad(VOCABULARY.replace("alarm_id: 3", "alarm_id: -3"));
        assertTrue(e.getMessage().endsWith("commands[14].shelve_alarm.alarm_id: -3 outside 0..9223372036854775807"), e.getMessage());
        e = bad(VOCABULARY.replace("p: 3.0e-3", "p: .nan"));
        assertEquals("commands[2].set_zone_table.zones[0].p", e.field());
        e = bad(VOCABULARY.replace("{at_s: 10, set_setpoint:", "{at_s: 10, set_sepoint:"));
        assertEquals("commands[3].set_sepoint", e.field());
        assertTrue(e.getMessage().contains("unknown key") && e.getMessage().contains("set_setpoint"), e.getMessage());
        e = bad(VOCABULARY.replace("{at_s: 20, set_heater_range:", "{at_s: 20, loop: still, set_heater_range:"));
        assertTrue(e.getMessage().contains("not with set_heater_range: give it an entry of its own"), e.getMessage());
        e = bad(VOCABULARY.replace("{at_s: 90, acknowledge_alarm: {alarm_id: 0}}", "{at_s: 90, acknowledge_alarm: {alarm_id: 0}, set_warmup: {enabled: true}}"));
        assertTrue(e.getMessage().contains("one command per entry"), e.getMessage());
        e = bad(VOCABULARY.replace("set_gains: {loop_id: still, p: 0.02, i: 0.1, d: 0}", "set_gains: still"));
        assertTrue(e.getMessage().contains("expected a mapping of SetGains fields"), e.getMessage());
        e = bad(VOCABULARY.replace("    start_sequence:\n      loops: 3", "    start_sequence:\n      file: ramsey.txtpb\n      loops: 3"));
        assertTrue(e.getMessage().contains("commands[10].start_sequence.file:"), e.getMessage());
    }

    @Test
    void aSequenceFileIsReadRelativeToTheScenarioFile(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("seq"));
        Path scenario = dir.resolve("s.yaml");
        Files.writeString(scenario, "duration_s: 60\ncommands:\n  - {at_s: 0, start_sequence: {file: seq/x.txtpb, throttle: true}}\n");
        List<Path> asked = new ArrayList<>();
        Scenario s = ScenarioLoader.loadFile(scenario, file -> {
            asked.add(file);
            return cryo.v1.PulseSequence.newBuilder().setName("x").build();
        });
        assertEquals(List.of(dir.toAbsolutePath().resolve("seq/x.txtpb")), asked);
        cryo.v1.StartSequence start = s.commands().get(0).command().getStartSequence();
        assertEquals("x", start.getSequence().getName());
        assertTrue(start.getThrottle());
        ScenarioException e = assertThrows(ScenarioException.class, () -> ScenarioLoader.loadFile(scenario, file -> {
            throw new IllegalArgumentException(file.getFileName() + ": no such file");
        }));
        assertEquals(scenario + ":3: commands[0].start_sequence.file: x.txtpb: no such file", e.getMessage());
    }

    @Test
    void everyShippedScenarioStillLoads() throws Exception {
        for (String name : ScenarioLoader.SHIPPED) {
            Scenario s = ScenarioLoader.loadShipped(name);
            assertTrue(Double.isNaN(s.controlTickSeconds()), name + ": runs at the configuration's tick");
            for (ScenarioCommand c : s.commands()) {
                assertTrue(!c.commands().isEmpty(), name + " line " + c.line());
            }
        }
    }
}
