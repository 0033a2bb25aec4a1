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
}
