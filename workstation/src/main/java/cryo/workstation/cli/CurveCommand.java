package cryo.workstation.cli;

import cryo.hal.calibration.CalibrationCurve;
import cryo.hal.calibration.Curve340;
import cryo.hal.calibration.CurveFileException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cryo curve show|plot FILE}: a Lake Shore .340 calibration curve, checked, printed or plotted. */
@Command(name = "curve", mixinStandardHelpOptions = true, description = "Show or plot a Lake Shore .340 calibration curve.",
        subcommands = {CurveCommand.Show.class, CurveCommand.Plot.class})
public final class CurveCommand {

    static Curve340 read(Path file) {
        try {
            return Curve340.read(file);
        } catch (NoSuchFileException e) {
            throw new UserError(file + ": no such file");
        } catch (IOException e) {
            throw new UserError(file + ": cannot read: " + e.getMessage());
        } catch (CurveFileException e) {
            throw new UserError(e.getMessage());
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Check a .340 curve and print its header and breakpoints.")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the .340 file")
        Path file;

        @Override
        public Integer call() {
            Curve340 c = read(file);
            PrintWriter out = spec.commandLine().getOut();
            CalibrationCurve cal = c.toCalibration();
            out.printf(Locale.ROOT, "%s: %s, serial %s%n", file, c.sensorModel(), c.serialNumber().isEmpty() ? "-" : c.serialNumber());
            out.printf(Locale.ROOT, "data format %d (%s), interpolation %s%n", c.dataFormat(), Curve340.formatName(c.dataFormat()),
                    cal.interpolation().name().toLowerCase(Locale.ROOT).replace('_', ' '));
            out.printf(Locale.ROOT, "setpoint limit %s K, %s temperature coefficient, %d breakpoints%n", c.setpointLimitKelvin(),
                    c.temperatureCoefficient() == Curve340.COEFFICIENT_NEGATIVE ? "negative" : "positive", c.breakpoints());
            out.printf(Locale.ROOT, "range %s .. %s%n", Kelvin.format(Math.min(c.kelvin(0), c.kelvin(c.breakpoints() - 1))),
                    Kelvin.format(Math.max(c.kelvin(0), c.kelvin(c.breakpoints() - 1))));
            out.printf(Locale.ROOT, "%4s  %14s  %14s%n", "no.", unitsLabel(c.dataFormat()), "kelvin");
            for (int i = 0; i < c.breakpoints(); i++) {
                out.printf(Locale.ROOT, "%4d  %14.8g  %14.6g%n", i + 1, c.units(i), c.kelvin(i));
            }
            out.flush();
            return 0;
        }
    }

    @Command(name = "plot", mixinStandardHelpOptions = true, description = "Plot a .340 curve (sensor units against temperature, log-log) to a PNG.")
    static final class Plot implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "the .340 file")
        Path file;

        @Option(names = "--out", required = true, paramLabel = "PNG", description = "image to write")
        Path out;

        @Option(names = "--width", defaultValue = "900", description = "pixels (default ${DEFAULT-VALUE})")
        int width;

        @Option(names = "--height", defaultValue = "600", description = "pixels (default ${DEFAULT-VALUE})")
        int height;

        @Override
        public Integer call() {
            if (width < 200 || width > 8000 || height < 150 || height > 8000) {
                throw new UserError("--width/--height " + width + "x" + height + " outside 200x150..8000x8000");
            }
            OutputFiles.checkPng("--out", out);
            Curve340 c = read(file);
            System.setProperty("java.awt.headless", "true");
            BufferedImage img = render(c, file.getFileName().toString(), width, height);
            OutputFiles.writePng("--out", img, out);
            spec.commandLine().getOut().printf("%s: %d breakpoints plotted to %s%n", file, c.breakpoints(), out);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    static String unitsLabel(int format) {
        switch (format) {
            case 1: return "millivolts";
            case 2: return "volts";
            case 4: return "log10(ohms)";
            default: return "ohms";
        }
    }

    /** Log-log plot: kelvin on x, sensor units (ohms or volts) on y; breakpoints as dots, the interpolation as a line. */
    static BufferedImage render(Curve340 c, String title, int w, int h) {
        CalibrationCurve cal = c.toCalibration();
        int n = c.breakpoints();
        double[] k = new double[n];
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            k[i] = c.kelvin(i);
            u[i] = c.dataFormat() == 4 ? Math.pow(10, c.units(i)) : c.units(i);
        }
        boolean logY = true;
        for (double v : u) {
            logY &= v > 0;
        }
        double x0 = Math.log10(min(k));
        double x1 = Math.log10(max(k));
        double y0 = logY ? Math.log10(min(u)) : min(u);
        double y1 = logY ? Math.log10(max(u)) : max(u);
        if (y1 == y0) {
            y1 = y0 + 1;
        }
        int left = 90;
        int right = 30;
        int top = 56;
        int bottom = 60;
        int pw = w - left - right;
        int ph = h - top - bottom;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(new Color(0xDDDDDD));
        // ticks at 1, 2, 5 of each decade, labelled plainly with an SI prefix: "71 kΩ", "20 mK", never 7.108e+04
        for (double v : ticks(Math.pow(10, x0), Math.pow(10, x1), true)) {
            int px = left + (int) Math.round((Math.log10(v) - x0) / (x1 - x0) * pw);
            boolean decade = isDecade(v);
            g.setColor(decade ? new Color(0xCCCCCC) : new Color(0xEEEEEE));
            g.drawLine(px, top, px, top + ph);
            if (decade || (x1 - x0) < 2.5) {
                g.setColor(Color.DARK_GRAY);
                String label = Si.plotTrimmed(v, "K", 3);
                g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, top + ph + 18);
            }
        }
        String unit = c.dataFormat() <= 2 ? "V" : "Ω";
        double unitScale = c.dataFormat() == 1 ? 1e-3 : 1; // format 1 stores millivolts
        for (double v : ticks(logY ? Math.pow(10, y0) : y0, logY ? Math.pow(10, y1) : y1, logY)) {
            double yv = logY ? Math.log10(v) : v;
            int py = top + ph - (int) Math.round((yv - y0) / (y1 - y0) * ph);
            boolean decade = !logY || isDecade(v);
            g.setColor(decade ? new Color(0xCCCCCC) : new Color(0xEEEEEE));
            g.drawLine(left, py, left + pw, py);
            if (decade || (y1 - y0) < 2.5) {
                g.setColor(Color.DARK_GRAY);
                String label = Si.plotTrimmed(v * unitScale, unit, 3);
                g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), py + 4);
            }
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, pw, ph);
        g.drawString(title + " — " + c.sensorModel() + " " + c.serialNumber() + ", format " + c.dataFormat() + " ("
                + Curve340.formatName(c.dataFormat()) + "), " + n + " breakpoints", left, 24);
        g.drawString("temperature (log scale)", left + pw / 2 - 60, h - 20);
        g.drawString((c.dataFormat() <= 2 ? "voltage" : "resistance") + (logY ? " (log scale)" : ""), 8, top - 8);
        // interpolated curve, sampled along the units axis
        g.setColor(new Color(0x1f77b4));
        g.setStroke(new BasicStroke(1.5f));
        double uMin = min(u);
        double uMax = max(u);
        int lastX = -1;
        int lastY = -1;
        for (int s = 0; s <= 1000; s++) {
            double uv = logY ? uMin * Math.pow(uMax / uMin, s / 1000.0) : uMin + (uMax - uMin) * s / 1000.0;
            double kv = cal.toKelvin(uv);
            if (!(kv > 0)) {
                continue;
            }
            int px = left + (int) Math.round((Math.log10(kv) - x0) / (x1 - x0) * pw);
            int py = top + ph - (int) Math.round(((logY ? Math.log10(uv) : uv) - y0) / (y1 - y0) * ph);
            if (lastX >= 0) {
                g.drawLine(lastX, lastY, px, py);
            }
            lastX = px;
            lastY = py;
        }
        g.setColor(new Color(0xd62728));
        for (int i = 0; i < n; i++) {
            int px = left + (int) Math.round((Math.log10(k[i]) - x0) / (x1 - x0) * pw);
            int py = top + ph - (int) Math.round(((logY ? Math.log10(u[i]) : u[i]) - y0) / (y1 - y0) * ph);
            g.fillOval(px - 2, py - 2, 5, 5);
        }
        g.dispose();
        return img;
    }

    /** Tick values from lo to hi: 1, 2, 5 × 10^n on a log axis, a 1-2-5 step on a linear one. */
    static java.util.List<Double> ticks(double lo, double hi, boolean log) {
        java.util.List<Double> out = new java.util.ArrayList<>();
        if (log) {
            for (int d = (int) Math.floor(Math.log10(lo)); d <= (int) Math.ceil(Math.log10(hi)); d++) {
                for (double m : new double[] {1, 2, 5}) {
                    double v = m * Math.pow(10, d);
                    if (v >= lo * 0.999 && v <= hi * 1.001) {
                        out.add(v);
                    }
                }
            }
            return out;
        }
        double raw = (hi - lo) / 5;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = raw / mag < 2 ? 2 * mag : raw / mag < 5 ? 5 * mag : 10 * mag;
        for (double v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) {
            out.add(v);
        }
        return out;
    }

    private static boolean isDecade(double v) {
        double l = Math.log10(v);
        return Math.abs(l - Math.round(l)) < 1e-9;
    }

    private static double min(double[] a) {
        double m = Double.POSITIVE_INFINITY;
        for (double v : a) {
            m = Math.min(m, v);
        }
        return m;
    }

    private static double max(double[] a) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : a) {
            m = Math.max(m, v);
        }
        return m;
    }
}
