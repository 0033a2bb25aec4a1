package cryo.sim.plant;

/**
 * Thermal conductivity k(T) of the link materials, tabulated with the conductivity integral
 * Θ(T) = ∫₀ᵀ k dT so a link of shape factor A/L carries Q = (A/L)·(Θ(T_hot) − Θ(T_cold)) — the exact
 * steady-state heat flow through a bar whose conductivity varies along it.
 */
final class Conductivity {

    // declared before the tables: static initializers run in textual order
    private static final double[] SS_KELVIN = {1, 4, 10, 20, 50, 77, 100, 150, 200, 300};
    private static final double[] SS_W_PER_M_K = {0.06, 0.27, 0.77, 1.95, 5.7, 7.9, 9.2, 11.2, 12.6, 14.9};

    /**
     * AISI 304 stainless steel (supports, tubes): log-log interpolation of typical values from the NIST
     * cryogenic material properties database (0.27 W/(m·K) at 4 K, 14.9 at 300 K), k ∝ T below 1 K
     * (electronic conduction of a dirty metal).
     */
    static final TabulatedProperty STAINLESS_304 = new TabulatedProperty(Conductivity::stainless);

    /**
     * OFHC copper of RRR ≈ 100 (cold fingers): 1/k = ρ₀/(L₀T) + αT² — Wiedemann–Franz with the residual
     * resistivity 1.55e-10 Ω·m plus phonon scattering, α fitted to 400 W/(m·K) at 300 K. Overestimates the
     * 20–50 K peak by ~2x; right where it matters for a sample stage (below 1 K, k ≈ 157·T W/(m·K)).
     */
    static final TabulatedProperty COPPER_RRR100 = new TabulatedProperty(Conductivity::copper);

    private Conductivity() {
    }

    private static double stainless(double kelvin) {
        int n = SS_KELVIN.length;
        if (kelvin <= SS_KELVIN[0]) {
            return SS_W_PER_M_K[0] * kelvin / SS_KELVIN[0];
        }
        if (kelvin >= SS_KELVIN[n - 1]) {
            return SS_W_PER_M_K[n - 1];
        }
        int i = 0;
        while (SS_KELVIN[i + 1] < kelvin) {
            i++;
        }
        double f = Math.log(kelvin / SS_KELVIN[i]) / Math.log(SS_KELVIN[i + 1] / SS_KELVIN[i]);
        return SS_W_PER_M_K[i] * Math.pow(SS_W_PER_M_K[i + 1] / SS_W_PER_M_K[i], f);
    }

    private static double copper(double kelvin) {
        double lorenz = 2.443e-8;
        double residualOhmMetre = 1.55e-10;
        double alpha = 2.75e-8;
        return 1.0 / (residualOhmMetre / (lorenz * kelvin) + alpha * kelvin * kelvin);
    }
}
