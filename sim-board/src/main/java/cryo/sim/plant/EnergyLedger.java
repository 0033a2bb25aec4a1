package cryo.sim.plant;

/**
 * Cumulative heat across the cryostat's boundary per {@link EnergyAccount}, booked by the integrator at the
 * temperatures of each accepted step. Heat flows between stages cancel and are not booked. With the stored
 * energy Σ n·∫C dT this lets a test check heat in − heat out = Δ stored.
 */
public final class EnergyLedger {

    private final double[] joulesIntoCryostat = new double[EnergyAccount.values().length];

    void book(EnergyAccount account, double joulesIn) {
        joulesIntoCryostat[account.ordinal()] += joulesIn;
    }

    /** Net joules that entered the cryostat through an account (negative for the out accounts in normal use). */
    public double joulesIn(EnergyAccount account) {
        return joulesIntoCryostat[account.ordinal()];
    }

    /** Heat in: the sum of the "in" accounts, joules. */
    public double heatInJoules() {
        double sum = 0;
        for (EnergyAccount a : EnergyAccount.values()) {
            if (a.isIn()) {
                sum += joulesIntoCryostat[a.ordinal()];
            }
        }
        return sum;
    }

    /** Heat out: the sum of the "out" accounts as positive joules removed. */
    public double heatOutJoules() {
        double sum = 0;
        for (EnergyAccount a : EnergyAccount.values()) {
            if (!a.isIn()) {
                sum -= joulesIntoCryostat[a.ordinal()];
            }
        }
        return sum;
    }

    void reset() {
        java.util.Arrays.fill(joulesIntoCryostat, 0);
    }
}
