package cryo.sim.plant;

/**
 * Heat capacity of liquid He-3 in a mixture, per mole of He-3: a Fermi liquid, C = γ₃·T
 * (γ₃ ≈ 106 J/(mol·K²) in the 6.6 % dilute phase, Pobell, <i>Matter and Methods at Low
 * Temperatures</i>; ≈ (π²/2)·R/T_F with T_F ≈ 0.4 K), which tends to the classical 3/2·R once
 * γ₃·T reaches it (near 0.12 K for γ₃ = 106) and is held there. The knee is a corner, not a
 * smooth crossover: the cap is a bound on a linear law extrapolated past its range, and the
 * mixing chamber regulates below it. The enthalpy is the exact integral of the same function, so
 * the integrator's energy bookkeeping stays exact.
 */
final class HeliumHeatCapacity {
    /** 3/2·R, J/(mol·K): the classical limit of an ideal Fermi gas above its Fermi temperature. */
    static final double CLASSICAL_J_PER_MOL_K = 1.5 * CopperHeatCapacity.GAS_CONSTANT;

    private HeliumHeatCapacity() {
    }

    /** C per mole of He-3, J/(mol·K). */
    static double molar(double gammaJPerMolK2, double kelvin) {
        return Math.min(gammaJPerMolK2 * kelvin, CLASSICAL_J_PER_MOL_K);
    }

    /** ∫₀ᵀ C dT per mole of He-3, J/mol. */
    static double molarEnthalpy(double gammaJPerMolK2, double kelvin) {
        double knee = CLASSICAL_J_PER_MOL_K / gammaJPerMolK2;
        if (kelvin <= knee) {
            return 0.5 * gammaJPerMolK2 * kelvin * kelvin;
        }
        return 0.5 * gammaJPerMolK2 * knee * knee + CLASSICAL_J_PER_MOL_K * (kelvin - knee);
    }
}
