package cryo.controller.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.calibration.CalibrationCurve;
import cryo.hal.calibration.Curve340;
import cryo.sim.sensor.RuOxSensor;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The .340 curves shipped for the simulated RuOx are exactly what {@link #generate} makes from the
 * sensor model, and convert its readings to within a stated error. Regenerate with
 * {@code main(controller/src/main/resources/curves)} if the sensor model changes.
 */
class ShippedCurvesTest {
    static final String LOG_OHMS = "sim-ruox-mxc.340";
    static final String SPLINE = "sim-ruox-mxc-spline.340";

    static Curve340 generate(int format) {
        RuOxSensor s = RuOxSensor.typical("sim-ruox-mxc");
        int n = 200;
        double[] u = new double[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            double k = 40.0 * Math.pow(0.005 / 40.0, (double) i / (n - 1)); // ascending units (NTC)
            double ohms = s.unitsAt(k);
            t[i] = Double.parseDouble(String.format(java.util.Locale.ROOT, "%.6g", k));
            u[i] = Double.parseDouble(String.format(java.util.Locale.ROOT, "%.8g", format == 4 ? Math.log10(ohms) : ohms));
        }
        return new Curve340("SIM-RUOX", "MXC-1", format, 40.0, u, t);
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        generate(4).write(dir.resolve(LOG_OHMS));
        generate(7).write(dir.resolve(SPLINE));
    }

    static String resource(String name) throws java.io.IOException {
        try (InputStream in = ShippedCurvesTest.class.getResourceAsStream("/curves/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void shippedCurvesMatchTheSensorModel() throws Exception {
        RuOxSensor sensor = RuOxSensor.typical("x");
        double[] worst = new double[2];
        int k = 0;
        for (String name : new String[] {LOG_OHMS, SPLINE}) {
            String text = resource(name);
            Curve340 c = Curve340.parse(name, text);
            assertEquals(generate(c.dataFormat()).format(), c.format(), name + " is what the generator makes");
            CalibrationCurve cal = c.toCalibration();
            for (double t = 0.006; t < 39; t *= 1.013) {
                worst[k] = Math.max(worst[k], Math.abs(cal.toKelvin(sensor.unitsAt(t)) / t - 1));
            }
            k++;
        }
        System.out.printf("shipped curves, worst relative error 6 mK..39 K: format 4 %.2g, format 7 %.2g%n", worst[0], worst[1]);
        assertTrue(worst[0] < 1e-3, "format 4 within 0.1 %: " + worst[0]);
        assertTrue(worst[1] < 1e-4, "format 7 within 0.01 %: " + worst[1]);
    }
}
