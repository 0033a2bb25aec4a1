package cryo.sim.scenario.expect;

import cryo.hal.device.StageId;
import cryo.sim.plant.PlantParameters;
import cryo.sim.scenario.ScenarioException;
import cryo.sim.scenario.YamlFields;
import cryo.v1.AlarmCause;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads a scenario's {@code expect:} block (a YAML node the {@code ScenarioLoader} hands over) into
 * {@link Expectation}s, refusing anything it cannot judge as {@code FILE:LINE: expect.FIELD: why},
 * like the rest of the format.
 */
public final class ExpectationParser {
    private static final Set<String> KEYS = Set.of("no_trip", "no_alarms", "first_trip", "heaters_zero_within_s",
            "max_k", "min_k", "final_k", "read_max_k", "read_min_k", "read_final_k");
    private static final Set<String> FIRST_TRIP = Set.of("cause", "stage", "within_s", "after_s");

    private final YamlFields yaml;
    private final PlantParameters plant;

    private ExpectationParser(String source, PlantParameters plant) {
        this.yaml = new YamlFields(source);
        this.plant = plant;
    }

    /**
     * @param firstFaultSeconds when the scenario's first fault starts, or NaN when it has none:
     *                          first_trip's within_s counts from there unless the file gives after_s
     * @param durationSeconds   the scenario's length (after_s and within_s must fit in it)
     */
    public static List<Expectation> parse(String source, Node expect, PlantParameters plant, double firstFaultSeconds,
                                          double durationSeconds) throws ScenarioException {
        return new ExpectationParser(source, plant).parse(expect, firstFaultSeconds, durationSeconds);
    }

    private List<Expectation> parse(Node expect, double firstFaultSeconds, double duration) throws ScenarioException {
        Map<String, NodeTuple> m = mapping(expect, "expect", KEYS);
        List<Expectation> out = new ArrayList<>();
        for (NodeTuple t : m.values()) {
            String key = ((ScalarNode) t.getKeyNode()).getValue();
            String field = "expect." + key;
            Node v = t.getValueNode();
            switch (key) {
                case "no_trip" -> {
                    trueOnly(v, field);
                    if (m.containsKey("first_trip")) {
                        throw error(t.getKeyNode(), field, "give no_trip or first_trip, not both");
                    }
                    out.add(new Expectation.NoTrip(YamlFields.line(t.getKeyNode())));
                }
                case "no_alarms" -> {
                    trueOnly(v, field);
                    out.add(new Expectation.NoAlarms(YamlFields.line(t.getKeyNode())));
                }
                case "first_trip" -> out.add(firstTrip(v, field, firstFaultSeconds, duration));
                case "heaters_zero_within_s" -> out.add(new Expectation.HeatersZero(number(v, field, 0, duration), YamlFields.line(t.getKeyNode())));
                default -> bounds(key, v, field, out);
            }
        }
        if (out.isEmpty()) {
            throw error(expect, "expect", "empty: give at least one of " + String.join(", ", new TreeSet<>(KEYS)));
        }
        return List.copyOf(out);
    }

    private Expectation firstTrip(Node n, String field, double firstFaultSeconds, double duration) throws ScenarioException {
        Map<String, NodeTuple> m = mapping(n, field, FIRST_TRIP);
        if (!m.containsKey("cause")) {
            throw error(n, field + ".cause", "required (an AlarmCause name, e.g. HEATER_OPEN)");
        }
        Node cn = m.get("cause").getValueNode();
        String cause = string(cn, field + ".cause");
        if (!causes().contains(cause)) {
            throw error(cn, field + ".cause", "'" + cause + "' is not an alarm cause (" + String.join(", ", causes()) + ")");
        }
        String stage = null;
        if (m.containsKey("stage")) {
            stage = stage(m.get("stage").getValueNode(), field + ".stage").id();
        }
        double from;
        String fromWhat;
        if (m.containsKey("after_s")) {
            from = number(m.get("after_s").getValueNode(), field + ".after_s", 0, duration);
            fromWhat = "after_s";
        } else if (!Double.isNaN(firstFaultSeconds)) {
            from = firstFaultSeconds;
            fromWhat = "the first fault";
        } else {
            from = 0;
            fromWhat = "the start";
        }
        double within = m.containsKey("within_s") ? number(m.get("within_s").getValueNode(), field + ".within_s", 0, duration) : Double.NaN;
        return new Expectation.FirstTrip(cause, stage, within, from, fromWhat, YamlFields.line(n));
    }

    /** max_k: {mxc: 0.035, 4k: [3, 4.5]}: per stage an upper bound, or [low, high]. */
    private void bounds(String key, Node n, String field, List<Expectation> out) throws ScenarioException {
        boolean read = key.startsWith("read_");
        String figureKey = read ? key.substring("read_".length()) : key;
        Expectation.Figure figure = null;
        for (Expectation.Figure f : Expectation.Figure.values()) {
            if (f.key.equals(figureKey)) {
                figure = f;
            }
        }
        for (NodeTuple t : tuples(n, field)) {
            String stageField = field + "." + string(t.getKeyNode(), field);
            StageId stage = stage(t.getKeyNode(), stageField);
            Node v = t.getValueNode();
            double low = Double.NEGATIVE_INFINITY;
            double high;
            if (v instanceof SequenceNode seq) {
                if (seq.getValue().size() != 2) {
                    throw error(v, stageField, "give one number (an upper bound) or [low, high], not " + seq.getValue().size() + " numbers");
                }
                low = number(seq.getValue().get(0), stageField, 0, 1000);
                high = number(seq.getValue().get(1), stageField, 0, 1000);
                if (low > high) {
                    throw error(v, stageField, "low " + low + " K is above high " + high + " K");
                }
            } else {
                high = number(v, stageField, 0, 1000);
            }
            out.add(new Expectation.Bound(figure, read, stage, low, high, YamlFields.line(t.getKeyNode())));
        }
    }

    /** AlarmCause names a trip can carry (not UNSPECIFIED). */
    private static Set<String> causes() {
        Set<String> s = new TreeSet<>();
        for (AlarmCause c : AlarmCause.values()) {
            if (c != AlarmCause.ALARM_CAUSE_UNSPECIFIED && c != AlarmCause.UNRECOGNIZED) {
                s.add(c.name());
            }
        }
        return s;
    }

    // ---- node helpers: every error names file, line and field ----

    private ScenarioException error(Node n, String field, String why) {
        return yaml.error(n, field, why);
    }

    private void trueOnly(Node n, String field) throws ScenarioException {
        String s = string(n, field);
        if (!s.equals("true")) {
            throw error(n, field, "'" + s + "': only true (leave the key out to expect nothing)");
        }
    }

    private Map<String, NodeTuple> mapping(Node n, String field, Set<String> allowed) throws ScenarioException {
        Map<String, NodeTuple> out = new LinkedHashMap<>();
        for (NodeTuple t : tuples(n, field)) {
            String key = string(t.getKeyNode(), field);
            if (!allowed.contains(key)) {
                throw error(t.getKeyNode(), field + "." + key, "unknown key (expected one of " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
            out.put(key, t);
        }
        return out;
    }

    private List<NodeTuple> tuples(Node n, String field) throws ScenarioException {
        if (!(n instanceof MappingNode)) {
            throw error(n, field, "expected a mapping (key: value lines)");
        }
        Map<String, Boolean> seen = new HashMap<>();
        for (NodeTuple t : ((MappingNode) n).getValue()) {
            String key = string(t.getKeyNode(), field);
            if (seen.put(key, true) != null) {
                throw error(t.getKeyNode(), field + "." + key, "duplicate key");
            }
        }
        return ((MappingNode) n).getValue();
    }

    private String string(Node n, String field) throws ScenarioException {
        return yaml.string(n, field);
    }

    private double number(Node n, String field, double min, double max) throws ScenarioException {
        return yaml.number(n, field, min, max);
    }

    private StageId stage(Node n, String field) throws ScenarioException {
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
