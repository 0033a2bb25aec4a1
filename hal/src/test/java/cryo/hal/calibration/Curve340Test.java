package cryo.hal.calibration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Curve340Test {

    /** A RuOx-like NTC sensor: R = 25 Ω · exp((20 K / T)^(1/4)). */
    static double ruoxOhms(double kelvin) {
        return 25.0 * Math.exp(Math.pow(20.0 / kelvin, 0.25));
    }

    static Curve340 curve(int format, int n) {
        double[] u = new double[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            double k = 40.0 * Math.pow(0.005 / 40.0, (double) i / (n - 1)); // 40 K down to 5 mK: units ascend
            t[i] = k;
            switch (format) {
                case 1: u[i] = 1000.0 * (1.7 - 0.02 * Math.log(k)); break;  // diode-like mV, NTC
                case 2: u[i] = 1.7 - 0.02 * Math.log(k); break;
                case 4: u[i] = Math.log10(ruoxOhms(k)); break;
                default: u[i] = ruoxOhms(k); break;
            }
        }
        return new Curve340("RX-SIM", "S" + format, format, 40.0, u, t);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 7})
    void everyFormatReadsBackTheBreakpointsItWasWrittenWith(int format, @TempDir Path dir) throws Exception {
        Curve340 c = curve(format, 200);
        Path f = dir.resolve("c" + format + ".340");
        c.write(f);
        Curve340 r = Curve340.read(f);
        assertEquals(format, r.dataFormat());
        assertEquals("RX-SIM", r.sensorModel());
        assertEquals("S" + format, r.serialNumber());
        assertEquals(40.0, r.setpointLimitKelvin());
        assertEquals(Curve340.COEFFICIENT_NEGATIVE, r.temperatureCoefficient());
        assertEquals(200, r.breakpoints());
        for (int i = 0; i < 200; i++) {
            assertEquals(c.units(i), r.units(i), 0.0, "units of breakpoint " + (i + 1));
            assertEquals(c.kelvin(i), r.kelvin(i), 0.0, "kelvin of breakpoint " + (i + 1));
        }
        // the calibration passes through every breakpoint, in the format's units
        CalibrationCurve cal = r.toCalibration();
        assertEquals(format == 1 ? "mV" : format == 2 ? "V" : "ohm", cal.units(), "units of format " + format);
        for (int i = 0; i < 200; i++) {
            double reading = format == 4 ? Math.pow(10, r.units(i)) : r.units(i);
            assertEquals(r.kelvin(i), cal.toKelvin(reading), r.kelvin(i) * 1e-9, "breakpoint " + (i + 1));
        }
    }

    @Test
    void readsALakeShoreStyleFile() {
        String text = "Sensor Model:   RX-102A-AA\r\nSerial Number:  U01234\r\nData Format:    4      (Log Ohms/Kelvin)\r\n"
                + "SetPoint Limit: 40.0      (Kelvin)\r\nTemperature coefficient:  1 (Negative)\r\nNumber of Breakpoints:   3\r\n\r\n"
                + "No.   Units      Temperature (K)\r\n\r\n  1  3.0  40.0\r\n  2  3.5  1.0\r\n  3  4.0  0.05\r\n";
        Curve340 c = Curve340.parse("rx.340", text);
        assertEquals("RX-102A-AA", c.sensorModel());
        CalibrationCurve cal = c.toCalibration();
        // linear in the file's units: log10(Ω) 3.25 lies halfway between 40 K and 1 K
        assertEquals(20.5, cal.toKelvin(Math.pow(10, 3.25)), 1e-9);
        assertTrue(Double.isNaN(cal.toKelvin(100.0)), "outside the curve is NaN");
        assertEquals(Math.pow(10, 3.25), cal.toUnits(20.5), 1e-6);
    }

    @Test
    void linearFormatsInterpolateLinearlyAndTheSplineFollowsACurvedSensorCloser() {
        Curve340 lin = new Curve340("PT", "1", 3, 300, new double[] {10, 20, 30}, new double[] {10, 20, 40});
        assertEquals(15.0, lin.toCalibration().toKelvin(15), 1e-12);
        assertEquals(30.0, lin.toCalibration().toKelvin(25), 1e-12);

        Curve340 spline = curve(7, 40);
        Curve340 linear = new Curve340("RX-SIM", "S3", 3, 40.0, unitsOf(spline), kelvinOf(spline));
        double worstSpline = 0;
        double worstLinear = 0;
        for (double k = 0.01; k < 30; k *= 1.07) {
            double r = ruoxOhms(k);
            worstSpline = Math.max(worstSpline, Math.abs(spline.toCalibration().toKelvin(r) / k - 1));
            worstLinear = Math.max(worstLinear, Math.abs(linear.toCalibration().toKelvin(r) / k - 1));
        }
        assertTrue(worstSpline < worstLinear / 3, "spline " + worstSpline + " vs linear " + worstLinear);
    }

    private static double[] unitsOf(Curve340 c) {
        double[] u = new double[c.breakpoints()];
        for (int i = 0; i < u.length; i++) {
            u[i] = c.units(i);
        }
        return u;
    }

    private static double[] kelvinOf(Curve340 c) {
        double[] u = new double[c.breakpoints()];
        for (int i = 0; i < u.length; i++) {
            u[i] = c.kelvin(i);
        }
        return u;
    }

    private static final String HEADER = "Sensor Model:   RX\nSerial Number:  1\nData Format:    3      (Ohms/Kelvin)\n"
            + "SetPoint Limit: 40.0      (Kelvin)\nTemperature coefficient:  1 (Negative)\nNumber of Breakpoints:   %d\n\nNo.   Units      Temperature (K)\n\n";

    private static String refusal(String text) {
        return assertThrows(CurveFileException.class, () -> Curve340.parse("bad.340", text)).getMessage();
    }

    @Test
    void malformedFilesAreRefusedWithFileAndLine() {
        // missing header
        String m = refusal("No.   Units      Temperature (K)\n  1  100  4.0\n  2  200  1.0\n");
        assertTrue(m.startsWith("bad.340:") && m.contains("'Sensor Model' missing"), m);

        // units not monotonic at breakpoint 3 (line 12)
        m = refusal(String.format(HEADER, 3) + "  1  100  4.0\n  2  200  1.0\n  3  150  0.5\n");
        assertEquals("bad.340:12: breakpoint 3: units 150.0 not strictly monotonic (previous 200.0)", m);

        // 201 breakpoints
        StringBuilder b = new StringBuilder(String.format(HEADER, 201));
        for (int i = 1; i <= 201; i++) {
            b.append(String.format("%3d  %d  %s%n", i, 100 + i, Double.toString(300.0 / i)));
        }
        m = refusal(b.toString());
        assertEquals("bad.340:6: Number of Breakpoints 201 outside 2..200", m);
        StringBuilder b2 = new StringBuilder(String.format(HEADER, 200));
        for (int i = 1; i <= 201; i++) {
            b2.append(String.format("%3d  %d  %s%n", i, 100 + i, Double.toString(300.0 / i)));
        }
        assertEquals("bad.340:210: more than 200 breakpoints", refusal(b2.toString()));

        // a temperature of 0
        m = refusal(String.format(HEADER, 3) + "  1  100  4.0\n  2  200  0\n  3  300  0.5\n");
        assertEquals("bad.340:11: breakpoint 2: temperature 0.0 K must be > 0", m);

        // unsupported format, count mismatch, coefficient that disagrees, junk
        assertTrue(refusal(String.format(HEADER, 2).replace("Data Format:    3", "Data Format:    5") + "  1  100  4.0\n  2  200  1.0\n")
                .startsWith("bad.340:3: Data Format 5 not supported"));
        assertEquals("bad.340:6: Number of Breakpoints says 3 but the file has 2",
                refusal(String.format(HEADER, 3) + "  1  100  4.0\n  2  200  1.0\n"));
        assertTrue(refusal(String.format(HEADER, 2) + "  1  100  1.0\n  2  200  4.0\n").startsWith("bad.340:5: Temperature coefficient 1 (negative) disagrees"));
        assertEquals("bad.340:11: breakpoint line has a value that is not a number: '2  2x0  1.0'",
                refusal(String.format(HEADER, 2) + "  1  100  4.0\n  2  2x0  1.0\n"));
        assertEquals("bad.340:11: breakpoint number 3 out of sequence (expected 2)",
                refusal(String.format(HEADER, 2) + "  1  100  4.0\n  3  200  1.0\n"));
        assertEquals("bad.340:1: unknown header field 'Sensor Modle'", refusal("Sensor Modle: x\n"));
    }

    @Test
    void conversionAllocatesNothing() {
        CalibrationCurve[] curves = {curve(4, 200).toCalibration(), curve(7, 200).toCalibration(), curve(3, 200).toCalibration()};
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        double sink = 0;
        for (int i = 0; i < 200_000; i++) {
            sink += curves[i % 3].toKelvin(1000 + i % 5000);
        }
        // best of three windows: a one-off (JIT, the meter's own first call) shows in one window at
        // most; an allocation per call would be ≥ 16 B × 200,000 = 3.2 MB in every window
        long allocated = Long.MAX_VALUE;
        for (int w = 0; w < 3; w++) {
            long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < 200_000; i++) {
                sink += curves[i % 3].toKelvin(1000 + i % 5000);
            }
            allocated = Math.min(allocated, mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before);
        }
        assertTrue(allocated < 1024, "toKelvin allocates nothing, measured " + allocated + " bytes (" + sink + ")");
    }
}
