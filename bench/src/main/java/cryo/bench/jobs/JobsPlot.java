package cryo.bench.jobs;

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
 * The side-by-side plot of two runs of the same workload (one column each, same axes): the
 * mixing chamber against its setpoint and hold band, the 4 K plate, and the board's power with
 * the running job's kind as a coloured bar. Trips are marked in red.
 */
public final class JobsPlot {
    private static final int COLUMN_WIDTH = 760;
    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int TOP = 70;
    private static final int PANEL_HEIGHT = 230;
    private static final int GAP = 45;
    private static final Color BAND = new Color(0xE3F2E3);
    private static final Color MXC = new Color(0x1F5FA8);
    private static final Color PLATE = new Color(0x8A4FB0);
    private static final Color BOARD = new Color(0x333333);
    private static final Color OUT = new Color(0xD62728);

    private JobsPlot() {
    }

    public static void write(Path file, String title, List<JobRun.Result> runs) throws IOException {
        int width = runs.size() * COLUMN_WIDTH;
        int height = TOP + 3 * (PANEL_HEIGHT + GAP) + 30;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString(title, 20, 28);
        // shared axes: the longest run, the hottest mixing chamber
        double tMax = 0;
        double mxcMax = 0;
        double plateMin = Double.MAX_VALUE;
        double plateMax = 0;
        double wMax = 0;
        for (JobRun.Result r : runs) {
            for (JobRun.Sample s : r.samples()) {
                tMax = Math.max(tMax, s.seconds());
                mxcMax = Math.max(mxcMax, s.mxcKelvin());
                plateMin = Math.min(plateMin, s.plateKelvin());
                plateMax = Math.max(plateMax, s.plateKelvin());
                wMax = Math.max(wMax, s.boardWatts());
            }
            mxcMax = Math.max(mxcMax, r.setpointKelvin() + r.bandKelvin());
        }
        double mxcHi = Math.ceil((mxcMax * 1e3 + 1) / 5) * 5;
        double mxcLo = 10;
        double plateLo = Math.floor(plateMin * 1e3 - 1);
        double plateHi = Math.ceil(plateMax * 1e3 + 1);
        double wHi = Math.ceil(wMax * 1e3 + 0.5);
        double minutes = Math.ceil(tMax / 600) * 10;
        for (int c = 0; c < runs.size(); c++) {
            JobRun.Result r = runs.get(c);
            int x0 = c * COLUMN_WIDTH + LEFT;
            int w = COLUMN_WIDTH - LEFT - RIGHT;
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
            g.setColor(Color.BLACK);
            g.drawString(String.format(Locale.ROOT, "%s: %d/%d jobs, %.1f jobs/h, %.0f s out of band, %d trips",
                    r.policy(), r.done(), r.submitted(), r.jobsPerHour(), r.outOfBandSeconds(), r.trips().size()), x0, 55);
            int y0 = TOP;
            // mixing chamber, mK, with setpoint and band
            frame(g, x0, y0, w, "mixing chamber (mK)", mxcLo, mxcHi, minutes);
            int bandTop = y(r.setpointKelvin() * 1e3 + r.bandKelvin() * 1e3, y0, mxcLo, mxcHi);
            int bandBottom = y(Math.max(mxcLo, r.setpointKelvin() * 1e3 - r.bandKelvin() * 1e3), y0, mxcLo, mxcHi);
            g.setColor(BAND);
            g.fillRect(x0 + 1, bandTop, w - 1, bandBottom - bandTop);
            g.setColor(new Color(0x6AA86A));
            g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            int sp = y(r.setpointKelvin() * 1e3, y0, mxcLo, mxcHi);
            g.drawLine(x0, sp, x0 + w, sp);
            g.drawLine(x0, bandTop, x0 + w, bandTop);
            series(g, r.samples(), x0, w, y0, minutes, mxcLo, mxcHi, s -> s.mxcKelvin() * 1e3, MXC, r.setpointKelvin() + r.bandKelvin());
            grid(g, x0, y0, w, mxcLo, mxcHi, minutes);
            // 4 K plate, mK
            y0 += PANEL_HEIGHT + GAP;
            frame(g, x0, y0, w, "4 K plate (mK)", plateLo, plateHi, minutes);
            series(g, r.samples(), x0, w, y0, minutes, plateLo, plateHi, s -> s.plateKelvin() * 1e3, PLATE, Double.NaN);
            grid(g, x0, y0, w, plateLo, plateHi, minutes);
            // board power, mW, and the running job's kind
            y0 += PANEL_HEIGHT + GAP;
            frame(g, x0, y0, w, "board power (mW); bar: running job (light / medium / heavy)", 0, wHi, minutes);
            for (JobRun.Sample s : r.samples()) {
                if (!s.runningJob().isEmpty()) {
                    int px = x0 + (int) Math.round(s.seconds() / (minutes * 60) * w);
                    g.setColor(kindColour(s.runningJob()));
                    g.fillRect(px, y0 + PANEL_HEIGHT - 8, Math.max(1, (int) Math.ceil(w / (minutes * 60))), 8);
                }
            }
            series(g, r.samples(), x0, w, y0, minutes, 0, wHi, s -> s.boardWatts() * 1e3, BOARD, Double.NaN);
            grid(g, x0, y0, w, 0, wHi, minutes);
            for (String t : r.trips()) {
                double sec = Double.parseDouble(t.substring(0, t.indexOf(' ')));
                int px = x0 + (int) Math.round(sec / (minutes * 60) * w);
                g.setColor(OUT);
                g.setStroke(new BasicStroke(2f));
                g.drawLine(px, TOP, px, y0 + PANEL_HEIGHT);
                g.drawString("trip: " + t.substring(t.indexOf(':') + 2), px + 4, TOP + 14);
            }
        }
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static Color kindColour(String jobId) {
        if (jobId.endsWith("heavy")) {
            return new Color(0xD62728);
        }
        if (jobId.endsWith("medium")) {
            return new Color(0xFF9F1C);
        }
        return new Color(0x9BC53D);
    }

    private static int y(double v, int y0, double lo, double hi) {
        double f = (v - lo) / (hi - lo);
        return y0 + PANEL_HEIGHT - (int) Math.round(Math.max(0, Math.min(1, f)) * PANEL_HEIGHT);
    }

    private static void frame(Graphics2D g, int x0, int y0, int w, String label, double lo, double hi, double minutes) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.drawRect(x0, y0, w, PANEL_HEIGHT);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(label, x0 + 4, y0 - 6);
    }

    private static void grid(Graphics2D g, int x0, int y0, int w, double lo, double hi, double minutes) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1f));
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int i = 0; i <= 4; i++) {
            double v = lo + (hi - lo) * i / 4;
            int py = y(v, y0, lo, hi);
            g.drawLine(x0 - 4, py, x0, py);
            g.drawString(String.format(Locale.ROOT, v == Math.rint(v) ? "%.0f" : "%.1f", v), x0 - 40, py + 4);
        }
        int step = minutes <= 30 ? 5 : 10;
        for (int m = 0; m <= minutes; m += step) {
            int px = x0 + (int) Math.round(m / minutes * w);
            g.drawLine(px, y0 + PANEL_HEIGHT, px, y0 + PANEL_HEIGHT + 4);
            g.drawString(m + " min", px - 12, y0 + PANEL_HEIGHT + 17);
        }
    }

    private static void series(Graphics2D g, List<JobRun.Sample> samples, int x0, int w, int y0, double minutes, double lo, double hi,
                               java.util.function.ToDoubleFunction<JobRun.Sample> f, Color colour, double outAboveKelvin) {
        Path2D.Double p = new Path2D.Double();
        boolean first = true;
        for (JobRun.Sample s : samples) {
            double px = x0 + s.seconds() / (minutes * 60) * w;
            double py = y(f.applyAsDouble(s), y0, lo, hi);
            if (first) {
                p.moveTo(px, py);
                first = false;
            } else {
                p.lineTo(px, py);
            }
        }
        g.setColor(colour);
        g.setStroke(new BasicStroke(1.6f));
        g.draw(p);
        if (!Double.isNaN(outAboveKelvin)) {
            // out-of-band stretches drawn again in red
            g.setColor(OUT);
            g.setStroke(new BasicStroke(2.4f));
            JobRun.Sample prev = null;
            for (JobRun.Sample s : samples) {
                if (prev != null && s.mxcKelvin() > outAboveKelvin && prev.mxcKelvin() > outAboveKelvin) {
                    g.drawLine((int) (x0 + prev.seconds() / (minutes * 60) * w), y(f.applyAsDouble(prev), y0, lo, hi),
                            (int) (x0 + s.seconds() / (minutes * 60) * w), y(f.applyAsDouble(s), y0, lo, hi));
                }
                prev = s;
            }
        }
    }
}
