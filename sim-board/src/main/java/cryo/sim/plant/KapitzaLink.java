package cryo.sim.plant;

/**
 * The Kapitza (boundary) resistance between the liquid in the mixing chamber and its silver
 * sinter: R_K = κ/(A·T³), so Q = (A/4κ)·(T_plate⁴ − T_mixture⁴). The T³ law is an
 * acoustic-mismatch law for millikelvin temperatures; above {@link #LAW_LIMIT_KELVIN} it is
 * continued linearly (slope held), where the boundary no longer limits anything.
 */
final class KapitzaLink extends HeatPath {
    static final double LAW_LIMIT_KELVIN = 1.0;

    private final int plate;
    private final int mixture;
    /** A/(4κ), W/K⁴ */
    private final double coefficient;

    KapitzaLink(int plate, int mixture, double areaM2, double kappaK4M2PerW) {
        super(null);
        this.plate = plate;
        this.mixture = mixture;
        this.coefficient = areaM2 / (4 * kappaK4M2PerW);
    }

    @Override
    void accumulate(NetworkState s) {
        double tp = s.kelvin[plate];
        double tm = s.kelvin[mixture];
        double q = coefficient * (g(tp) - g(tm));
        s.flow(plate, mixture, q, coefficient * dg(tp), -coefficient * dg(tm));
    }

    /** Boundary conductance at a temperature, W/K (dQ/dT). */
    double conductanceWattsPerKelvin(double kelvin) {
        return coefficient * dg(kelvin);
    }

    private static double g(double t) {
        double c = LAW_LIMIT_KELVIN;
        return t <= c ? t * t * t * t : c * c * c * c + 4 * c * c * c * (t - c);
    }

    private static double dg(double t) {
        double c = Math.min(t, LAW_LIMIT_KELVIN);
        return 4 * c * c * c;
    }
}
