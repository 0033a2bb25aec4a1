package cryo.sim.plant;

import java.util.Arrays;

/**
 * A set of plant figures: the defaults of {@link PlantParameter}, overridable by key. Values are checked
 * against each parameter's range when set, so a bad figure (a negative mass, say) is rejected with its key
 * before a run starts. Mutable until handed to a {@link CryostatPlant}, which copies what it needs.
 */
public final class PlantParameters {

    private final double[] values;

    private PlantParameters(double[] values) {
        this.values = values;
    }

    public static PlantParameters defaults() {
        PlantParameter[] all = PlantParameter.values();
        double[] v = new double[all.length];
        for (PlantParameter p : all) {
            v[p.ordinal()] = p.defaultValue();
        }
        return new PlantParameters(v);
    }

    /** Typical pulse-tube ripple amplitude on the 4 K stage when it is switched on, watts (see the README). */
    public static final double TYPICAL_RIPPLE_STAGE2_WATTS = 0.12;
    /** Typical ripple on the 50 K stage when switched on, watts: ~10 % of its rated capacity. */
    public static final double TYPICAL_RIPPLE_STAGE1_WATTS = 4.0;

    /**
     * Switches on pulse-tube ripple at the typical figures: the cooling power of both stages modulated
     * sinusoidally at {@code pt.ripple.hz} (1.4 Hz). Off in {@link #defaults()}.
     */
    public PlantParameters withPulseTubeRipple() {
        set(PlantParameter.PT1_RIPPLE_W, TYPICAL_RIPPLE_STAGE1_WATTS);
        return set(PlantParameter.PT2_RIPPLE_W, TYPICAL_RIPPLE_STAGE2_WATTS);
    }

    /** Typical share of the board's pulse power dissipated at the mixing chamber when switched on. */
    public static final double TYPICAL_LINE_MXC_FRACTION = 0.006;

    /**
     * Switches on pulse-line heating: {@link #TYPICAL_LINE_MXC_FRACTION} of the board's pulse
     * (dynamic) power lands on the mixing chamber instead of the 4 K plate, as pulses reach the
     * qubits and the attenuators beside them. Off in {@link #defaults()}.
     */
    public PlantParameters withPulseLineHeating() {
        return set(PlantParameter.LINE_MXC_FRACTION, TYPICAL_LINE_MXC_FRACTION);
    }

    public PlantParameters copy() {
        return new PlantParameters(Arrays.copyOf(values, values.length));
    }

    public double get(PlantParameter p) {
        return values[p.ordinal()];
    }

    /** Sets a figure; throws IllegalArgumentException naming the key if the value is not finite or out of range. */
    public PlantParameters set(PlantParameter p, double value) {
        if (!Double.isFinite(value) || value < p.min() || value > p.max()) {
            throw new IllegalArgumentException("plant parameter '" + p.key() + "' = " + value
                    + " is out of range [" + p.min() + ", " + p.max() + "] " + p.unit());
        }
        values[p.ordinal()] = value;
        return this;
    }

    /** Sets a figure by its key (as a scenario or plant file names it). */
    public PlantParameters set(String key, double value) {
        return set(PlantParameter.fromKey(key), value);
    }

    /** Whether the optional sample stage exists (its copper mass is non-zero). */
    public boolean hasSampleStage() {
        return get(PlantParameter.MASS_SAMPLE) > 0;
    }

    /** Checks relations between figures that single ranges cannot (e.g. a rated point above the no-load point). */
    public void validate() {
        requireAbove(PlantParameter.PT1_RATED_K, PlantParameter.PT1_NO_LOAD_K);
        requireAbove(PlantParameter.PT2_RATED_K, PlantParameter.PT2_NO_LOAD_K);
        if (get(PlantParameter.PT1_MAX_W) < get(PlantParameter.PT1_RATED_W)) {
            throw new IllegalArgumentException("plant parameter '" + PlantParameter.PT1_MAX_W.key() + "' must be >= '" + PlantParameter.PT1_RATED_W.key() + "'");
        }
        if (get(PlantParameter.PT2_MAX_W) < get(PlantParameter.PT2_RATED_W)) {
            throw new IllegalArgumentException("plant parameter '" + PlantParameter.PT2_MAX_W.key() + "' must be >= '" + PlantParameter.PT2_RATED_W.key() + "'");
        }
    }

    private void requireAbove(PlantParameter high, PlantParameter low) {
        if (get(high) <= get(low)) {
            throw new IllegalArgumentException("plant parameter '" + high.key() + "' = " + get(high)
                    + " must be above '" + low.key() + "' = " + get(low));
        }
    }

    /** The parameter table as Markdown (key, value, unit, source), for the README. */
    public String markdownTable() {
        StringBuilder sb = new StringBuilder("| key | value | unit | source |\n|---|---|---|---|\n");
        for (PlantParameter p : PlantParameter.values()) {
            sb.append("| `").append(p.key()).append("` | ").append(fmt(get(p))).append(" | ").append(p.unit())
                    .append(" | ").append(p.source()).append(" |\n");
        }
        return sb.toString();
    }

    private static String fmt(double v) {
        if (v != 0 && (Math.abs(v) < 1e-2 || Math.abs(v) >= 1e4)) {
            return String.format(java.util.Locale.ROOT, "%.3g", v);
        }
        return String.format(java.util.Locale.ROOT, "%.4g", v);
    }
}
