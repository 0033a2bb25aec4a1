package cryo.controller.config;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code interlocks:} section of the configuration: every detector limit over the per-stage
 * defaults, each refusal moved to the line of the YAML key that set the value. Start-up only, on
 * the loading thread.
 */
final class InterlockSection {
    private InterlockSection() {
    }

    /** Optional checks a configuration may switch off with {@code off}: NaN in the record. */
    static final Set<String> OFF_NAN = Set.of("underTemperatureKelvin", "comparatorKelvin", "coolingLossRiseKelvin",
            "overTemperatureWarningFraction");
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
    static InterlockConfig read(YamlMapping in, List<SensorConfig> sensors, List<LoopConfig> loops,
                                       List<OverTemperatureLimit> overTemperature, SensorNames names, KeyLocations where) {
        InterlockConfig d;
        try {
            d = InterlockConfig.defaults(sensors, loops, overTemperature);
        } catch (IllegalArgumentException e) {
            throw where.locate(e, in, sensors, loops);
        }
        double sample = in.dbl("sampleIntervalSeconds", d.sampleIntervalSeconds());
        int notAnswering = in.integer("notAnsweringTicks", d.notAnsweringTicks());
        double crcMax = in.dbl("crcMaxErrorFraction", d.crcMaxErrorFraction());
        double crcWindow = in.dbl("crcWindowSeconds", d.crcWindowSeconds());
        for (String k : List.of("sampleIntervalSeconds", "notAnsweringTicks", "crcMaxErrorFraction", "crcWindowSeconds")) {
            where.field("interlocks." + k, in, k);
        }
        where.entry("interlocks", in);

        List<SensorInterlock> sensorLimits = new ArrayList<>(d.sensors());
        Map<Integer, Integer> sensorLine = new LinkedHashMap<>();
        for (YamlMapping e : in.list("sensors", false)) {
            int idx = names.ref(e, "sensor");
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
            String prefix = KeyLocations.SENSOR + idx + "].";
            where.entry(KeyLocations.SENSOR + idx + "]", e);
            SensorInterlock base = sensorLimits.get(idx);
            SensorInterlock si = override(e, base, "sensor", "sensorIndex", prefix, where, sensors, loops);
            sensorLimits.set(idx, si);
            e.finish();
        }

        List<LoopInterlock> loopLimits = new ArrayList<>(d.loops());
        Map<String, Integer> loopLine = new LinkedHashMap<>();
        for (YamlMapping e : in.list("loops", false)) {
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
        for (YamlMapping e : in.list("pairs", false)) {
            int a = names.ref(e, "sensorA");
            int b = names.ref(e, "sensorB");
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

    static int indexOfLoop(List<LoopConfig> loops, String id) {
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
    private static <R extends Record> R override(YamlMapping e, R base, String keyName, String identity, String prefix, KeyLocations where,
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
}
