package cryo.sim.plant;

/**
 * Molar heat capacity of copper, C(T) = γT + C_Debye(T; θ_D), and its enthalpy ∫₀ᵀ C dT.
 *
 * <p>Plus the small C_p − C_v dilation term near room temperature (Nernst–Lindemann). The Debye term tends to βT³ with β = 12π⁴R/(5θ_D³) = 0.0482 mJ/(mol·K⁴) for θ_D = 343 K, so below ~10 K
 * the curve is the textbook γT + βT³ (γ = 0.695 mJ/(mol·K²), β ≈ 0.048 mJ/(mol·K⁴)) and near room
 * temperature it approaches Dulong–Petit 3R. Figures: ../shared/reference/CRYOSTAT.md (Pobell, Matter and
 * Methods at Low Temperatures, ch. 3). The Debye integral is evaluated once, into a table.
 */
public final class CopperHeatCapacity {

    public static final double MOLAR_MASS_KG_PER_MOL = 0.06355;
    public static final double DEBYE_TEMPERATURE_KELVIN = 343.0;
    public static final double GAMMA_J_PER_MOL_K2 = 0.695e-3;
    static final double GAS_CONSTANT = 8.314462618;
    /** fitted to C_p(300 K) = 24.4 J/(mol·K) */
    static final double NERNST_LINDEMANN_MOL_PER_J = 4.9e-6;

    static final TabulatedProperty TABLE = new TabulatedProperty(CopperHeatCapacity::exactMolar);

    private CopperHeatCapacity() {
    }

    /** C(T) in J/(mol·K), from the table the plant integrates with. */
    public static double molarJoulesPerKelvin(double kelvin) {
        return TABLE.value(kelvin);
    }

    /** ∫₀ᵀ C dT in J/mol, from the table. */
    public static double molarEnthalpyJoules(double kelvin) {
        return TABLE.integral(kelvin);
    }

    /** Moles of copper in a mass. */
    public static double moles(double massKg) {
        return massKg / MOLAR_MASS_KG_PER_MOL;
    }

    /** γT + Debye, evaluated directly (used to build the table). */
    static double exactMolar(double kelvin) {
        double cv = debye(kelvin);
        // Nernst–Lindemann C_p − C_v = A·C_v²·T (thermal expansion): +0.8 J/(mol·K) at 300 K, bringing the
        // harmonic Debye 23.6 to the measured 24.4; below 50 K it is under 0.1 % and vanishes as T⁷
        return GAMMA_J_PER_MOL_K2 * kelvin + cv + NERNST_LINDEMANN_MOL_PER_J * cv * cv * kelvin;
    }

    private static double debye(double kelvin) {
        double xMax = DEBYE_TEMPERATURE_KELVIN / kelvin;
        double integral;
        if (xMax > 60) {
            integral = 4 * Math.pow(Math.PI, 4) / 15; // the tail beyond x = 60 is below 1e-20 of the total
        } else {
            int n = 2000; // Simpson, even
            double h = xMax / n;
            double sum = 0;
            for (int i = 0; i <= n; i++) {
                double x = i * h;
                double w = (i == 0 || i == n) ? 1 : (i % 2 == 1 ? 4 : 2);
                sum += w * integrand(x);
            }
            integral = sum * h / 3;
        }
        double r = kelvin / DEBYE_TEMPERATURE_KELVIN;
        return 9 * GAS_CONSTANT * r * r * r * integral;
    }

    private static double integrand(double x) {
        if (x < 1e-6) {
            return x * x; // x⁴eˣ/(eˣ−1)² → x² as x → 0
        }
        double em1 = Math.expm1(x);
        return x * x * x * x * (em1 + 1) / (em1 * em1);
    }
}
