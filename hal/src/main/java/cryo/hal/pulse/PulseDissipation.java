package cryo.hal.pulse;

import cryo.hal.regmap.CryoCmosRegisters;

/**
 * The Cryo-CMOS board's dissipation on the 4 K plate: a static part (bias, clocks) plus a dynamic
 * part per pulse. A pulse on a channel dissipates that channel's full-scale power times
 * amplitude² times the envelope's energy integral (∫ envelope² dt). The host uses it for the
 * thermal budget and the simulated board for what it puts on its plate, so both agree.
 *
 * <p>Envelope integrals over a pulse of duration D (envelope peak 1): square D; raised cosine
 * 3D/8; Gaussian (centred, σ, cut at ±D/2) σ√π·erf(D/2σ); DRAG the Gaussian plus its quadrature
 * part β²√π/(2σ). Pure; no allocation.
 */
public final class PulseDissipation {
    /** Static dissipation of the simulated board (matches its CMOS_POWER at rest). */
    public static final double DEFAULT_STATIC_WATTS = 2e-3;
    /** Full-scale dynamic power of one channel while it plays a square pulse. */
    public static final double DEFAULT_FULL_SCALE_WATTS = 5e-3;
    public static final PulseDissipation DEFAULT = new PulseDissipation(DEFAULT_STATIC_WATTS, uniform(DEFAULT_FULL_SCALE_WATTS));

    private final double staticWatts;
    private final double[] fullScaleWatts;

    public PulseDissipation(double staticWatts, double[] fullScaleWatts) {
        if (!(staticWatts >= 0) || !Double.isFinite(staticWatts)) {
            throw new IllegalArgumentException("staticWatts must be finite and >= 0, was " + staticWatts);
        }
        if (fullScaleWatts.length != CryoCmosRegisters.PULSE_CHANNELS) {
            throw new IllegalArgumentException("fullScaleWatts needs one value per pulse channel ("
                    + CryoCmosRegisters.PULSE_CHANNELS + "), got " + fullScaleWatts.length);
        }
        for (int i = 0; i < fullScaleWatts.length; i++) {
            if (!(fullScaleWatts[i] >= 0) || !Double.isFinite(fullScaleWatts[i])) {
                throw new IllegalArgumentException("fullScaleWatts[" + i + "] must be finite and >= 0, was " + fullScaleWatts[i]);
            }
        }
        this.staticWatts = staticWatts;
        this.fullScaleWatts = fullScaleWatts.clone();
    }

    public static double[] uniform(double watts) {
        double[] w = new double[CryoCmosRegisters.PULSE_CHANNELS];
        java.util.Arrays.fill(w, watts);
        return w;
    }

    public double staticWatts() {
        return staticWatts;
    }

    public double fullScaleWatts(int channel) {
        return fullScaleWatts[channel];
    }

    /** Energy one pulse dissipates, joules. Unknown envelopes count as square (the upper bound). */
    public double energyJoules(int channel, int envelope, long durationTicks, double amplitude, double sigmaTicks,
                               double dragBeta) {
        double a2 = amplitude * amplitude;
        return fullScaleWatts[channel] * a2 * envelopeIntegralTicks(envelope, durationTicks, sigmaTicks, dragBeta) * 1e-9;
    }

    /** Energy of packed entry {@code i} of a compiled array. */
    public double energyJoules(PulseEntries e, int i) {
        int[] p = e.params();
        int o = e.paramsOffset(i);
        int w3 = p[o + 1];
        return energyJoules(PulseEntryCodec.channel(w3), PulseEntryCodec.envelope(w3), PulseEntryCodec.duration(p[o]),
                Float.intBitsToFloat(p[o + 2]), Float.intBitsToFloat(p[o + 4]), Float.intBitsToFloat(p[o + 5]));
    }

    /** ∫ envelope(t)² dt over the pulse, in ticks (peak envelope 1). */
    public static double envelopeIntegralTicks(int envelope, long durationTicks, double sigmaTicks, double dragBeta) {
        double d = durationTicks;
        switch (envelope) {
            case PulseEntryCodec.ENVELOPE_COSINE:
                return 3.0 * d / 8.0;
            case PulseEntryCodec.ENVELOPE_GAUSSIAN:
                return gaussian(d, sigmaTicks);
            case PulseEntryCodec.ENVELOPE_DRAG:
                if (!(sigmaTicks > 0)) {
                    return d;
                }
                return Math.min(d * (1 + dragBeta * dragBeta / (sigmaTicks * sigmaTicks)),
                        gaussian(d, sigmaTicks) + dragBeta * dragBeta * Math.sqrt(Math.PI) / (2 * sigmaTicks));
            default:
                return d;
        }
    }

    private static double gaussian(double d, double sigma) {
        if (!(sigma > 0)) {
            return d;
        }
        return Math.min(d, sigma * Math.sqrt(Math.PI) * erf(d / (2 * sigma)));
    }

    /** Abramowitz and Stegun 7.1.26 (|error| < 1.5e-7), enough for an energy estimate. */
    static double erf(double x) {
        double s = Math.signum(x);
        x = Math.abs(x);
        double t = 1.0 / (1.0 + 0.3275911 * x);
        double y = 1.0 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
        return s * y;
    }
}
