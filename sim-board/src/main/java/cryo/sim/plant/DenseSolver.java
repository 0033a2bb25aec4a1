package cryo.sim.plant;

/** Gaussian elimination with partial pivoting on a small dense system, in place, allocation-free. */
final class DenseSolver {

    private DenseSolver() {
    }

    /**
     * Solves a·x = b for an n×n row-major {@code a}; x overwrites b, a is destroyed.
     *
     * @return false if the matrix is singular to working precision
     */
    static boolean solveInPlace(double[] a, double[] b, int n) {
        for (int k = 0; k < n; k++) {
            int pivot = k;
            double best = Math.abs(a[k * n + k]);
            for (int r = k + 1; r < n; r++) {
                double v = Math.abs(a[r * n + k]);
                if (v > best) {
                    best = v;
                    pivot = r;
                }
            }
            if (!(best > 0)) {
                return false;
            }
            if (pivot != k) {
                for (int c = k; c < n; c++) {
                    double tmp = a[k * n + c];
                    a[k * n + c] = a[pivot * n + c];
                    a[pivot * n + c] = tmp;
                }
                double tmp = b[k];
                b[k] = b[pivot];
                b[pivot] = tmp;
            }
            double inv = 1.0 / a[k * n + k];
            for (int r = k + 1; r < n; r++) {
                double f = a[r * n + k] * inv;
                if (f != 0) {
                    for (int c = k + 1; c < n; c++) {
                        a[r * n + c] -= f * a[k * n + c];
                    }
                    b[r] -= f * b[k];
                }
            }
        }
        for (int k = n - 1; k >= 0; k--) {
            double sum = b[k];
            for (int c = k + 1; c < n; c++) {
                sum -= a[k * n + c] * b[c];
            }
            b[k] = sum / a[k * n + k];
        }
        return true;
    }
}
