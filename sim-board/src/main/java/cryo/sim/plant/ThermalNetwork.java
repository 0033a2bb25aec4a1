package cryo.sim.plant;

/**
 * The stages as a stiff network of heat capacities and heat paths, advanced by backward Euler in enthalpy
 * form with Newton iteration on all stages at once.
 *
 * <p>Why this integrator: time constants run from hours (kilograms of copper at 300 K) to well under a
 * second (the same copper at 10 mK, C ∝ T), and a lock-step driver calls with 0.01–10 s steps. Backward
 * Euler is L-stable, so one step of any size is stable for any stiffness; solving
 * n·(H(T₁) − H(T₀)) = Δt·Q(T₁) for T₁ (H = ∫C dT) rather than C·ΔT = Δt·Q makes each step conserve energy
 * exactly: the heat booked (Δt·Q at T₁) equals the change of stored energy up to the Newton tolerance,
 * whatever the step size. When Newton fails to converge (a violent heater step, a phase change) the caller
 * halves the step.
 */
final class ThermalNetwork {

    private static final int MAX_NEWTON_ITERATIONS = 30;
    private static final double RELATIVE_TOLERANCE = 1e-10;

    final NetworkState state;
    private final double[] moles;
    /** moles of liquid He-3 on each node at full condensation (mixing chamber, still), and γ₃ */
    private final double[] heliumMoles;
    private final double heliumGamma;
    /** fraction of the mixture condensed (0 in the dump, 1 circulating): scales the helium */
    private double heliumFraction;
    private final HeatPath[] paths;
    /** heater + leak + board power per stage, watts; booked per account at acceptance */
    final double[] heaterWatts;
    final double[] leakWatts;
    double boardWatts;
    private final int boardNode;
    /** the board's pulse power carried down the lines to {@link #lineNode} (-1: none), watts */
    double lineWatts;
    int lineNode = -1;
    final EnergyLedger ledger = new EnergyLedger();

    private final double[] startKelvin;
    /** enthalpy of each node at the start of the step, joules (copper and helium) */
    private final double[] startEnthalpy;
    private final double[] matrix;
    private final double[] rhs;
    private int lastIterations;
    private long totalIterations;

    ThermalNetwork(double[] moles, double[] heliumMoles, double heliumGamma, double roomKelvin, int boardNode, HeatPath[] paths) {
        int n = moles.length;
        this.moles = moles.clone();
        this.heliumMoles = heliumMoles.clone();
        this.heliumGamma = heliumGamma;
        this.paths = paths;
        this.boardNode = boardNode;
        state = new NetworkState(n, roomKelvin);
        heaterWatts = new double[n];
        leakWatts = new double[n];
        startKelvin = new double[n];
        startEnthalpy = new double[n];
        matrix = new double[n * n];
        rhs = new double[n];
    }

    int size() {
        return state.n;
    }

    /** Σ n·∫₀ᵀ C dT over copper and the condensed helium, joules. */
    double storedJoules() {
        double sum = 0;
        for (int i = 0; i < state.n; i++) {
            sum += moles[i] * CopperHeatCapacity.TABLE.integral(state.kelvin[i]) + heliumJoules(i, state.kelvin[i]);
        }
        return sum;
    }

    double heatCapacityJoulesPerKelvin(int node) {
        double t = state.kelvin[node];
        return moles[node] * CopperHeatCapacity.TABLE.value(t) + heliumFraction * heliumMoles[node] * HeliumHeatCapacity.molar(heliumGamma, t);
    }

    /** Enthalpy of a node's condensed helium at a temperature, joules. */
    private double heliumJoules(int node, double kelvin) {
        double mol = heliumFraction * heliumMoles[node];
        return mol == 0 ? 0 : mol * HeliumHeatCapacity.molarEnthalpy(heliumGamma, kelvin);
    }

    double heliumFraction() {
        return heliumFraction;
    }

    /**
     * Sets the condensed fraction between steps (condensing, boiling off). The liquid arriving or
     * leaving carries its enthalpy at the node's temperature: booked as mixture gas, so the ledger
     * still balances.
     */
    void setHeliumFraction(double fraction) {
        if (fraction == heliumFraction) {
            return;
        }
        double before = 0;
        for (int i = 0; i < state.n; i++) {
            before += heliumJoules(i, state.kelvin[i]);
        }
        heliumFraction = fraction;
        double after = 0;
        for (int i = 0; i < state.n; i++) {
            after += heliumJoules(i, state.kelvin[i]);
        }
        ledger.book(EnergyAccount.MIXTURE_GAS, after - before);
    }

    long totalIterations() {
        return totalIterations;
    }

    int lastIterations() {
        return lastIterations;
    }

    /**
     * One backward-Euler step of {@code h} seconds. On success the state holds the new temperatures and the
     * boundary heat is booked; on failure (no convergence) the state is unchanged.
     */
    boolean tryStep(double h) {
        int n = state.n;
        double[] t = state.kelvin;
        for (int i = 0; i < n; i++) {
            startKelvin[i] = t[i];
            startEnthalpy[i] = moles[i] * CopperHeatCapacity.TABLE.integral(t[i]) + heliumJoules(i, t[i]);
        }
        for (int iter = 1; iter <= MAX_NEWTON_ITERATIONS; iter++) {
            evaluate();
            totalIterations++;
            // Newton on R(T) = n·(H(T) − H₀) − h·Q(T); matrix = diag(n·C) − h·∂Q/∂T
            double maxRelative = 0;
            for (int i = 0; i < n; i++) {
                int c = state.cell[i];
                double he = heliumFraction * heliumMoles[i];
                double enthalpy = moles[i] * CopperHeatCapacity.TABLE.integral(c, t[i]);
                double capacity = moles[i] * CopperHeatCapacity.TABLE.value(c, t[i]);
                if (he != 0) {
                    enthalpy += he * HeliumHeatCapacity.molarEnthalpy(heliumGamma, t[i]);
                    capacity += he * HeliumHeatCapacity.molar(heliumGamma, t[i]);
                }
                rhs[i] = -(enthalpy - startEnthalpy[i] - h * state.watts[i]);
                for (int j = 0; j < n; j++) {
                    matrix[i * n + j] = -h * state.jac[i * n + j];
                }
                matrix[i * n + i] += capacity;
            }
            if (!DenseSolver.solveInPlace(matrix, rhs, n)) {
                break;
            }
            for (int i = 0; i < n; i++) {
                double rel = Math.abs(rhs[i]) / t[i];
                if (!(rel < Double.MAX_VALUE)) {
                    maxRelative = Double.POSITIVE_INFINITY; // NaN or infinite correction
                } else if (rel > maxRelative) {
                    maxRelative = rel;
                }
            }
            if (maxRelative == Double.POSITIVE_INFINITY) {
                break;
            }
            if (maxRelative < RELATIVE_TOLERANCE) {
                // accept the temperatures the flows were evaluated at: booking Δt·Q(T) at exactly these T
                // makes the ledger balance to the (tiny) remaining residual
                book(h);
                lastIterations = iter;
                return true;
            }
            for (int i = 0; i < n; i++) {
                // damped: never more than halve or triple a temperature in one iteration (keeps T > 0 and
                // the T⁴, T² and exp(−T*/T) terms out of their wild ranges while far from the solution)
                double d = rhs[i];
                double lo = -0.5 * t[i];
                double hi = 2.0 * t[i];
                t[i] += d < lo ? lo : (d > hi ? hi : d);
            }
        }
        System.arraycopy(startKelvin, 0, t, 0, n);
        return false;
    }

    /** Net heat flow into every stage and its Jacobian at the current temperatures. */
    void evaluate() {
        int n = state.n;
        for (int i = 0; i < n; i++) {
            state.cell[i] = TemperatureGrid.cell(state.kelvin[i]);
        }
        state.clearFlows();
        for (int i = 0; i < n; i++) {
            state.watts[i] += heaterWatts[i] + leakWatts[i];
        }
        state.watts[boardNode] += boardWatts;
        if (lineNode >= 0) {
            state.watts[lineNode] += lineWatts;
        }
        for (HeatPath p : paths) {
            p.accumulate(state);
        }
    }

    private void book(double h) {
        double heaters = 0;
        double leaks = 0;
        for (int i = 0; i < state.n; i++) {
            heaters += heaterWatts[i];
            leaks += leakWatts[i];
        }
        ledger.book(EnergyAccount.HEATERS, heaters * h);
        ledger.book(EnergyAccount.LEAKS, leaks * h);
        ledger.book(EnergyAccount.BOARD, (boardWatts + lineWatts) * h);
        for (HeatPath p : paths) {
            p.book(ledger, h);
        }
    }
}
