package cryo.sim.scenario;

import cryo.hal.device.StageId;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A PNG of a run for a lab meeting: stage temperatures on a log axis (top); the mixing chamber
 * and sample on a linear millikelvin axis that follows the data (middle, so base-temperature
 * detail is not flattened into a decade); delivered heater powers on a log axis (bottom), a heater at 0 W said
 * so in the legend rather than silently missing from the log axis; against time, with faults and
 * trips marked.
 * Plain java.awt in headless mode, no plotting library.
 */
public final class TracePlot {
    /** A vertical marker: time and a short label. */
    public record Marker(double seconds, String label, boolean trip) {
    }

    private static final Color[] STAGE_COLOURS = {
        new Color(0xD62728), new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0x17BECF), new Color(0x1F77B4), new Color(0x9467BD)};
    private static final Color[] HEATER_COLOURS = {
        new Color(0xD62728), new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0x1F77B4)};
    private static final int WIDTH = 1400;
    private static final int HEIGHT = 1190;
    private static final int LEFT = 110;
    private static final int RIGHT = 235;

    private TracePlot() {
    }

    public static void write(Path file, String title, TraceRecorder trace, List<Marker> markers) throws IOException {
        write(file, title, "", trace, markers);
    }

    /** As {@link #write(Path, String, TraceRecorder, List)} with a smaller subtitle line under the title. */
    public static void write(Path file, String title, String subtitle, TraceRecorder trace, List<Marker> markers) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 22));
            g.drawString(title, LEFT, 34);
            if (!subtitle.isEmpty()) {
                g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
                g.setColor(new Color(0x444444));
                g.drawString(subtitle, LEFT, 56);
            }

            List<double[]> rows = trace.rows();
            double tMax = rows.isEmpty() ? 1 : Math.max(rows.get(rows.size() - 1)[0], 1);
            boolean hours = tMax > 3 * 3600;
            double xScale = hours ? 3600 : 60;
            String xUnit = hours ? "time (h)" : "time (min)";
            StageId[] stages = trace.stages();
            String[] heaters = trace.heaterIds();

            // temperature panel: decades from 1 mK to 1000 K, trimmed to the data
            double lo = 1e9;
            double hi = 0;
            for (double[] r : rows) {
                for (int i = 0; i < stages.length; i++) {
                    lo = Math.min(lo, r[1 + i]);
                    hi = Math.max(hi, r[1 + i]);
                }
            }
            int dLo = (int) Math.floor(Math.log10(Math.max(lo, 1e-3)));
            int dHi = (int) Math.ceil(Math.log10(Math.max(hi, 1e-2)));
            if (dHi <= dLo) {
                dHi = dLo + 1;
            }
            Panel top = new Panel(LEFT, 76, WIDTH - LEFT - RIGHT, 430, tMax / xScale, dLo, dHi);
            top.frame(g, "temperature", "K", null, xScale);
            // sample first and thin, mxc last and thick: at base they overlap and the MXC is the one people look for
            for (int pass = 0; pass < 3; pass++) {
                for (int i = 0; i < stages.length; i++) {
                    boolean sample = stages[i] == StageId.SAMPLE;
                    boolean mxc = stages[i] == StageId.MXC;
                    if ((pass == 0) != sample || (pass == 2) != mxc) {
                        continue;
                    }
                    top.series(g, rows, 1 + i, xScale, STAGE_COLOURS[i % STAGE_COLOURS.length], sample ? 1.6f : mxc ? 2.8f : 2.2f);
                }
            }
            legend(g, top, stageLabels(stages, trace), STAGE_COLOURS);

            // millikelvin panel: the mixing chamber and the sample (the still at 0.8 K would flatten
            // them) on a linear axis fitted to the run's second half (where a cooldown sits at base;
            // its way down would flatten base to a line); what lies outside is a gap
            double mLo = Double.POSITIVE_INFINITY;
            double mHi = 0;
            for (double[] r : rows.subList(rows.size() / 2, rows.size())) {
                for (int i = 0; i < stages.length; i++) {
                    if (!coldest(stages[i])) {
                        continue;
                    }
                    double v = r[1 + i];
                    if (v > 0 && v < 1) {
                        mLo = Math.min(mLo, v * 1e3);
                        mHi = Math.max(mHi, v * 1e3);
                    }
                }
            }
            LinearPanel mid = new LinearPanel(LEFT, 560, WIDTH - LEFT - RIGHT, 300, tMax / xScale, mLo, mHi);
            mid.frame(g, "mxc, sample (linear)", xScale);
            if (mHi > 0) {
                for (int i = 0; i < stages.length; i++) {
                    if (!coldest(stages[i])) {
                        continue;
                    }
                    mid.series(g, rows, 1 + i, xScale, STAGE_COLOURS[i % STAGE_COLOURS.length], stages[i] == StageId.MXC ? 2.4f : 1.8f);
                }
            } else {
                g.setColor(Color.DARK_GRAY);
                g.drawString("mixing chamber and sample not below 1 K in the second half of this run", mid.x + 20, mid.y + mid.h / 2);
            }

            // heater panel: delivered watts, 1 µW … 100 W; zero is not drawn
            double wMax = 0;
            for (double[] r : rows) {
                for (int i = 0; i < heaters.length; i++) {
                    wMax = Math.max(wMax, r[1 + stages.length + i]);
                }
            }
            int wHi = Math.max((int) Math.ceil(Math.log10(Math.max(wMax, 1e-5) * 1.01)), -4);
            Panel bottom = new Panel(LEFT, 900, WIDTH - LEFT - RIGHT, 220, tMax / xScale, wHi - 6, wHi);
            bottom.frame(g, "heater power", "W", xUnit, xScale);
            for (int i = 0; i < heaters.length; i++) {
                bottom.series(g, rows, 1 + stages.length + i, xScale, HEATER_COLOURS[i % HEATER_COLOURS.length], 1.8f);
            }
            String[] hl = new String[heaters.length];
            for (int i = 0; i < heaters.length; i++) {
                double most = 0;
                for (double[] r : rows) {
                    most = Math.max(most, r[1 + stages.length + i]);
                }
                // zero has no place on a log axis: say it, rather than leave the reader looking for a line
                hl[i] = heaters[i] + " heater" + (most > 0 ? "" : ": 0 W (off)");
            }
            legend(g, bottom, hl, HEATER_COLOURS);

            int row = 0;
            for (Marker m : markers) {
                top.marker(g, m, xScale, row++ % 6);
                mid.marker(g, m, xScale);
                bottom.marker(g, m, xScale, -1);
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(img, "png", file.toFile());
    }

    private static boolean coldest(StageId s) {
        return s == StageId.MXC || s == StageId.SAMPLE;
    }

    private static String[] stageLabels(StageId[] stages, TraceRecorder trace) {
        String[] l = new String[stages.length];
        for (int i = 0; i < stages.length; i++) {
            l[i] = stages[i].id() + "  " + kelvin(trace.finalKelvin(i));
        }
        return l;
    }

    static String kelvin(double k) {
        if (k < 1) {
            return String.format(Locale.ROOT, "%.1f mK", k * 1e3);
        }
        return String.format(Locale.ROOT, k < 10 ? "%.2f K" : "%.1f K", k);
    }

    private static void legend(Graphics2D g, Panel p, String[] labels, Color[] colours) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        int x = p.x + p.w + 18;
        int y = p.y + 18;
        for (int i = 0; i < labels.length; i++) {
            g.setColor(colours[i % colours.length]);
            g.setStroke(new BasicStroke(3f));
            g.drawLine(x, y + 22 * i - 5, x + 24, y + 22 * i - 5);
            g.setColor(Color.BLACK);
            g.drawString(labels[i], x + 32, y + 22 * i);
        }
    }

    /** A linear-y panel in millikelvin over [lo, hi] (padded, 1-2-5 ticks); values outside are gaps. */
    private static final class LinearPanel {
        final int x;
        final int y;
        final int w;
        final int h;
        final double xMax;
        final double lo;
        final double hi;
        final double step;

        LinearPanel(int x, int y, int w, int h, double xMax, double loMilli, double hiMilli) {
            this.x = x;
            this.y = y;
            this.w = w;
            this.h = h;
            this.xMax = xMax;
            if (!(hiMilli > 0)) {
                loMilli = 0;
                hiMilli = 1000;
            }
            double span = Math.max(hiMilli - loMilli, Math.max(hiMilli * 1e-3, 1e-3));
            double raw = span / 6;
            double p = Math.pow(10, Math.floor(Math.log10(raw)));
            double st = raw / p <= 1 ? p : raw / p <= 2 ? 2 * p : raw / p <= 5 ? 5 * p : 10 * p;
            this.step = st;
            this.lo = Math.floor(loMilli / st) * st;
            this.hi = Math.max(Math.ceil(hiMilli / st) * st, this.lo + st);
        }

        double px(double xv) {
            return x + w * xv / xMax;
        }

        double py(double milli) {
            return y + h - h * (milli - lo) / (hi - lo);
        }

        void frame(Graphics2D g, String yLabel, double xScale) {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            for (double v = lo; v <= hi + step * 1e-6; v += step) {
                int yy = (int) Math.round(py(v));
                g.setColor(new Color(0xDDDDDD));
                g.drawLine(x, yy, x + w, yy);
                g.setColor(Color.BLACK);
                String lbl = plain(v) + " mK";
                g.drawString(lbl, x - 10 - g.getFontMetrics().stringWidth(lbl), yy + 5);
            }
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1.2f));
            g.drawRect(x, y, w, h);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            Graphics2D r = (Graphics2D) g.create();
            r.rotate(-Math.PI / 2);
            r.drawString(yLabel, -(y + h / 2) - r.getFontMetrics().stringWidth(yLabel) / 2, x - 85);
            r.dispose();
        }

        void series(Graphics2D g, List<double[]> rows, int col, double xScale, Color c, float width) {
            Path2D.Double path = new Path2D.Double();
            boolean pen = false;
            for (double[] r : rows) {
                double v = r[col] * 1e3;
                if (!(v >= lo && v <= hi)) {
                    pen = false;
                    continue;
                }
                double xx = px(r[0] / xScale);
                double yy = py(v);
                if (pen) {
                    path.lineTo(xx, yy);
                } else {
                    path.moveTo(xx, yy);
                    pen = true;
                }
            }
            g.setColor(c);
            g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(path);
        }

        void marker(Graphics2D g, Marker m, double xScale) {
            int xx = (int) Math.round(px(m.seconds() / xScale));
            g.setColor(m.trip() ? new Color(0xC00000) : new Color(0x555555));
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f));
            g.drawLine(xx, y, xx, y + h);
        }

        private static String plain(double v) {
            String t = String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
            return t.equals("-0") ? "0" : t;
        }
    }

    /** One log-y panel. */
    private static final class Panel {
        final int x;
        final int y;
        final int w;
        final int h;
        final double xMax;
        final int decadeLo;
        final int decadeHi;

        Panel(int x, int y, int w, int h, double xMax, int decadeLo, int decadeHi) {
            this.x = x;
            this.y = y;
            this.w = w;
            this.h = h;
            this.xMax = xMax;
            this.decadeLo = decadeLo;
            this.decadeHi = decadeHi;
        }

        double px(double xv) {
            return x + w * xv / xMax;
        }

        double py(double v) {
            double l = (Math.log10(v) - decadeLo) / (decadeHi - decadeLo);
            return y + h - h * l;
        }

        void frame(Graphics2D g, String yLabel, String unit, String xLabel, double xScale) {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            for (int d = decadeLo; d <= decadeHi; d++) {
                int yy = (int) Math.round(py(Math.pow(10, d)));
                g.setColor(new Color(0xDDDDDD));
                g.drawLine(x, yy, x + w, yy);
                if (d < decadeHi && h / (decadeHi - decadeLo) >= 45) { // minor lines only where they don't crowd
                    g.setColor(new Color(0xF0F0F0));
                    for (int k = 2; k <= 9; k++) {
                        int ym = (int) Math.round(py(k * Math.pow(10, d)));
                        g.drawLine(x, ym, x + w, ym);
                    }
                }
                g.setColor(Color.BLACK);
                String lbl = decadeLabel(d, unit);
                g.drawString(lbl, x - 10 - g.getFontMetrics().stringWidth(lbl), yy + 5);
            }
            double step = niceStep(xMax);
            for (double t = 0; t <= xMax + 1e-9; t += step) {
                int xx = (int) Math.round(px(t));
                g.setColor(new Color(0xE6E6E6));
                g.drawLine(xx, y, xx, y + h);
                g.setColor(Color.BLACK);
                String lbl = step >= 1 ? String.format(Locale.ROOT, "%.0f", t) : String.format(Locale.ROOT, "%.1f", t);
                g.drawString(lbl, xx - g.getFontMetrics().stringWidth(lbl) / 2, y + h + 20);
            }
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1.2f));
            g.drawRect(x, y, w, h);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            Graphics2D r = (Graphics2D) g.create();
            r.rotate(-Math.PI / 2);
            r.drawString(yLabel, -(y + h / 2) - r.getFontMetrics().stringWidth(yLabel) / 2, x - 85);
            r.dispose();
            if (xLabel != null) {
                g.drawString(xLabel, x + w / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, y + h + 45);
            }
        }

        void series(Graphics2D g, List<double[]> rows, int col, double xScale, Color c, float width) {
            Path2D.Double path = new Path2D.Double();
            boolean pen = false;
            double floor = Math.pow(10, decadeLo);
            for (double[] r : rows) {
                double v = r[col];
                if (!(v > floor * 0.999)) {
                    pen = false; // zero or below the axis: a gap, not a line to the floor
                    continue;
                }
                double xx = px(r[0] / xScale);
                double yy = py(Math.min(v, Math.pow(10, decadeHi)));
                if (pen) {
                    path.lineTo(xx, yy);
                } else {
                    path.moveTo(xx, yy);
                    pen = true;
                }
            }
            g.setColor(c);
            g.setStroke(new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(path);
        }

        /** A dashed vertical line; its label on text row {@code labelRow} (staggered so neighbours don't overlap), none if -1. */
        void marker(Graphics2D g, Marker m, double xScale, int labelRow) {
            int xx = (int) Math.round(px(m.seconds() / xScale));
            g.setColor(m.trip() ? new Color(0xC00000) : new Color(0x555555));
            g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f));
            g.drawLine(xx, y, xx, y + h);
            if (labelRow >= 0) {
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
                int tw = g.getFontMetrics().stringWidth(m.label());
                int tx = xx + 6 + tw > x + w ? xx - 6 - tw : xx + 6;
                int ty = y + 20 + 20 * labelRow;
                g.setColor(new Color(255, 255, 255, 220));
                g.fillRect(tx - 2, ty - 14, tw + 4, 18);
                g.setColor(m.trip() ? new Color(0xC00000) : new Color(0x333333));
                g.drawString(m.label(), tx, ty);
            }
        }

        private static String decadeLabel(int d, String unit) {
            String[] prefixes = {"n", "µ", "m", "", "k"};
            int group = Math.floorDiv(d, 3);
            int idx = Math.max(0, Math.min(3, group + 3)); // no kilo: "1000 K" reads better than "1 kK"
            long mult = Math.round(Math.pow(10, d - 3 * (idx - 3)));
            return mult + " " + prefixes[idx] + unit;
        }

        private static double niceStep(double range) {
            double raw = range / 8;
            double p = Math.pow(10, Math.floor(Math.log10(raw)));
            for (double m : new double[] {1, 2, 5, 10}) {
                if (m * p >= raw) {
                    return m * p;
                }
            }
            return 10 * p;
        }
    }
}
