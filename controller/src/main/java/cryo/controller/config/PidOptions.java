package cryo.controller.config;

/**
 * The parts of a PID loop that are not gains: derivative filter, I-zone, how old a sample may be,
 * and when the loop counts as settled. Checked on construction.
 *
 * @param derivativeFilterSeconds      time constant of the first-order low-pass on the measured slope (0 = none)
 * @param integralZoneKelvin           integrate only while |error| is within this band (0 = always integrate)
 * @param staleAfterSeconds            a sample older than this forces the output to zero
 * @param settleBandKelvin             settled needs |error| within this band ...
 * @param settleSlopeKelvinPerMinute   ... and |slope| within this ...
 * @param settleSeconds                ... both held for this long
 */
public record PidOptions(double derivativeFilterSeconds, double integralZoneKelvin, double staleAfterSeconds,
                         double settleBandKelvin, double settleSlopeKelvinPerMinute, double settleSeconds) {

    /** Defaults for a millikelvin stage: 1 s derivative filter, no I-zone, 2 s staleness, 0.1 mK / 0.1 mK/min for 60 s. */
    public static final PidOptions DEFAULT = new PidOptions(1.0, 0.0, 2.0, 1e-4, 1e-4, 60.0);

    public PidOptions {
        nonNegative("derivativeFilterSeconds", derivativeFilterSeconds);
        nonNegative("integralZoneKelvin", integralZoneKelvin);
        positive("staleAfterSeconds", staleAfterSeconds);
        positive("settleBandKelvin", settleBandKelvin);
        positive("settleSlopeKelvinPerMinute", settleSlopeKelvinPerMinute);
        nonNegative("settleSeconds", settleSeconds);
    }

    private static void nonNegative(String field, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(field + " must be >= 0 and finite, was " + v);
        }
    }

    private static void positive(String field, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(field + " must be > 0 and finite, was " + v);
        }
    }
}
