package cryo.controller.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.calibration.CalibrationCurve;
import cryo.hal.calibration.Curve340;
import cryo.sim.board.SimulatedBoards;
import cryo.sim.sensor.SensorModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The .340 curves shipped for the cryostat's plate thermometers are exactly what {@link #generate}
 * makes from the simulator's sensor models (the Pt100 on the 50 K plate, channel 0, and the
 * Cernox on the 4 K plate, channel 1, of {@code SimulatedBoards.cryostat}), so they cannot drift
 * from the model; and they convert the model's readings to within a stated error. Regenerate with
 * {@code -Dcurves.write=true} (as FaultMatrixTest does for SAFETY.md):
 * {@code mvn -o -pl controller -am test -Dtest=ShippedPlateCurvesTest -Dsurefire.failIfNoSpecifiedTests=false -Dcurves.write=true}.
 */
class ShippedPlateCurvesTest {
    static final String PT100_50K = "sim-pt100-50k.340";
    static final String CERNOX_4K = "sim-cernox-4k.340";

    /** One shipped plate curve: board channel, file, .340 header and format, and the error bound it meets. */
    enum Plate {
        // Pt100 is nearly linear in ohms above 70 K: a cubic spline in ohms (format 7) is the closest
        PT100(0, PT100_50K, "SIM-PT100", "50K-1", 7, 5e-5),
        // Cernox is exponential in sqrt(1/T): log10 ohms (format 4), as Lake Shore ships Cernox curves
        CERNOX(1, CERNOX_4K, "SIM-CERNOX", "4K-1", 4, 3e-4);

        final int channel;
        final String file;
        final String model;
        final String serial;
        final int format;
        final double maxRelativeError;

        Plate(int channel, String file, String model, String serial, int format, double maxRelativeError) {
            this.channel = channel;
            this.file = file;
            this.model = model;
            this.serial = serial;
            this.format = format;
            this.maxRelativeError = maxRelativeError;
        }

        SensorModel sensor() {
            return SimulatedBoards.cryostat(0).wiring().sensor(channel);
        }
    }

    /**
     * The .340 of a plate sensor: 200 breakpoints (the format's most) log-spaced over the
     * simulator's own curve range (Pt100 20..800 K, Cernox 1.4..325 K), units ascending, the
     * curve's setpoint limit; kelvin to 6 and units to 8 significant digits.
     */
    static Curve340 generate(Plate p) {
        SensorModel m = p.sensor();
        CalibrationCurve sim = m.curve();
        double a = round(sim.toKelvin(sim.minUnits()), 6);
        double b = round(sim.toKelvin(sim.maxUnits()), 6);
        double lo = Math.min(a, b);
        double hi = Math.max(a, b);
        boolean ptc = sim.positiveCoefficient();
        int n = Curve340.MAX_BREAKPOINTS;
        double[] u = new double[n];
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            int j = ptc ? i : n - 1 - i; // units ascending: temperature ascending for PTC, descending for NTC
            t[i] = round(lo * Math.pow(hi / lo, (double) j / (n - 1)), 6);
            double ohms = m.unitsAt(t[i]);
            u[i] = round(p.format == 4 ? Math.log10(ohms) : ohms, 8);
        }
        return new Curve340(p.model, p.serial, p.format, sim.setpointLimitKelvin(), u, t);
    }

    private static double round(double v, int digits) {
        return Double.parseDouble(String.format(Locale.ROOT, "%." + digits + "g", v));
    }

    @Test
    void shippedPlateCurvesAreTheSimulatorsSensorModels() throws Exception {
        Path dir = Path.of("src", "main", "resources", "curves");
        if (Boolean.getBoolean("curves.write")) {
            for (Plate p : Plate.values()) {
                generate(p).write(dir.resolve(p.file));
            }
        }
        for (Plate p : Plate.values()) {
            // just written: the jar's copy is refreshed on the next build
            String text = Boolean.getBoolean("curves.write")
                    ? Files.readString(dir.resolve(p.file), java.nio.charset.StandardCharsets.ISO_8859_1) : ShippedCurvesTest.resource(p.file);
            Curve340 shipped = Curve340.parse(p.file, text);
            assertEquals(generate(p).format(), shipped.format(), p.file + " is what the generator makes from the simulator's "
                    + p + " model: regenerate with -Dcurves.write=true");
            if (Files.isRegularFile(dir.resolve(p.file))) { // the source tree, not only the built jar
                assertEquals(text, Files.readString(dir.resolve(p.file), java.nio.charset.StandardCharsets.ISO_8859_1),
                        "target/classes is stale against src/main/resources");
            }
            // the shipped file converts the model's noise-free reading back to within the bound, over the whole range
            SensorModel m = p.sensor();
            CalibrationCurve cal = shipped.toCalibration();
            double lo = shipped.kelvin(0);
            double hi = shipped.kelvin(shipped.breakpoints() - 1);
            double from = Math.min(lo, hi);
            double to = Math.max(lo, hi);
            double worst = 0;
            double worstAt = 0;
            for (double k = from * 1.0005; k < to * 0.9995; k *= 1.002) {
                double e = Math.abs(cal.toKelvin(m.unitsAt(k)) / k - 1);
                if (e > worst) {
                    worst = e;
                    worstAt = k;
                }
            }
            System.out.printf(Locale.ROOT, "shipped %s (%s, format %d, %d breakpoints, %.4g..%.4g K): worst relative error %.2g at %.4g K%n",
                    p.file, p, shipped.dataFormat(), shipped.breakpoints(), from, to, worst, worstAt);
            assertTrue(worst < p.maxRelativeError, p.file + ": worst relative error " + worst + " at " + worstAt
                    + " K, bound " + p.maxRelativeError);
            assertEquals(m.curve().setpointLimitKelvin(), shipped.setpointLimitKelvin(), 0.0);
            assertEquals(m.curve().positiveCoefficient(), cal.positiveCoefficient());
        }
    }
}
