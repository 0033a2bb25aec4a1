package cryo.sim.scenario;

import cryo.hal.device.StageId;
import cryo.sim.board.SimulatedBoards;
import cryo.sim.fault.FaultKind;
import cryo.sim.plant.PlantParameters;
import cryo.sim.scenario.expect.Expectation;
import cryo.sim.scenario.expect.ExpectationParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a scenario file (YAML, format in sim-board/README.md "Scenarios") and checks all of it
 * before anything runs: unknown keys, wrong types, out-of-range figures, faults or loops on
 * stages that do not exist, and times out of order are refused with file, line and field.
 * SnakeYAML only composes the node tree (no object construction), so every value keeps its line.
 */
public final class ScenarioLoader {
    /** Names of the scenarios shipped as classpath resources under /scenarios. */
    public static final List<String> SHIPPED = List.of("cooldown", "warmup",
            "heater-stuck-on", "heater-open", "heater-short", "heater-forced-power",
            "sensor-open", "sensor-short", "sensor-stuck", "sensor-frozen", "sensor-noisy", "sensor-drifting",
            "sensor-offset", "sensor-detached",
            "pulse-tube-stop", "circulation-loss", "vacuum-degradation", "bus-bit-errors", "bus-crc-failures",
            "board-hang", "supply-sag", "cmos-overheating");

    private static final Set<String> TOP = Set.of("name", "description", "duration_s", "duration_h", "control_tick_s",
            "trace_interval_s", "plant", "initial", "commands", "faults", "expect");
    private static final Set<String> INITIAL = Set.of("state", "still_heater_w", "temperatures_k");
    private static final Set<String> COMMAND = Set.of("at_s", "at_h", "loop", "mode", "setpoint_k", "output_w", "range", "acknowledge",
            "warmup");
    private static final Set<String> FAULT = Set.of("at_s", "at_h", "clear_at_s", "clear_at_h", "fault", "stage", "channel", "value",
            "ramp_s", "clear_ramp_s");
    private static final Set<String> MODES = Set.of("off", "pid", "open-loop");

    private final String source;
    private final YamlFields yaml;
    private final CommandYaml commandYaml;

    private ScenarioLoader(String source, Path baseDirectory, CommandYaml.SequenceReader sequences) {
        this.source = source;
        this.yaml = new YamlFields(source);
        this.commandYaml = new CommandYaml(source, baseDirectory, sequences);
    }

    /** A file path, or the name of a shipped scenario; a start_sequence file in it is refused (no reader). */
    public static Scenario resolve(String fileOrName) throws ScenarioException {
        return resolve(fileOrName, CommandYaml.NO_SEQUENCES);
    }

    /** A file path, or the name of a shipped scenario, reading start_sequence files with {@code sequences}. */
    public static Scenario resolve(String fileOrName, CommandYaml.SequenceReader sequences) throws ScenarioException {
        Path p = Path.of(fileOrName);
        if (Files.isRegularFile(p)) {
            return loadFile(p, sequences);
        }
        if (SHIPPED.contains(fileOrName)) {
            return loadShipped(fileOrName);
        }
        throw new ScenarioException(fileOrName, 0, "scenario", "no such file, and not a shipped scenario (" + String.join(", ", SHIPPED) + ")");
    }

    public static Scenario loadFile(Path file) throws ScenarioException {
        return loadFile(file, CommandYaml.NO_SEQUENCES);
    }

    /** A scenario file; start_sequence files are relative to its directory, read with {@code sequences}. */
    public static Scenario loadFile(Path file, CommandYaml.SequenceReader sequences) throws ScenarioException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new ScenarioLoader(file.toString(), file.toAbsolutePath().getParent(), sequences).parse(r);
        } catch (IOException e) {
            throw new ScenarioException(file.toString(), 0, "file", "cannot read: " + e.getMessage());
        }
    }

    public static Scenario loadShipped(String name) throws ScenarioException {
        String resource = "/scenarios/" + name + ".yaml";
        InputStream in = ScenarioLoader.class.getResourceAsStream(resource);
        if (in == null) {
            throw new ScenarioException(name, 0, "scenario", "not a shipped scenario (" + String.join(", ", SHIPPED) + ")");
        }
        try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return load(name + ".yaml", r);
        } catch (IOException e) {
            throw new ScenarioException(resource, 0, "file", "cannot read: " + e.getMessage());
        }
    }

    public static Scenario loadString(String source, String yaml) throws ScenarioException {
        return load(source, new StringReader(yaml));
    }

    /** Scenario text that names no files (start_sequence takes an inline sequence). */
    public static Scenario load(String source, Reader reader) throws ScenarioException {
        return new ScenarioLoader(source, null, CommandYaml.NO_SEQUENCES).parse(reader);
    }

    private Scenario parse(Reader reader) throws ScenarioException {
        Node root;
        try {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(new SafeConstructor(options)).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ScenarioException(source, line, "yaml", e.getProblem());
        } catch (RuntimeException e) {
            throw new ScenarioException(source, 0, "yaml", String.valueOf(e.getMessage()).replace('\n', ' '));
        }
        if (root == null) {
            throw new ScenarioException(source, 1, "scenario", "empty file");
        }
        Map<String, NodeTuple> top = mapping(root, "scenario", TOP);
        String name = top.containsKey("name") ? string(top.get("name").getValueNode(), "name") : source;
        String description = top.containsKey("description") ? string(top.get("description").getValueNode(), "description") : "";
        double duration = time(top, "duration_s", "duration_h", "", root, true, 1, 30 * 24 * 3600.0);
        // no control_tick_s: the controller configuration's tick (what `cryo run` runs), known only at run time
        double tick = top.containsKey("control_tick_s") ? number(top.get("control_tick_s").getValueNode(), "control_tick_s", 0.001, 10) : Double.NaN;
        double traceInterval = top.containsKey("trace_interval_s")
                ? number(top.get("trace_interval_s").getValueNode(), "trace_interval_s", Double.isNaN(tick) ? 0.001 : tick, duration)
                : Double.NaN;

        PlantParameters plant = PlantParameters.defaults();
        if (top.containsKey("plant")) {
            Node pn = top.get("plant").getValueNode();
            for (NodeTuple t : mappingTuples(pn, "plant")) {
                String key = string(t.getKeyNode(), "plant");
                double v = number(t.getValueNode(), "plant." + key, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
                try {
                    plant.set(key, v);
                } catch (IllegalArgumentException e) {
                    throw error(t.getKeyNode(), "plant." + key, e.getMessage());
                }
            }
            try {
                plant.validate();
            } catch (IllegalArgumentException e) {
                throw error(pn, "plant", e.getMessage());
            }
        }

        String state = Scenario.ROOM;
        double stillWatts = 0.015;
        Map<StageId, Double> initialKelvin = new EnumMap<>(StageId.class);
        if (top.containsKey("initial")) {
            Map<String, NodeTuple> init = mapping(top.get("initial").getValueNode(), "initial", INITIAL);
            if (init.containsKey("state")) {
                Node s = init.get("state").getValueNode();
                state = string(s, "initial.state");
                if (!state.equals(Scenario.ROOM) && !state.equals(Scenario.BASE)) {
                    throw error(s, "initial.state", "'" + state + "' is not room or base");
                }
            }
            if (init.containsKey("still_heater_w")) {
                stillWatts = number(init.get("still_heater_w").getValueNode(), "initial.still_heater_w", 0, 1);
            }
            if (init.containsKey("temperatures_k")) {
                for (NodeTuple t : mappingTuples(init.get("temperatures_k").getValueNode(), "initial.temperatures_k")) {
                    String field = "initial.temperatures_k." + string(t.getKeyNode(), "initial.temperatures_k");
                    StageId stage = stage(t.getKeyNode(), field, plant);
                    initialKelvin.put(stage, number(t.getValueNode(), field, 0.001, 1000));
                }
            }
        }

        List<ScenarioCommand> commands = new ArrayList<>();
        if (top.containsKey("commands")) {
            double last = 0;
            int i = 0;
            for (Node n : sequence(top.get("commands").getValueNode(), "commands")) {
                String f = "commands[" + i + "]";
                Map<String, NodeTuple> c = commandMapping(n, f);
                double at = time(c, "at_s", "at_h", f + ".", n, true, 0, duration);
                if (at < last) {
                    throw error(n, f + ".at_s", "time " + at + " s is before the previous command's " + last + " s (commands must be in time order)");
                }
                last = at;
                String action = null;
                for (String key : c.keySet()) {
                    if (CommandYaml.isAction(key)) {
                        if (action != null) {
                            throw error(c.get(key).getKeyNode(), f + "." + key, "one command per entry (this one has " + action + " already)");
                        }
                        action = key;
                    }
                }
                if (action != null) {
                    for (String key : c.keySet()) {
                        if (COMMAND.contains(key) && !key.equals("at_s") && !key.equals("at_h")) {
                            throw error(c.get(key).getKeyNode(), f + "." + key, "not with " + action + ": give it an entry of its own");
                        }
                    }
                    NodeTuple t = c.get(action);
                    commands.add(ScenarioCommand.of(at, commandYaml.action(action, t.getKeyNode(), t.getValueNode(), f + "." + action), YamlFields.line(n)));
                    i++;
                    continue;
                }
                boolean ack = c.containsKey("acknowledge") && bool(c.get("acknowledge").getValueNode(), f + ".acknowledge");
                Boolean warmup = c.containsKey("warmup") ? bool(c.get("warmup").getValueNode(), f + ".warmup") : null;
                if (warmup != null && c.containsKey("loop")) {
                    throw error(c.get("warmup").getKeyNode(), f + ".warmup", "not a loop command: give it an entry of its own, without loop");
                }
                String loop = null;
                if (c.containsKey("loop")) {
                    Node ln = c.get("loop").getValueNode();
                    loop = string(ln, f + ".loop");
                    StageId stage = stage(ln, f + ".loop", plant);
                    if (SimulatedBoards.CRYOSTAT_HEATER[stage.ordinal()] < 0) {
                        throw error(ln, f + ".loop", "stage '" + loop + "' has no heater loop (loops: 50k, 4k, still, mxc)");
                    }
                } else if (!ack && warmup == null) {
                    throw error(n, f + ".loop", "required (or acknowledge: true, or warmup: true|false, or a cryo.v1.Command action: "
                            + CommandYaml.actions() + ")");
                }
                String mode = null;
                if (c.containsKey("mode")) {
                    Node mn = c.get("mode").getValueNode();
                    mode = string(mn, f + ".mode");
                    if (!MODES.contains(mode)) {
                        throw error(mn, f + ".mode", "'" + mode + "' is not off, pid or open-loop");
                    }
                }
                double sp = c.containsKey("setpoint_k") ? number(c.get("setpoint_k").getValueNode(), f + ".setpoint_k", 1e-4, 500) : Double.NaN;
                double out = c.containsKey("output_w") ? number(c.get("output_w").getValueNode(), f + ".output_w", 0, 100) : Double.NaN;
                int range = c.containsKey("range") ? (int) integer(c.get("range").getValueNode(), f + ".range", 0, 8) : -1;
                if (loop != null && mode == null && Double.isNaN(sp) && Double.isNaN(out) && range < 0) {
                    throw error(n, f, "says nothing to do: give mode, setpoint_k, output_w or range");
                }
                if (loop == null && (mode != null || !Double.isNaN(sp) || !Double.isNaN(out) || range >= 0)) {
                    throw error(n, f + ".loop", "required with mode, setpoint_k, output_w or range");
                }
                commands.add(new ScenarioCommand(at, loop, mode, sp, out, range, ack, warmup, YamlFields.line(n)));
                i++;
            }
        }

        List<ScenarioFault> faults = new ArrayList<>();
        if (top.containsKey("faults")) {
            double last = 0;
            int i = 0;
            for (Node n : sequence(top.get("faults").getValueNode(), "faults")) {
                String f = "faults[" + i + "]";
                Map<String, NodeTuple> c = mapping(n, f, FAULT);
                double at = time(c, "at_s", "at_h", f + ".", n, true, 0, duration);
                if (at < last) {
                    throw error(n, f + ".at_s", "time " + at + " s is before the previous fault's " + last + " s (faults must be in time order)");
                }
                last = at;
                double clearAt = time(c, "clear_at_s", "clear_at_h", f + ".", n, false, at, duration);
                if (!c.containsKey("fault")) {
                    throw error(n, f + ".fault", "required");
                }
                Node kn = c.get("fault").getValueNode();
                FaultKind kind;
                try {
                    kind = FaultKind.fromId(string(kn, f + ".fault"));
                } catch (IllegalArgumentException e) {
                    throw error(kn, f + ".fault", e.getMessage());
                }
                StageId stage = null;
                int channel = -1;
                if (c.containsKey("channel")) {
                    Node chn = c.get("channel").getValueNode();
                    if (kind.target() == FaultKind.Target.NONE) {
                        throw error(c.get("channel").getKeyNode(), f + ".channel", kind.id() + " takes no channel");
                    }
                    if (c.containsKey("stage")) {
                        throw error(c.get("channel").getKeyNode(), f + ".channel", "give stage or channel, not both");
                    }
                    boolean sensor = kind.target() == FaultKind.Target.SENSOR;
                    channel = (int) integer(chn, f + ".channel", 0, sensor ? SimulatedBoards.SCENARIO_THERMOMETER_STAGE.length - 1
                            : SimulatedBoards.SCENARIO_HEATER_STAGE.length - 1);
                    StageId wired = sensor ? SimulatedBoards.SCENARIO_THERMOMETER_STAGE[channel] : SimulatedBoards.SCENARIO_HEATER_STAGE[channel];
                    if (wired == null || (wired == StageId.SAMPLE && !plant.hasSampleStage())) {
                        throw error(chn, f + ".channel", "nothing wired to " + (sensor ? "thermometer" : "heater") + " channel " + channel);
                    }
                } else if (kind.target() != FaultKind.Target.NONE) {
                    if (!c.containsKey("stage")) {
                        throw error(n, f + ".stage", "required for " + kind.id() + " (or channel)");
                    }
                    Node sn = c.get("stage").getValueNode();
                    stage = stage(sn, f + ".stage", plant);
                    if (kind.target() == FaultKind.Target.HEATER && SimulatedBoards.CRYOSTAT_HEATER[stage.ordinal()] < 0) {
                        throw error(sn, f + ".stage", "stage '" + stage.id() + "' has no heater (heaters: 50k, 4k, still, mxc)");
                    }
                } else if (c.containsKey("stage")) {
                    throw error(c.get("stage").getKeyNode(), f + ".stage", kind.id() + " takes no stage");
                }
                double value = 0;
                if (kind.valueUnit() != null) {
                    if (!c.containsKey("value")) {
                        throw error(n, f + ".value", "required for " + kind.id() + " (" + kind.valueUnit() + ", " + kind.minValue() + ".." + kind.maxValue() + ")");
                    }
                    value = number(c.get("value").getValueNode(), f + ".value", kind.minValue(), kind.maxValue());
                } else if (c.containsKey("value")) {
                    throw error(c.get("value").getKeyNode(), f + ".value", kind.id() + " takes no value");
                }
                double ramp = 0;
                double clearRamp = 0;
                for (String key : new String[] {"ramp_s", "clear_ramp_s"}) {
                    if (!c.containsKey(key)) {
                        continue;
                    }
                    if (!kind.rampable()) {
                        throw error(c.get(key).getKeyNode(), f + "." + key, kind.id() + " cannot ramp (it takes no value, or its value is a time constant)");
                    }
                    double r = number(c.get(key).getValueNode(), f + "." + key, 0, duration);
                    if (key.equals("ramp_s")) {
                        ramp = r;
                    } else {
                        if (Double.isNaN(clearAt)) {
                            throw error(c.get(key).getKeyNode(), f + "." + key, "needs clear_at_s or clear_at_h (when the ramp back starts)");
                        }
                        clearRamp = r;
                    }
                }
                if (!Double.isNaN(clearAt) && clearAt < at + ramp) {
                    throw error(n, f + ".clear_at_s", "the fault is cleared at " + clearAt + " s, before its ramp ends at " + (at + ramp) + " s");
                }
                faults.add(new ScenarioFault(at, clearAt, kind, stage, value, YamlFields.line(n), ramp, clearRamp, channel));
                i++;
            }
        }
        List<Expectation> expect = top.containsKey("expect") ? ExpectationParser.parse(source, top.get("expect").getValueNode(), plant,
                faults.isEmpty() ? Double.NaN : faults.get(0).atSeconds(), duration) : List.of();
        return new Scenario(name, source, description, duration, tick, traceInterval, plant, state, stillWatts,
                Collections.unmodifiableMap(initialKelvin), List.copyOf(commands), List.copyOf(faults), expect);
    }

    // ---- node helpers: every error names file, line and field ----

    private ScenarioException error(Node n, String field, String why) {
        return yaml.error(n, field, why);
    }

    /** A command entry: the short-form keys, or a cryo.v1.Command action. */
    private Map<String, NodeTuple> commandMapping(Node n, String field) throws ScenarioException {
        Map<String, NodeTuple> out = new java.util.LinkedHashMap<>();
        for (NodeTuple t : mappingTuples(n, field)) {
            String key = string(t.getKeyNode(), field);
            if (!COMMAND.contains(key) && !CommandYaml.isAction(key)) {
                throw error(t.getKeyNode(), child(field, key), "unknown key (expected one of " + String.join(", ", new java.util.TreeSet<>(COMMAND))
                        + ", or a cryo.v1.Command action: " + CommandYaml.actions() + ")");
            }
            out.put(key, t);
        }
        return out;
    }

    private Map<String, NodeTuple> mapping(Node n, String field, Set<String> allowed) throws ScenarioException {
        Map<String, NodeTuple> out = new java.util.LinkedHashMap<>();
        for (NodeTuple t : mappingTuples(n, field)) {
            String key = string(t.getKeyNode(), field);
            if (!allowed.contains(key)) {
                throw error(t.getKeyNode(), child(field, key), "unknown key (expected one of " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
            out.put(key, t);
        }
        return out;
    }

    /** Field name of a key: top-level keys stand alone, nested ones get their parent's path. */
    private static String child(String field, String key) {
        return field.equals("scenario") ? key : field + "." + key;
    }

    private List<NodeTuple> mappingTuples(Node n, String field) throws ScenarioException {
        if (!(n instanceof MappingNode)) {
            throw error(n, field, "expected a mapping (key: value lines)");
        }
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : ((MappingNode) n).getValue()) {
            String key = string(t.getKeyNode(), field);
            if (!seen.add(key)) {
                throw error(t.getKeyNode(), child(field, key), "duplicate key");
            }
        }
        return ((MappingNode) n).getValue();
    }

    private List<Node> sequence(Node n, String field) throws ScenarioException {
        if (!(n instanceof SequenceNode)) {
            throw error(n, field, "expected a list (- items)");
        }
        return ((SequenceNode) n).getValue();
    }

    private String string(Node n, String field) throws ScenarioException {
        return yaml.string(n, field);
    }

    private double number(Node n, String field, double min, double max) throws ScenarioException {
        return yaml.number(n, field, min, max);
    }

    private long integer(Node n, String field, long min, long max) throws ScenarioException {
        String s = string(n, field);
        long v;
        try {
            v = Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw error(n, field, "'" + s + "' is not an integer");
        }
        if (v < min || v > max) {
            throw error(n, field, v + " outside " + min + ".." + max);
        }
        return v;
    }

    private boolean bool(Node n, String field) throws ScenarioException {
        String s = string(n, field);
        if (s.equals("true") || s.equals("false")) {
            return Boolean.parseBoolean(s);
        }
        throw error(n, field, "'" + s + "' is not true or false");
    }

    /** A time given in seconds or hours (not both); NaN when optional and absent. Fields are prefix + key. */
    private double time(Map<String, NodeTuple> m, String secondsKey, String hoursKey, String prefix, Node owner,
                        boolean required, double min, double max) throws ScenarioException {
        boolean s = m.containsKey(secondsKey);
        boolean h = m.containsKey(hoursKey);
        if (s && h) {
            throw error(m.get(hoursKey).getKeyNode(), prefix + hoursKey, "give " + secondsKey + " or " + hoursKey + ", not both");
        }
        if (!s && !h) {
            if (required) {
                throw error(owner, prefix + secondsKey, "required (" + secondsKey + " or " + hoursKey + ")");
            }
            return Double.NaN;
        }
        if (s) {
            return number(m.get(secondsKey).getValueNode(), prefix + secondsKey, min, max);
        }
        return number(m.get(hoursKey).getValueNode(), prefix + hoursKey, min / 3600, max / 3600) * 3600;
    }

    private StageId stage(Node n, String field, PlantParameters plant) throws ScenarioException {
        String id = string(n, field);
        StageId stage;
        try {
            stage = StageId.fromId(id);
        } catch (IllegalArgumentException e) {
            throw error(n, field, e.getMessage());
        }
        if (stage == StageId.SAMPLE && !plant.hasSampleStage()) {
            throw error(n, field, "this plant has no sample stage (stage.sample.copper_kg is 0)");
        }
        return stage;
    }
}
