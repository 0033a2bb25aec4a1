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
import java.util.List;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads the controller's YAML configuration (see {@code cryo-default.yaml}, shipped in the jar).
 * Works on SnakeYAML's node tree rather than on maps so every error can name the file, the line
 * and the field; unknown keys are refused (a typo must not silently become a default). Curves are
 * Lake Shore .340 files, relative to the configuration file (or in the jar for the default).
 * The YAML mapping wrapper is {@link YamlMapping}, the {@code interlocks:} section
 * {@link InterlockSection}. Start-up only, on the caller's thread.
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
        return loader.controller(new YamlMapping(source, root, ""));
    }

    // ---- the schema ----

    private ControllerConfig controller(YamlMapping o) {
        String nodeId = o.str("nodeId", "sim-1");
        double tick = o.dbl("tickIntervalSeconds", 0.1);
        double status = o.dbl("statusIntervalSeconds", 1.0);
        int watchdog = o.integer("watchdogTimeoutMillis", 3000);
        if (o.has("staleTicks")) {
            // it was read and documented as tripping the interlock, and nothing used it
            throw o.error("staleTicks", "no longer a setting: interlocks.notAnsweringTicks trips a board that stops answering,"
                    + " interlocks.sensors[].staleIntervals a thermometer whose conversions stop");
        }
        List<YamlMapping> sensorNodes = o.list("sensors", true);
        List<YamlMapping> loopNodes = o.list("loops", false);
        YamlMapping interlocks = o.obj("interlocks", false);
        double deadband = mqtt(o.obj("mqtt", false));
        cryo.controller.jobs.JobsConfig jobs = jobs(o.obj("jobs", false));
        String board = o.str("board", ""); // optional: the command line may name the board instead
        if (board.isEmpty()) {
            board = null;
        } else {
            try {
                cryo.hal.bus.BoardUri.parse(board);
            } catch (IllegalArgumentException e) {
                throw o.error("board", e.getMessage());
            }
        }
        o.finish();

        List<SensorConfig> sensors = new ArrayList<>();
        SensorNames sensorIndex = new SensorNames();
        for (YamlMapping s : sensorNodes) {
            SensorConfig sc = sensor(s);
            sensorIndex.add(s, sc, sensors.size());
            sensors.add(sc);
        }
        List<LoopConfig> loops = new ArrayList<>();
        Set<String> loopIds = new HashSet<>();
        KeyLocations where = new KeyLocations(source);
        for (YamlMapping l : loopNodes) {
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
            for (YamlMapping t : interlocks.list("overTemperature", false)) {
                int idx = sensorIndex.ref(t, "sensor");
                double limit = t.dbl("limitKelvin", Double.NaN);
                int debounce = t.integer("debounceSamples", 4);
                t.finish();
                limits.add(t.build(() -> new OverTemperatureLimit(idx, limit, debounce)));
                where.field(KeyLocations.SENSOR + idx + "].overTemperatureKelvin", t, "limitKelvin");
                where.field(KeyLocations.SENSOR + idx + "].debounceSamples", t, "debounceSamples");
            }
            il = InterlockSection.read(interlocks, sensors, loops, limits, sensorIndex, where);
            interlocks.finish();
        } else {
            il = InterlockConfig.defaults(sensors, loops, limits);
        }
        try {
            return new ControllerConfig(nodeId, DefaultConfig.FIRMWARE_VERSION, tick, status, watchdog, sensors, loops, limits, il,
                    deadband, board, jobs);
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("interlocks")) {
                throw where.locate(e, interlocks != null ? interlocks : o, sensors, loops);
            }
            throw o.locate(e);
        }
    }

    /** The {@code mqtt:} section: the report-by-exception deadband (relative, 0..1, 0 = off). */
    private static double mqtt(YamlMapping m) {
        if (m == null) {
            return ControllerConfig.DEFAULT_DEADBAND_FRACTION;
        }
        double deadband = m.dbl("deadbandFraction", ControllerConfig.DEFAULT_DEADBAND_FRACTION);
        m.finish();
        if (!(deadband >= 0 && deadband <= 1)) {
            throw m.error("deadbandFraction", deadband + " outside 0..1 (relative temperature change; 0 = report by exception off)");
        }
        return deadband;
    }

    /** The {@code jobs:} section: the job queue's scheduler, capacity and measurement settings (issue 22). */
    private static cryo.controller.jobs.JobsConfig jobs(YamlMapping m) {
        cryo.controller.jobs.JobsConfig d = cryo.controller.jobs.JobsConfig.DEFAULTS;
        if (m == null) {
            return d;
        }
        String name = m.str("scheduler", d.scheduler().configName);
        cryo.controller.jobs.SchedulerPolicy policy = cryo.controller.jobs.SchedulerPolicy.parse(name);
        if (policy == null) {
            throw m.error("scheduler", "'" + name + "' is not a scheduler: fifo or thermal");
        }
        int capacity = m.integer("capacity", d.capacity());
        double aging = m.dbl("agingSeconds", d.agingSeconds());
        double settle = m.dbl("settleSeconds", d.settleSeconds());
        double prior = m.dbl("priorSecondsPerJoule", d.priorSecondsPerJoule());
        double timeout = m.dbl("recoveryTimeoutSeconds", d.recoveryTimeoutSeconds());
        m.finish();
        try {
            return new cryo.controller.jobs.JobsConfig(policy, capacity, aging, settle, prior, timeout);
        } catch (IllegalArgumentException e) {
            throw m.locate(e);
        }
    }

    private SensorConfig sensor(YamlMapping s) {
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

    private LoopConfig loop(YamlMapping l, SensorNames sensorIndex) {
        String id = l.str("id", null);
        if (!id.matches("[A-Za-z0-9_-]{1,32}")) {
            throw l.error("id", "'" + id + "' must be 1..32 characters of A-Z a-z 0-9 _ -");
        }
        int sensor = sensorIndex.ref(l, "sensor");
        int heaterChannel = l.integer("heaterChannel", -1);
        double ohms = l.dbl("heaterResistanceOhms", Double.NaN);
        int rangeCount = l.integer("heaterRangeCount", 8);
        LoopMode mode = mode(l, l.str("mode", "off"));
        double setpoint = l.dbl("setpointKelvin", Double.NaN);
        double limit = l.dbl("setpointLimitKelvin", Double.NaN);
        int range = l.integer("heaterRange", 0);
        YamlMapping gains = l.obj("gains", false);
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
        YamlMapping settle = l.obj("settle", false);
        double band = PidOptions.DEFAULT.settleBandKelvin();
        double slope = PidOptions.DEFAULT.settleSlopeKelvinPerMinute();
        double settleSeconds = PidOptions.DEFAULT.settleSeconds();
        if (settle != null) {
            band = settle.dbl("bandKelvin", band);
            slope = settle.dbl("slopeKelvinPerMinute", slope);
            settleSeconds = settle.dbl("seconds", settleSeconds);
            settle.finish();
        }
        YamlMapping ramp = l.obj("ramp", false);
        boolean rampOn = false;
        double rate = 0.0;
        if (ramp != null) {
            rampOn = ramp.bool("enabled", false);
            rate = ramp.dbl("rateKelvinPerMinute", 0.0);
            ramp.finish();
        }
        List<ZoneConfig> zones = new ArrayList<>();
        for (YamlMapping z : l.list("zones", false)) {
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

    private static LoopMode mode(YamlMapping l, String name) {
        switch (name) {
            case "off": return LoopMode.LOOP_MODE_OFF;
            case "pid": return LoopMode.LOOP_MODE_PID;
            case "zone": return LoopMode.LOOP_MODE_ZONE;
            case "monitor": return LoopMode.LOOP_MODE_MONITOR;
            default: throw l.error("mode", "'" + name + "' is not a start-up mode (off, pid, zone, monitor)");
        }
    }
}
