package cryo.sim.sensor;

import cryo.hal.calibration.CalibrationCurve;

/**
 * Calibration curves generated from a sensor model: breakpoints log-spaced in temperature, as a
 * Lake Shore .340 table would hold them. Generated in code because no .340 writer exists in hal
 * yet; {@link #toLakeShore340} prints one for anyone who wants the file.
 */
public final class Curves {
    private Curves() {
    }

    public static CalibrationCurve generate(String name, SensorModel model, double minKelvin, double maxKelvin, int points) {
        double[] units = new double[points];
        double[] kelvin = new double[points];
        double logMin = Math.log(minKelvin);
        double logMax = Math.log(maxKelvin);
        for (int i = 0; i < points; i++) {
            double t = Math.exp(logMin + (logMax - logMin) * i / (points - 1));
            kelvin[i] = t;
            units[i] = model.unitsAt(t);
        }
        return new CalibrationCurve(name, units, kelvin, maxKelvin);
    }

    /** The curve's breakpoints as a Lake Shore .340 text (format 3/4 header, units then kelvin). */
    public static String toLakeShore340(CalibrationCurve curve, SensorModel model, double minKelvin, double maxKelvin, int points) {
        StringBuilder b = new StringBuilder();
        boolean ptc = curve.positiveCoefficient();
        b.append("Sensor Model:   ").append(curve.name()).append("\r\n");
        b.append("Serial Number:  ").append(curve.name()).append("\r\n");
        b.append("Data Format:    ").append(ptc ? "3      (Ohms/Kelvin)" : "4      (Log Ohms/Kelvin)").append("\r\n");
        b.append("SetPoint Limit: ").append(String.format(java.util.Locale.ROOT, "%.1f", maxKelvin)).append("      (Kelvin)\r\n");
        b.append("Temperature coefficient:  ").append(ptc ? "2 (Positive)" : "1 (Negative)").append("\r\n");
        b.append("Number of Breakpoints:   ").append(points).append("\r\n\r\nNo.   Units      Temperature (K)\r\n\r\n");
        for (int i = 0; i < points; i++) {
            // .340 wants units ascending
            int j = ptc ? i : points - 1 - i;
            double t = Math.exp(Math.log(minKelvin) + (Math.log(maxKelvin) - Math.log(minKelvin)) * j / (points - 1));
            double u = model.unitsAt(t);
            b.append(String.format(java.util.Locale.ROOT, "%3d  %.6f  %.6f\r\n", i + 1, ptc ? u : Math.log10(u), t));
        }
        return b.toString();
    }
}
