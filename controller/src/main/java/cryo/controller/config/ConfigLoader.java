package cryo.controller.config;

import cryo.hal.calibration.CalibrationCurve;
import cryo.hal.calibration.Curve340;
import cryo.hal.calibration.CurveFileException;
import cryo.v1.LoopMode;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.lang.reflect.RecordComponent;
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
        SensorNames sensorIndex = new SensorNames();
        for (Obj s : sensorNodes) {
            SensorConfig sc = sensor(s);
            sensorIndex.add(s, sc, sensors.size());
            sensors.add(sc);
        }
        List<LoopConfig> loops = new ArrayList<>();
        Set<String> loopIds = new HashSet<>();
        Locations where = new Locations();
        for (Obj l : loopNodes) {
            LoopConfig lc = loop(l, sensorIndex);
            if (!loopIds.add(lc.loopId())) {
                throw l.error("id", "loop '" + lc.loopId() + "' defined twice");
            }
            loops.add(lc);
            where.entry("loops." + lc.loopId(), l);
            where.field("loops." + lc.loopId() + ".setpointLimitKelvin", l, "setpointLimitKelvin");
            where.field("loops." + lc.loopId() + ".setpointKelvin", l, "setpointKelvin");
        }
        List<OverTemperatureLimit> limits = new ArrayList<>();
        InterlockConfig il;
        if (interlocks != null) {
            for (Obj t : interlocks.list("overTemperature", false)) {
                int idx = sensorRef(t, "sensor", sensorIndex);
                double limit = t.dbl("limitKelvin", Double.NaN);
                int debounce = t.integer("debounceSamples", 4);
                t.finish();
                limits.add(t.build(() -> new OverTemperatureLimit(idx, limit, debounce)));
                where.field(SENSOR + idx + "].overTemperatureKelvin", t, "limitKelvin");
                where.field(SENSOR + idx + "].debounceSamples", t, "debounceSamples");
            }
            il = interlocks(interlocks, sensors, loops, limits, sensorIndex, where);
            interlocks.finish();
        } else {
            il = InterlockConfig.defaults(sensors, loops, limits);
        }
        try {
            return new ControllerConfig(nodeId, DefaultConfig.FIRMWARE_VERSION, tick, status, watchdog, stale, sensors, loops, limits, il);
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("interlocks")) {
                throw where.locate(e, interlocks != null ? interlocks : o, sensors, loops);
            }
            throw new ConfigException(source + ":" + o.line(o.node) + ": " + e.getMessage());
        }
    }

    // ---- interlocks: every detector limit, over the per-stage defaults ----

    /** How the interlock records name a sensor in their messages ("interlocks.sensors[2].overTemperatureKelvin"). */
    private static final String SENSOR = "interlocks.sensors[";
    /** Optional checks a configuration may switch off with {@code off}: NaN in the record. */
    static final Set<String> OFF_NAN = Set.of("underTemperatureKelvin", "comparatorKelvin", "coolingLossRiseKelvin");
    /** ... and the one whose off is 0 (bit-identical conversions: 0 = off). */
    static final Set<String> OFF_ZERO = Set.of("stuckIdenticalSamples");
    /** A redundant pair's defaults when the file leaves them out (as DefaultConfig.cryostat's mixing-chamber pair). */
    static final double PAIR_DEFAULT_FRACTION = 0.10;
    static final int PAIR_DEFAULT_DEBOUNCE_SAMPLES = 5;

    /**
     * The {@code interlocks:} section: bus limits, then per-sensor and per-loop overrides of the
     * stage defaults ({@link InterlockConfig#defaults}, after the {@code overTemperature} list),
     * then redundant pairs. Each record refuses its own bad values; the message is moved to the
     * line of the YAML key it names.
     */
    private InterlockConfig interlocks(Obj in, List<SensorConfig> sensors, List<LoopConfig> loops,
                                       List<OverTemperatureLimit> overTemperature, SensorNames names, Locations where) {
        InterlockConfig d;
        try {
            d = InterlockConfig.defaults(sensors, loops, overTemperature);
        } catch (IllegalArgumentException e) {
            throw where.locate(e, in, sensors, loops);
        }
        double sample = in.dbl("sampleIntervalSeconds", d.sampleIntervalSeconds());
        int notAnswering = in.integer("notAnsweringTicks", d.notAnsweringTicks());
        long crcMax = in.integer("crcMaxErrorsPerWindow", (int) d.crcMaxErrorsPerWindow());
        double crcWindow = in.dbl("crcWindowSeconds", d.crcWindowSeconds());
        for (String k : List.of("sampleIntervalSeconds", "notAnsweringTicks", "crcMaxErrorsPerWindow", "crcWindowSeconds")) {
            where.field("interlocks." + k, in, k);
        }
        where.entry("interlocks", in);

        List<SensorInterlock> sensorLimits = new ArrayList<>(d.sensors());
        Map<Integer, Integer> sensorLine = new LinkedHashMap<>();
        for (Obj e : in.list("sensors", false)) {
            int idx = sensorRef(e, "sensor", names);
            Integer before = sensorLine.put(idx, e.line(e.node));
            if (before != null) {
                throw e.error("sensor", "sensor '" + sensors.get(idx).sensorId() + "' already has limits (line " + before + ")");
            }
            for (OverTemperatureLimit o : overTemperature) {
                if (o.sensorIndex() == idx && (e.has("overTemperatureKelvin") || e.has("debounceSamples"))) {
                    throw e.error(e.has("overTemperatureKelvin") ? "overTemperatureKelvin" : "debounceSamples",
                            "sensor '" + sensors.get(idx).sensorId() + "' already has its over-temperature limit in "
                            + "interlocks.overTemperature: set it in one place");
                }
            }
            String prefix = SENSOR + idx + "].";
            where.entry(SENSOR + idx + "]", e);
            SensorInterlock base = sensorLimits.get(idx);
            SensorInterlock si = override(e, base, "sensor", "sensorIndex", prefix, where, sensors, loops);
            sensorLimits.set(idx, si);
            e.finish();
        }

        List<LoopInterlock> loopLimits = new ArrayList<>(d.loops());
        Map<String, Integer> loopLine = new LinkedHashMap<>();
        for (Obj e : in.list("loops", false)) {
            String id = e.str("loop", null);
            int k = indexOfLoop(loops, id);
            if (k < 0) {
                List<String> ids = new ArrayList<>();
                loops.forEach(l -> ids.add(l.loopId()));
                throw e.error("loop", "no loop '" + id + "' (configured: " + String.join(", ", ids) + ")");
            }
            Integer before = loopLine.put(id, e.line(e.node));
            if (before != null) {
                throw e.error("loop", "loop '" + id + "' already has limits (line " + before + ")");
            }
            String prefix = "interlocks.loops." + id + ".";
            where.entry("interlocks.loops." + id, e);
            LoopInterlock li = override(e, loopLimits.get(k), "loop", "loopId", prefix, where, sensors, loops);
            loopLimits.set(k, li);
            e.finish();
        }

        List<SensorPair> pairs = new ArrayList<>();
        for (Obj e : in.list("pairs", false)) {
            int a = sensorRef(e, "sensorA", names);
            int b = sensorRef(e, "sensorB", names);
            double max = e.dbl("maxDifferenceKelvin", Double.NaN);
            double fraction = e.dbl("fraction", PAIR_DEFAULT_FRACTION);
            int debounce = e.integer("debounceSamples", PAIR_DEFAULT_DEBOUNCE_SAMPLES);
            e.finish();
            String prefix = "interlocks.pairs[" + a + "," + b + "]";
            where.entry(prefix, e);
            for (String f : List.of("sensorA", "sensorB", "maxDifferenceKelvin", "fraction", "debounceSamples")) {
                where.field(prefix + "." + f, e, f);
            }
            try {
                pairs.add(new SensorPair(a, b, max, fraction, debounce));
            } catch (IllegalArgumentException ex) {
                throw where.locate(ex, e, sensors, loops);
            }
        }
        try {
            return new InterlockConfig(sample, notAnswering, crcMax, crcWindow, sensorLimits, loopLimits, pairs);
        } catch (IllegalArgumentException e) {
            throw where.locate(e, in, sensors, loops);
        }
    }

    private static int indexOfLoop(List<LoopConfig> loops, String id) {
        for (int k = 0; k < loops.size(); k++) {
            if (loops.get(k).loopId().equals(id)) {
                return k;
            }
        }
        return -1;
    }

    /**
     * A limits record with the keys the entry gives replacing the default's values. Generic over
     * the record's components on purpose: every field of SensorInterlock / LoopInterlock is
     * settable by its own name, and a field added to a record is configurable without a second
     * list here to forget. Runs once at start-up, never on the control path.
     */
    private <R extends Record> R override(Obj e, R base, String keyName, String identity, String prefix, Locations where,
                                          List<SensorConfig> sensors, List<LoopConfig> loops) {
        RecordComponent[] parts = base.getClass().getRecordComponents();
        Object[] args = new Object[parts.length];
        Class<?>[] types = new Class<?>[parts.length];
        e.used.add(keyName);
        for (int i = 0; i < parts.length; i++) {
            String name = parts[i].getName();
            types[i] = parts[i].getType();
            try {
                args[i] = parts[i].getAccessor().invoke(base);
            } catch (ReflectiveOperationException ex) {
                throw new IllegalStateException(ex);
            }
            if (name.equals(identity)) {
                continue;
            }
            where.field(prefix + name, e, name);
            String text = e.scalar(name, false);
            if (text == null) {
                continue;
            }
            if (text.equalsIgnoreCase("off") && (OFF_NAN.contains(name) || OFF_ZERO.contains(name))) {
                args[i] = OFF_NAN.contains(name) ? (Object) Double.NaN : (Object) 0;
            } else if (types[i] == double.class) {
                args[i] = e.dbl(name, 0.0);
            } else if (types[i] == int.class) {
                args[i] = e.integer(name, 0);
            } else {
                throw new IllegalStateException(name + ": unsupported type " + types[i]);
            }
        }
        try {
            @SuppressWarnings("unchecked")
            R made = (R) base.getClass().getDeclaredConstructor(types).newInstance(args);
            return made;
        } catch (java.lang.reflect.InvocationTargetException ex) {
            if (ex.getCause() instanceof IllegalArgumentException) {
                throw where.locate((IllegalArgumentException) ex.getCause(), e, sensors, loops);
            }
            throw new IllegalStateException(ex.getCause());
        } catch (ReflectiveOperationException ex) {
            throw new IllegalStateException(ex);
        }
    }

    /** A YAML place: its line and the field as the file spells it. */
    private record Loc(int line, String field) {
    }

    /**
     * Where each limit came from in the file, by the name the records use in their messages
     * ("interlocks.loops.mxc.holdBandKelvin", "interlocks.sensors[2].comparatorKelvin",
     * "loops.mxc.setpointLimitKelvin"), so a refusal from a record or from ControllerConfig's
     * cross-checks is reported at the line of the key that set the value.
     */
    private final class Locations {
        final Map<String, Loc> at = new LinkedHashMap<>();

        void field(String name, Obj o, String key) {
            if (o.has(key)) {
                at.put(name, new Loc(o.lineOf(key), o.field(key)));
            }
        }

        void entry(String name, Obj o) {
            at.put(name, new Loc(o.line(o.node), o.path));
        }

        /**
         * The refusal at the line of the first field it names that the file set: its subject, then
         * the other limits it mentions (for a loop, its setpoint limit and its sensor's limits),
         * then the entry of its subject, else the fallback.
         */
        ConfigException locate(IllegalArgumentException e, Obj fallback, List<SensorConfig> sensors, List<LoopConfig> loops) {
            String msg = String.valueOf(e.getMessage());
            int end = 0;
            while (end < msg.length() && msg.charAt(end) != ' ' && msg.charAt(end) != ':') {
                end++;
            }
            String subject = msg.substring(0, end);
            String owner = ownerOf(subject);
            String sensorPrefix = owner.startsWith(SENSOR) ? owner + "." : null;
            String loopPrefix = null;
            if (owner.startsWith("interlocks.loops.")) {
                int k = indexOfLoop(loops, owner.substring("interlocks.loops.".length()));
                if (k >= 0) {
                    loopPrefix = "loops." + loops.get(k).loopId() + ".";
                    sensorPrefix = SENSOR + loops.get(k).sensorIndex() + "].";
                }
            }
            // the subject first, then the interlock limits the message names, then the loop's own fields
            List<String> candidates = new ArrayList<>();
            List<String> loopFields = new ArrayList<>();
            candidates.add(subject);
            java.util.regex.Matcher words = java.util.regex.Pattern.compile("\\b([a-z][A-Za-z]+)\\b").matcher(msg.substring(end));
            while (words.find()) {
                String w = words.group(1);
                if (loopPrefix != null && (w.equals("setpointLimitKelvin") || w.equals("setpointKelvin"))) {
                    loopFields.add(loopPrefix + w);
                } else if (sensorPrefix != null) {
                    candidates.add(sensorPrefix + w);
                }
            }
            candidates.addAll(loopFields);
            candidates.add(owner);
            if (loopPrefix != null) {
                candidates.add(loopPrefix.substring(0, loopPrefix.length() - 1));
            }
            for (String c : candidates) {
                Loc loc = at.get(c);
                if (loc != null) {
                    String rest = msg;
                    if (c.equals(subject)) { // the key is named before the colon: the message goes on from its value
                        rest = msg.substring(end).replaceFirst("^[ :]+", "");
                        if (rest.startsWith("and ")) { // "sensorA and sensorB must differ"
                            rest = subject.substring(subject.lastIndexOf('.') + 1) + " " + rest;
                        }
                    }
                    return new ConfigException(source + ":" + loc.line() + ": " + loc.field() + ": " + readable(rest, sensors));
                }
            }
            return new ConfigException(source + ":" + fallback.line(fallback.node) + ": "
                    + (fallback.path.isEmpty() ? "" : fallback.path + ": ") + readable(msg, sensors));
        }

        /** The record a message's subject belongs to: "interlocks.loops.mxc" for "interlocks.loops.mxc.holdBandKelvin". */
        private String ownerOf(String subject) {
            if (subject.startsWith(SENSOR) || subject.startsWith("interlocks.pairs[")) {
                int close = subject.indexOf(']');
                return close > 0 ? subject.substring(0, close + 1) : subject;
            }
            if (subject.startsWith("interlocks.loops.")) {
                int dot = subject.indexOf('.', "interlocks.loops.".length());
                return dot > 0 ? subject.substring(0, dot) : subject;
            }
            return subject;
        }

        /** Records name sensors by index; the file names them by sensorId. */
        private String readable(String msg, List<SensorConfig> sensors) {
            for (int i = sensors.size() - 1; i >= 0; i--) {
                msg = msg.replace(SENSOR + i + "]", SENSOR + sensors.get(i).sensorId() + "]");
            }
            return msg;
        }
    }

    /**
     * Sensors by name: a reference ({@code sensor: mxc}) is a sensorId, or a stage id when that
     * stage has one sensor. Two sensors may share a stage (a redundant pair); then they must be
     * named by sensorId.
     */
    private static final class SensorNames {
        final Map<String, Integer> byId = new LinkedHashMap<>();
        final Map<String, List<Integer>> byStage = new LinkedHashMap<>();
        final List<String> ids = new ArrayList<>();

        void add(Obj s, SensorConfig sc, int index) {
            if (byId.put(sc.sensorId(), index) != null) {
                throw s.error(s.has("sensorId") ? "sensorId" : "stage", "sensorId '" + sc.sensorId() + "' given twice"
                        + (s.has("sensorId") ? "" : " (two sensors on one stage need a sensorId each)"));
            }
            for (cryo.hal.device.StageId st : cryo.hal.device.StageId.values()) {
                if (st.id().equals(sc.sensorId()) && !st.id().equals(sc.stageId())) {
                    throw s.error("sensorId", "'" + sc.sensorId() + "' is the name of another stage");
                }
            }
            byStage.computeIfAbsent(sc.stageId(), k -> new ArrayList<>()).add(index);
            ids.add(sc.sensorId());
        }

        Integer get(Obj o, String key, String name) {
            Integer idx = byId.get(name);
            if (idx != null) {
                return idx;
            }
            List<Integer> onStage = byStage.get(name);
            if (onStage == null) {
                return null;
            }
            if (onStage.size() > 1) {
                List<String> which = new ArrayList<>();
                onStage.forEach(i -> which.add(ids.get(i)));
                throw o.error(key, "stage '" + name + "' has " + onStage.size() + " sensors (" + String.join(", ", which)
                        + "): name one by its sensorId");
            }
            return onStage.get(0);
        }

        java.util.Collection<String> stages() {
            return byStage.keySet();
        }
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

    private LoopConfig loop(Obj l, SensorNames sensorIndex) {
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

    private static int sensorRef(Obj o, String key, SensorNames sensorIndex) {
        String stage = o.str(key, null);
        Integer idx = sensorIndex.get(o, key, stage);
        if (idx == null) {
            throw o.error(key, "no sensor on stage '" + stage + "' (configured: " + String.join(", ", sensorIndex.stages()) + ")");
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

        boolean has(String key) {
            return entries.containsKey(key);
        }

        /** The line of a key's value (of the mapping when the key is absent). */
        int lineOf(String key) {
            NodeTuple t = entries.get(key);
            return t != null ? line(t.getValueNode()) : line(node);
        }

        String scalar(String key, boolean required) {
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
