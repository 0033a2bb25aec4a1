package cryo.hal.calibration;

import java.util.Arrays;

/**
 * A sensor calibration: breakpoints (sensor units → kelvin), interpolated linearly in
 * log(units)/log(kelvin), which follows resistance thermometers over decades far better than
 * linear interpolation. Readings outside the breakpoints give NaN (the caller reports the
 * sensor out of range rather than guessing).
 *
 * <p>Immutable; {@link #toKelvin} is allocation-free and safe from any thread.
 */
public final class CalibrationCurve {
    private final String name;
    private final double[] logUnits;
    private final double[] logKelvin;
    private final double minUnits;
    private final double maxUnits;
    private final boolean ascending;
    private final double setpointLimitKelvin;

    /**
     * @param units  breakpoint sensor units, strictly monotonic, all positive
     * @param kelvin breakpoint temperatures, all positive
     */
    public CalibrationCurve(String name, double[] units, double[] kelvin, double setpointLimitKelvin) {
        if (units.length != kelvin.length || units.length < 2) {
            throw new IllegalArgumentException("curve " + name + ": need at least 2 breakpoints with equal units and kelvin counts");
        }
        int n = units.length;
        boolean asc = units[1] > units[0];
        for (int i = 0; i < n; i++) {
            if (!(units[i] > 0) || !(kelvin[i] > 0) || !Double.isFinite(units[i]) || !Double.isFinite(kelvin[i])) {
                throw new IllegalArgumentException("curve " + name + ": breakpoint " + (i + 1) + " must be positive and finite");
            }
            if (i > 0 && (asc ? units[i] <= units[i - 1] : units[i] >= units[i - 1])) {
                throw new IllegalArgumentException("curve " + name + ": units not strictly monotonic at breakpoint " + (i + 1));
            }
        }
        this.name = name;
        this.ascending = asc;
        this.logUnits = new double[n];
        this.logKelvin = new double[n];
        // store in ascending units order for the binary search
        for (int i = 0; i < n; i++) {
            int j = asc ? i : n - 1 - i;
            logUnits[i] = Math.log(units[j]);
            logKelvin[i] = Math.log(kelvin[j]);
        }
        this.minUnits = Math.exp(logUnits[0]);
        this.maxUnits = Math.exp(logUnits[n - 1]);
        this.setpointLimitKelvin = setpointLimitKelvin;
    }

    public String name() {
        return name;
    }

    public double setpointLimitKelvin() {
        return setpointLimitKelvin;
    }

    public double minUnits() {
        return minUnits;
    }

    public double maxUnits() {
        return maxUnits;
    }

    /** True when units rise with temperature (PTC, e.g. Pt100); false for NTC (RuOx, Cernox). */
    public boolean positiveCoefficient() {
        // ascending stored order: kelvin rising with units means PTC
        return logKelvin[logKelvin.length - 1] > logKelvin[0];
    }

    public int breakpoints() {
        return logUnits.length;
    }

    /** Kelvin for a reading in sensor units; NaN outside the curve. */
    public double toKelvin(double units) {
        if (!(units >= minUnits && units <= maxUnits)) {
            return Double.NaN;
        }
        double x = Math.log(units);
        int i = Arrays.binarySearch(logUnits, x);
        if (i >= 0) {
            return Math.exp(logKelvin[i]);
        }
        int hi = -i - 1;
        int lo = hi - 1;
        double f = (x - logUnits[lo]) / (logUnits[hi] - logUnits[lo]);
        return Math.exp(logKelvin[lo] + f * (logKelvin[hi] - logKelvin[lo]));
    }

    /** Sensor units for a temperature; NaN outside the curve. Used to program comparators. */
    public double toUnits(double kelvin) {
        double y = Math.log(kelvin);
        for (int k = 0; k < logKelvin.length - 1; k++) {
            double a = logKelvin[k];
            double b = logKelvin[k + 1];
            if ((y >= Math.min(a, b)) && (y <= Math.max(a, b))) {
                double f = b == a ? 0 : (y - a) / (b - a);
                return Math.exp(logUnits[k] + f * (logUnits[k + 1] - logUnits[k]));
            }
        }
        return Double.NaN;
    }

    @Override
    public String toString() {
        return "CalibrationCurve[" + name + ", " + logUnits.length + " breakpoints, " + (ascending ? "ascending" : "descending") + "]";
    }
}
