package cryo.controller.config;

import cryo.hal.calibration.CalibrationCurve;
import cryo.hal.calibration.Curve340;
import cryo.hal.calibration.CurveFileException;
import cryo.v1.LoopMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the controller's YAML configuration (see {@code cryo-default.yaml}, shipped in the jar).
 * Works on SnakeYAML's node tree rather than on maps so every error can name the file, the line
 * and the field; unknown keys are refused (a typo must not silently become a default). Curves are
 * Lake Shore .340 files, relative to the configuration file (or in the jar for the default).
 */
public final class ConfigLoader {
    public static final String DEFAULT_RESOURCE = "cryo-default.yaml";

    /** Where curve files come from. */
    @FunctionalInterface
    public interface CurveSource {
        /** The text of a curve file named in the configuration. */
        String read(String name) throws IOException;
    }

    private final String source;
    private final CurveSource curves;

    private ConfigLoader(String source, CurveSource curves) {
        this.source = source;
        this.curves = curves;
    }

    /** Loads a configuration file; curves are resolved next to it. */
    public static ControllerConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file + ": cannot read: " + e.getMessage());
        }
        Path dir = file.toAbsolutePath().getParent();
        return parse(file.toString(), text, name -> Files.readString(dir.resolve(name), StandardCharsets.ISO_8859_1));
    }

    /** The shipped configuration for the five-stage simulated cryostat at base (mixing chamber and still regulated). */
    public static final String CRYOSTAT_RESOURCE = "cryo-cryostat.yaml";

    /** The shipped default configuration (simulated board wiring), curves from the jar. */
    public static ControllerConfig loadDefault() {
        return loadShipped(DEFAULT_RESOURCE);
    }

    /** A configuration shipped in the jar ({@link #DEFAULT_RESOURCE}, {@link #CRYOSTAT_RESOURCE}), curves from the jar. */
    public static ControllerConfig loadShipped(String resourceName) {
        return parse("classpath:" + resourceName, resource(resourceName), ConfigLoader::resource);
    }

    private static String resource(String name) {
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new ConfigException("classpath:" + name + ": not in the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException("classpath:" + name + ": cannot read: " + e.getMessage());
        }
    }

    /** Parses configuration text; {@code source} names it in errors. */
    public static ControllerConfig parse(String source, String text, CurveSource curves) {
        Node root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).compose(new StringReader(text));
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ConfigException(source + ":" + line + ": not valid YAML: " + e.getProblem());
        } catch (RuntimeException e) {
            throw new ConfigException(source + ": not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new ConfigException(source + ": empty configuration");
        }
        ConfigLoader loader = new ConfigLoader(source, curves);
        return loader.controller(loader.new Obj(root, ""));
    }

    // ---- the schema ----

    private ControllerConfig controller(Obj o) {
        String nodeId = o.str("nodeId", "sim-1");
        double tick = o.dbl("tickIntervalSeconds", 0.1);
        double status = o.dbl("statusIntervalSeconds", 1.0);
        int watchdog = o.integer("watchdogTimeoutMillis", 3000);
        int stale = o.integer("staleTicks", 5);
        List<Obj> sensorNodes = o.list("sensors", true);
        List<Obj> loopNodes = o.list("loops", false);
        Obj interlocks = o.obj("interlocks", false);
        o.finish();

        List<SensorConfig> sensors = new ArrayList<>();
        Map<String, Integer> sensorIndex = new LinkedHashMap<>();
        for (Obj s : sensorNodes) {
            SensorConfig sc = sensor(s);
            if (sensorIndex.put(sc.stageId(), sensors.size()) != null) {
                throw s.error("stage", "stage '" + sc.stageId() + "' has two sensors");
            }
            sensors.add(sc);
        }
        List<LoopConfig> loops = new ArrayList<>();
        Set<String> loopIds = new HashSet<>();
        for (Obj l : loopNodes) {
            LoopConfig lc = loop(l, sensorIndex);
            if (!loopIds.add(lc.loopId())) {
                throw l.error("id", "loop '" + lc.loopId() + "' defined twice");
            }
            loops.add(lc);
        }
        List<OverTemperatureLimit> limits = new ArrayList<>();
        if (interlocks != null) {
            for (Obj t : interlocks.list("overTemperature", false)) {
                int idx = sensorRef(t, "sensor", sensorIndex);
                double limit = t.dbl("limitKelvin", Double.NaN);
                int debounce = t.integer("debounceSamples", 4);
                t.finish();
                limits.add(t.build(() -> new OverTemperatureLimit(idx, limit, debounce)));
            }
            interlocks.finish();
        }
        return o.build(() -> new ControllerConfig(nodeId, DefaultConfig.FIRMWARE_VERSION, tick, status, watchdog, stale, sensors, loops, limits));
    }

    private SensorConfig sensor(Obj s) {
        String stage = s.str("stage", null);
        String id = s.str("sensorId", stage);
        int channel = s.integer("channel", -1);
        String curveName = s.str("curve", null);
        s.finish();
        CalibrationCurve curve;
        String text;
        try {
            text = curves.read(curveName);
        } catch (IOException | RuntimeException e) {
            throw s.error("curve", "cannot read curve file '" + curveName + "': " + e.getMessage());
        }
        try {
            curve = Curve340.parse(curveName, text).toCalibration();
        } catch (CurveFileException e) {
            throw s.error("curve", e.getMessage());
        }
        return s.build(() -> new SensorConfig(stage, id, channel, curve));
    }

    private LoopConfig loop(Obj l, Map<String, Integer> sensorIndex) {
        String id = l.str("id", null);
        if (!id.matches("[A-Za-z0-9_-]{1,32}")) {
            throw l.error("id", "'" + id + "' must be 1..32 characters of A-Z a-z 0-9 _ -");
        }
        int sensor = sensorRef(l, "sensor", sensorIndex);
        int heaterChannel = l.integer("heaterChannel", -1);
        double ohms = l.dbl("heaterResistanceOhms", Double.NaN);
        int rangeCount = l.integer("heaterRangeCount", 8);
        LoopMode mode = mode(l, l.str("mode", "off"));
        double setpoint = l.dbl("setpointKelvin", Double.NaN);
        double limit = l.dbl("setpointLimitKelvin", Double.NaN);
        int range = l.integer("heaterRange", 0);
        Obj gains = l.obj("gains", false);
        double p = 0;
        double i = 0;
        double d = 0;
        if (gains != null) {
            p = gains.dbl("p", 0.0);
            i = gains.dbl("i", 0.0);
            d = gains.dbl("d", 0.0);
            gains.finish();
        }
        double filter = l.dbl("derivativeFilterSeconds", PidOptions.DEFAULT.derivativeFilterSeconds());
        double iZone = l.dbl("integralZoneKelvin", 0.0);
        double staleAfter = l.dbl("staleAfterSeconds", PidOptions.DEFAULT.staleAfterSeconds());
        Obj settle = l.obj("settle", false);
        double band = PidOptions.DEFAULT.settleBandKelvin();
        double slope = PidOptions.DEFAULT.settleSlopeKelvinPerMinute();
        double settleSeconds = PidOptions.DEFAULT.settleSeconds();
        if (settle != null) {
            band = settle.dbl("bandKelvin", band);
            slope = settle.dbl("slopeKelvinPerMinute", slope);
            settleSeconds = settle.dbl("seconds", settleSeconds);
            settle.finish();
        }
        Obj ramp = l.obj("ramp", false);
        boolean rampOn = false;
        double rate = 0.0;
        if (ramp != null) {
            rampOn = ramp.bool("enabled", false);
            rate = ramp.dbl("rateKelvinPerMinute", 0.0);
            ramp.finish();
        }
        List<ZoneConfig> zones = new ArrayList<>();
        for (Obj z : l.list("zones", false)) {
            zones.add(new ZoneConfig(z.dbl("upperBoundKelvin", Double.NaN), z.dbl("p", 0.0), z.dbl("i", 0.0), z.dbl("d", 0.0),
                    z.integer("heaterRange", -1), z.dbl("maxOutputWatts", 0.0), z.dbl("rampRateKelvinPerMinute", 0.0)));
            z.finish();
        }
        l.finish();
        double fp = p;
        double fi = i;
        double fd = d;
        double fBand = band;
        double fSlope = slope;
        double fSettle = settleSeconds;
        boolean fRampOn = rampOn;
        double fRate = rate;
        PidOptions options = l.build(() -> new PidOptions(filter, iZone, staleAfter, fBand, fSlope, fSettle));
        return l.build(() -> new LoopConfig(id, sensor, heaterChannel, ohms, setpoint, fp, fi, fd, range, limit,
                mode != LoopMode.LOOP_MODE_OFF && mode != LoopMode.LOOP_MODE_MONITOR, mode, rangeCount, options, fRampOn, fRate, zones));
    }

    private static LoopMode mode(Obj l, String name) {
        switch (name) {
            case "off": return LoopMode.LOOP_MODE_OFF;
            case "pid": return LoopMode.LOOP_MODE_PID;
            case "zone": return LoopMode.LOOP_MODE_ZONE;
            case "monitor": return LoopMode.LOOP_MODE_MONITOR;
            default: throw l.error("mode", "'" + name + "' is not a start-up mode (off, pid, zone, monitor)");
        }
    }

    private static int sensorRef(Obj o, String key, Map<String, Integer> sensorIndex) {
        String stage = o.str(key, null);
        Integer idx = sensorIndex.get(stage);
        if (idx == null) {
            throw o.error(key, "no sensor on stage '" + stage + "' (configured: " + String.join(", ", sensorIndex.keySet()) + ")");
        }
        return idx;
    }

    // ---- a mapping node with its path, line and the keys read so far ----

    private final class Obj {
        final MappingNode node;
        final String path;
        final Map<String, NodeTuple> entries = new LinkedHashMap<>();
        final Set<String> used = new HashSet<>();

        Obj(Node n, String path) {
            this.path = path;
            if (!(n instanceof MappingNode)) {
                throw new ConfigException(source + ":" + line(n) + ": " + (path.isEmpty() ? "the file" : path) + " must be a mapping of keys to values");
            }
            this.node = (MappingNode) n;
            for (NodeTuple t : node.getValue()) {
                if (!(t.getKeyNode() instanceof ScalarNode)) {
                    throw new ConfigException(source + ":" + line(t.getKeyNode()) + ": " + field("?") + ": keys must be plain names");
                }
                String k = ((ScalarNode) t.getKeyNode()).getValue();
                if (entries.put(k, t) != null) {
                    throw new ConfigException(source + ":" + line(t.getKeyNode()) + ": " + field(k) + " given twice");
                }
            }
        }

        String field(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        int line(Node n) {
            return n.getStartMark().getLine() + 1;
        }

        ConfigException error(String key, String message) {
            NodeTuple t = entries.get(key);
            int line = t != null ? line(t.getValueNode()) : line(node);
            return new ConfigException(source + ":" + line + ": " + field(key) + ": " + message);
        }

        /** Builds a record, turning its constructor's refusal into a file:line error. */
        <T> T build(java.util.function.Supplier<T> make) {
            try {
                return make.get();
            } catch (ConfigException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                throw new ConfigException(source + ":" + line(node) + ": " + (path.isEmpty() ? "" : path + ": ") + e.getMessage());
            }
        }

        private Node value(String key, boolean required) {
            used.add(key);
            NodeTuple t = entries.get(key);
            if (t == null) {
                if (required) {
                    throw new ConfigException(source + ":" + line(node) + ": " + field(key) + " is required");
                }
                return null;
            }
            return t.getValueNode();
        }

        private String scalar(String key, boolean required) {
            Node v = value(key, required);
            if (v == null) {
                return null;
            }
            if (!(v instanceof ScalarNode)) {
                throw error(key, "must be a single value");
            }
            return ((ScalarNode) v).getValue().trim();
        }

        String str(String key, String dflt) {
            String s = scalar(key, dflt == null);
            if (s != null && s.isEmpty()) {
                throw error(key, "must not be empty");
            }
            return s == null ? dflt : s;
        }

        double dbl(String key, double dflt) {
            String s = scalar(key, Double.isNaN(dflt));
            if (s == null) {
                return dflt;
            }
            try {
                double v = Double.parseDouble(s);
                if (!Double.isFinite(v)) {
                    throw error(key, "'" + s + "' must be a finite number");
                }
                return v;
            } catch (NumberFormatException e) {
                throw error(key, "'" + s + "' is not a number");
            }
        }

        int integer(String key, int dflt) {
            String s = scalar(key, dflt == -1);
            if (s == null) {
                return dflt;
            }
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw error(key, "'" + s + "' is not an integer");
            }
        }

        boolean bool(String key, boolean dflt) {
            String s = scalar(key, false);
            if (s == null) {
                return dflt;
            }
            switch (s.toLowerCase(Locale.ROOT)) {
                case "true": return true;
                case "false": return false;
                default: throw error(key, "'" + s + "' must be true or false");
            }
        }

        Obj obj(String key, boolean required) {
            Node v = value(key, required);
            return v == null ? null : new Obj(v, field(key));
        }

        List<Obj> list(String key, boolean required) {
            Node v = value(key, required);
            List<Obj> out = new ArrayList<>();
            if (v == null) {
                return out;
            }
            if (!(v instanceof SequenceNode)) {
                throw error(key, "must be a list");
            }
            List<Node> items = ((SequenceNode) v).getValue();
            for (int k = 0; k < items.size(); k++) {
                out.add(new Obj(items.get(k), field(key) + "[" + k + "]"));
            }
            return out;
        }

        /** Refuses keys nobody read: a misspelt key must not silently become a default. */
        void finish() {
            for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
                if (!used.contains(e.getKey())) {
                    List<String> known = new ArrayList<>(used);
                    java.util.Collections.sort(known);
                    throw new ConfigException(source + ":" + line(e.getValue().getKeyNode()) + ": " + field(e.getKey())
                            + ": unknown key (known here: " + String.join(", ", known) + ")");
                }
            }
        }
    }
}
