package cryo.sim.plant;

/**
 * The working arrays of one Newton iteration: stage temperatures, their grid cells, the net heat flow into
 * each stage and its Jacobian. Heat paths add into it; nothing here allocates.
 */
final class NetworkState {

    /** Index standing for the room-temperature boundary (the vacuum can), which is not a node. */
    static final int ROOM = -1;

    final int n;
    final double roomKelvin;
    final double[] kelvin;
    final int[] cell;
    /** net heat flow into each stage, watts */
    final double[] watts;
    /** ∂watts[i]/∂kelvin[j] at jac[i * n + j] */
    final double[] jac;

    NetworkState(int n, double roomKelvin) {
        this.n = n;
        this.roomKelvin = roomKelvin;
        kelvin = new double[n];
        cell = new int[n];
        watts = new double[n];
        jac = new double[n * n];
    }

    double kelvin(int node) {
        return node == ROOM ? roomKelvin : kelvin[node];
    }

    void clearFlows() {
        java.util.Arrays.fill(watts, 0);
        java.util.Arrays.fill(jac, 0);
    }

    /** Heat q flowing from node {@code from} into node {@code to}, with its derivatives by each end's temperature. */
    void flow(int from, int to, double q, double dqdFrom, double dqdTo) {
        if (to != ROOM) {
            watts[to] += q;
            jac[to * n + to] += dqdTo;
            if (from != ROOM) {
                jac[to * n + from] += dqdFrom;
            }
        }
        if (from != ROOM) {
            watts[from] -= q;
            jac[from * n + from] -= dqdFrom;
            if (to != ROOM) {
                jac[from * n + to] -= dqdTo;
            }
        }
    }

    /** A source (q > 0) or sink (q < 0) at one node depending only on that node's temperature. */
    void source(int node, double q, double dqdT) {
        watts[node] += q;
        jac[node * n + node] += dqdT;
    }

    /** Adds to one Jacobian entry (for couplings a path computes itself). */
    void addJac(int row, int col, double d) {
        if (row != ROOM && col != ROOM) {
            jac[row * n + col] += d;
        }
    }
}
