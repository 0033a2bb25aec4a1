package cryo.sim.plant;

/**
 * The one logarithmic temperature grid every tabulated material property lives on, from 0.1 mK to
 * 2000 K at 100 nodes per decade. Sharing one grid means a stage's temperature is located once per
 * Newton iteration ({@link #cell}) and that cell index serves every table (heat capacity, stored
 * energy, conductivity integrals) — one {@code Math.log} per stage instead of one per lookup.
 */
final class TemperatureGrid {

    static final double MIN_KELVIN = 1e-4;
    static final double MAX_KELVIN = 2000.0;
    static final int NODES_PER_DECADE = 100;
    static final int SIZE;
    private static final double LN_MIN = Math.log(MIN_KELVIN);
    private static final double INV_DLN = NODES_PER_DECADE / Math.log(10.0);
    private static final double[] NODES;

    static {
        SIZE = (int) Math.ceil(Math.log10(MAX_KELVIN / MIN_KELVIN) * NODES_PER_DECADE) + 1;
        NODES = new double[SIZE];
        for (int i = 0; i < SIZE; i++) {
            NODES[i] = MIN_KELVIN * Math.pow(10.0, (double) i / NODES_PER_DECADE);
        }
    }

    private TemperatureGrid() {
    }

    /** Index i of the cell [node(i), node(i+1)] holding {@code kelvin}; clamped, so tables extrapolate linearly. */
    static int cell(double kelvin) {
        int i = (int) ((Math.log(kelvin) - LN_MIN) * INV_DLN); // (int) NaN == 0: a bad T lands in cell 0, never out of bounds
        if (i < 0) {
            return 0;
        }
        return Math.min(i, SIZE - 2);
    }

    static double node(int i) {
        return NODES[i];
    }
}
