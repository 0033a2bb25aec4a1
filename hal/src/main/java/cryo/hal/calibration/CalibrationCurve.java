package cryo.hal.calibration;

import java.util.Arrays;

/**
 * A sensor calibration: breakpoints (sensor units → kelvin) and how to interpolate between them.
 * Readings outside the breakpoints give NaN (the caller reports the sensor out of range rather
 * than guessing).
 *
 * <ul>
 *   <li>{@link Interpolation#LOG_LOG}: linear in log(units)/log(kelvin), which follows resistance
 *       thermometers over decades far better than linear interpolation (the default);</li>
 *   <li>{@link Interpolation#LINEAR}: linear in units/kelvin (Lake Shore formats 1–3);</li>
 *   <li>{@link Interpolation#LOG10_UNITS}: linear in log10(units)/kelvin (Lake Shore format 4);</li>
 *   <li>{@link Interpolation#CUBIC_SPLINE}: natural cubic spline in units/kelvin (format 7).</li>
 * </ul>
 *
 * <p>Immutable; {@link #toKelvin} is allocation-free and safe from any thread.
 */
public final class CalibrationCurve {
    /** How kelvin is interpolated between breakpoints. */
    public enum Interpolation { LOG_LOG, LINEAR, LOG10_UNITS, CUBIC_SPLINE }

    private final String name;
    private final Interpolation interpolation;
    private final double[] x;          // transformed units, ascending
    private final double[] y;          // transformed kelvin
    private final double[] secondDerivative; // spline only
    private final double minUnits;
    private final double maxUnits;
    private final boolean ascending;
    private final double setpointLimitKelvin;
    private final String units;

    /**
     * A log-log curve.
     *
     * @param units  breakpoint sensor units, strictly monotonic, all positive
     * @param kelvin breakpoint temperatures, all positive
     */
    public CalibrationCurve(String name, double[] units, double[] kelvin, double setpointLimitKelvin) {
        this(name, units, kelvin, setpointLimitKelvin, Interpolation.LOG_LOG);
    }

    /** A curve in ohms (resistance thermometers). */
    public CalibrationCurve(String name, double[] units, double[] kelvin, double setpointLimitKelvin, Interpolation interpolation) {
        this(name, units, kelvin, setpointLimitKelvin, interpolation, UNITS_OHM);
    }

    /** Sensor units of resistance thermometers. */
    public static final String UNITS_OHM = "ohm";

    /**
     * @param units      breakpoint sensor units (ohms, volts or millivolts), strictly monotonic; positive for log interpolation
     * @param kelvin     breakpoint temperatures, all positive
     * @param unitsName  what the sensor units are: "ohm", "V" or "mV"
     */
    public CalibrationCurve(String name, double[] units, double[] kelvin, double setpointLimitKelvin, Interpolation interpolation,
                            String unitsName) {
        if (unitsName == null || unitsName.isEmpty()) {
            throw new IllegalArgumentException("curve " + name + ": units name must be given (ohm, V, mV)");
        }
        if (interpolation == null) {
            throw new IllegalArgumentException("curve " + name + ": interpolation must be given");
        }
        if (units.length != kelvin.length || units.length < 2) {
            throw new IllegalArgumentException("curve " + name + ": need at least 2 breakpoints with equal units and kelvin counts");
        }
        boolean logUnits = interpolation == Interpolation.LOG_LOG || interpolation == Interpolation.LOG10_UNITS;
        int n = units.length;
        boolean asc = units[1] > units[0];
        for (int i = 0; i < n; i++) {
            if (!(kelvin[i] > 0) || !Double.isFinite(units[i]) || !Double.isFinite(kelvin[i]) || (logUnits && !(units[i] > 0))) {
                throw new IllegalArgumentException("curve " + name + ": breakpoint " + (i + 1) + " must be finite with kelvin"
                        + (logUnits ? " and units" : "") + " > 0");
            }
            if (i > 0 && (asc ? units[i] <= units[i - 1] : units[i] >= units[i - 1])) {
                throw new IllegalArgumentException("curve " + name + ": units not strictly monotonic at breakpoint " + (i + 1));
            }
        }
        if (!(setpointLimitKelvin > 0)) {
            throw new IllegalArgumentException("curve " + name + ": setpoint limit must be > 0, was " + setpointLimitKelvin);
        }
        this.name = name;
        this.units = unitsName;
        this.interpolation = interpolation;
        this.ascending = asc;
        this.x = new double[n];
        this.y = new double[n];
        // stored in ascending units order for the binary search
        for (int i = 0; i < n; i++) {
            int j = asc ? i : n - 1 - i;
            x[i] = transformUnits(units[j]);
            y[i] = interpolation == Interpolation.LOG_LOG ? Math.log(kelvin[j]) : kelvin[j];
        }
        this.minUnits = asc ? units[0] : units[n - 1];
        this.maxUnits = asc ? units[n - 1] : units[0];
        this.setpointLimitKelvin = setpointLimitKelvin;
        this.secondDerivative = interpolation == Interpolation.CUBIC_SPLINE ? naturalSpline(x, y) : null;
    }

    private double transformUnits(double units) {
        switch (interpolation) {
            case LOG_LOG: return Math.log(units);
            case LOG10_UNITS: return Math.log10(units);
            default: return units;
        }
    }

    /** Second derivatives of the natural cubic spline through (x, y) (tridiagonal solve). */
    private static double[] naturalSpline(double[] x, double[] y) {
        int n = x.length;
        double[] m = new double[n];
        double[] u = new double[n];
        for (int i = 1; i < n - 1; i++) {
            double sig = (x[i] - x[i - 1]) / (x[i + 1] - x[i - 1]);
            double p = sig * m[i - 1] + 2.0;
            m[i] = (sig - 1.0) / p;
            double d = (y[i + 1] - y[i]) / (x[i + 1] - x[i]) - (y[i] - y[i - 1]) / (x[i] - x[i - 1]);
            u[i] = (6.0 * d / (x[i + 1] - x[i - 1]) - sig * u[i - 1]) / p;
        }
        m[n - 1] = 0.0;
        for (int k = n - 2; k >= 0; k--) {
            m[k] = m[k] * m[k + 1] + u[k];
        }
        return m;
    }

    public String name() {
        return name;
    }

    /** The sensor units readings and breakpoints are in: "ohm", "V" or "mV". */
    public String units() {
        return units;
    }

    public Interpolation interpolation() {
        return interpolation;
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
        return y[y.length - 1] > y[0];
    }

    public int breakpoints() {
        return x.length;
    }

    /** Kelvin for a reading in sensor units; NaN outside the curve. */
    public double toKelvin(double units) {
        if (!(units >= minUnits && units <= maxUnits)) {
            return Double.NaN;
        }
        double u = transformUnits(units);
        int i = Arrays.binarySearch(x, u);
        if (i >= 0) {
            return kelvinOf(y[i]);
        }
        int hi = -i - 1;
        int lo = hi - 1;
        if (hi >= x.length) { // rounding of the transform at the very edge
            return kelvinOf(y[x.length - 1]);
        }
        if (lo < 0) {
            return kelvinOf(y[0]);
        }
        double h = x[hi] - x[lo];
        double a = (x[hi] - u) / h;
        double b = (u - x[lo]) / h;
        if (secondDerivative == null) {
            return kelvinOf(a * y[lo] + b * y[hi]);
        }
        return a * y[lo] + b * y[hi] + ((a * a * a - a) * secondDerivative[lo] + (b * b * b - b) * secondDerivative[hi]) * (h * h) / 6.0;
    }

    private double kelvinOf(double transformed) {
        return interpolation == Interpolation.LOG_LOG ? Math.exp(transformed) : transformed;
    }

    /** Sensor units for a temperature; NaN outside the curve. Used to program comparators (not on the control path). */
    public double toUnits(double kelvin) {
        if (!(kelvin > 0)) {
            return Double.NaN;
        }
        double lo = minUnits;
        double hi = maxUnits;
        double kLo = toKelvin(lo);
        double kHi = toKelvin(hi);
        if (!(kelvin >= Math.min(kLo, kHi) && kelvin <= Math.max(kLo, kHi))) {
            return Double.NaN;
        }
        boolean rising = kHi > kLo;
        for (int it = 0; it < 200; it++) { // bisection: the curve is monotonic between its ends
            double mid = interpolation == Interpolation.LOG_LOG || interpolation == Interpolation.LOG10_UNITS
                    ? Math.sqrt(lo * hi) : 0.5 * (lo + hi);
            double k = toKelvin(mid);
            if ((k < kelvin) == rising) {
                lo = mid;
            } else {
                hi = mid;
            }
            if (hi - lo <= 1e-12 * Math.abs(hi)) {
                break;
            }
        }
        return 0.5 * (lo + hi);
    }

    @Override
    public String toString() {
        return "CalibrationCurve[" + name + ", " + x.length + " breakpoints, " + interpolation + ", " + (ascending ? "ascending" : "descending") + "]";
    }
}
