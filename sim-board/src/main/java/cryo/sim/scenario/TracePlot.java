package cryo.sim.scenario;

import cryo.hal.device.StageId;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import javax.imageio.ImageIO;

/**
 * A PNG of a run for a lab meeting: stage temperatures on a log axis (top); the mixing chamber
 * and sample on a linear millikelvin axis that follows the data (middle, so base-temperature
 * detail is not flattened into a decade); delivered heater powers on a log axis (bottom), a heater at 0 W said
 * so in the legend rather than silently missing from the log axis; against time, with commands, faults and
 * trips marked. Where the trace has a loop's {@code <loop>_read_k} and {@code <loop>_setpoint_k} columns
 * (loop ids are stage ids), the temperature panels also show, beside that stage's true temperature, what the
 * controller read (thin, darker) and the setpoint while the loop is in PID (dashed): a sensor fault is a gap
 * between the thick and the thin line.
 * Plain java.awt in headless mode, no plotting library.
 */
public final class TracePlot {
    /** A vertical marker: time and a short label. */
    public record Marker(double seconds, String label, boolean trip) {
    }

    /** What was drawn: one name per line per panel ("temperature: mxc read") and the marker labels, for tests. */
    public record Drawn(List<String> series, List<String> markers) {
    }

    /** The {@code <loop>_mode} value of closed-loop control (cryo.v1.LoopMode.LOOP_MODE_PID); a setpoint is drawn only then. */
    public static final double PID_MODE = 2;

    private static final Color[] STAGE_COLOURS = {
        new Color(0xD62728), new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0x17BECF), new Color(0x1F77B4), new Color(0x9467BD)};
    private static final Color[] HEATER_COLOURS = {
        new Color(0xD62728), new Color(0xFF7F0E), new Color(0x2CA02C), new Color(0x1F77B4)};
    private static final Stroke READ_STROKE = new BasicStroke(1.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final Stroke SETPOINT_STROKE = new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            new float[] {10f, 6f}, 0f);
    private static final int WIDTH = 1400;
    private static final int HEIGHT = 1190;
    private static final int LEFT = 110;
    private static final int RIGHT = 235;

    private TracePlot() {
    }

    public static Drawn write(Path file, String title, TraceRecorder trace, List<Marker> markers) throws IOException {
        return write(file, title, "", trace, markers);
    }

    /** As {@link #write(Path, String, TraceRecorder, List)} with a smaller subtitle line under the title. */
    public static Drawn write(Path file, String title, String subtitle, TraceRecorder trace, List<Marker> markers) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        List<String> drawn = new ArrayList<>();
        List<String> labels = new ArrayList<>();
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

            // temperature panel: decades from 1 mK to 1000 K, trimmed to the true temperatures
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
            LogPanel top = new LogPanel(LEFT, 76, WIDTH - LEFT - RIGHT, 430, tMax / xScale, dLo, dHi);
            top.frame(g, "temperature", "K", null);
            // sample first and thin, mxc last and thick: at base they overlap and the MXC is the one people look for
            for (int pass = 0; pass < 3; pass++) {
                for (int i = 0; i < stages.length; i++) {
                    boolean sample = stages[i] == StageId.SAMPLE;
                    boolean mxc = stages[i] == StageId.MXC;
                    if ((pass == 0) != sample || (pass == 2) != mxc) {
                        continue;
                    }
                    stage(g, top, "temperature", trace, i, xScale, sample ? 1.6f : mxc ? 2.8f : 2.2f, drawn);
                }
            }
            legend(g, top, stageLabels(stages, trace), STAGE_COLOURS);
            styleKey(g, top, stages.length);

            // millikelvin panel: the mixing chamber and the sample (the still at 0.8 K would flatten
            // them) on a linear axis fitted to the run's second half (where a cooldown sits at base;
            // its way down would flatten base to a line); what lies outside is a gap
            double mLo = Double.POSITIVE_INFINITY;
            double mHi = 0;
            for (int i = 0; i < stages.length; i++) {
                if (!coldest(stages[i])) {
                    continue;
                }
                // the axis holds the true temperature, the reading and the PID setpoint, so their difference shows
                int read = trace.column(stages[i].id() + "_read_k");
                int setpoint = trace.column(stages[i].id() + "_setpoint_k");
                Predicate<double[]> pid = inPid(trace, stages[i].id());
                for (double[] r : rows.subList(rows.size() / 2, rows.size())) {
                    double[] vs = {r[1 + i], read >= 0 ? r[read] : Double.NaN, setpoint >= 0 && pid.test(r) ? r[setpoint] : Double.NaN};
                    for (double v : vs) {
                        if (v > 0 && v < 1) {
                            mLo = Math.min(mLo, v * 1e3);
                            mHi = Math.max(mHi, v * 1e3);
                        }
                    }
                }
            }
            LinearPanel mid = new LinearPanel(LEFT, 560, WIDTH - LEFT - RIGHT, 300, tMax / xScale, mLo, mHi);
            mid.frame(g, "mxc, sample (linear)");
            if (mHi > 0) {
                for (int i = 0; i < stages.length; i++) {
                    if (coldest(stages[i])) {
                        stage(g, mid, "mxc panel", trace, i, xScale, stages[i] == StageId.MXC ? 2.4f : 1.8f, drawn);
                    }
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
            LogPanel bottom = new LogPanel(LEFT, 900, WIDTH - LEFT - RIGHT, 220, tMax / xScale, wHi - 6, wHi);
            bottom.frame(g, "heater power", "W", xUnit);
            String[] hl = new String[heaters.length];
            for (int i = 0; i < heaters.length; i++) {
                int col = 1 + stages.length + i;
                bottom.series(g, rows, col, r -> true, xScale, HEATER_COLOURS[i % HEATER_COLOURS.length],
                        new BasicStroke(1.8f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
                drawn.add("heater power: " + heaters[i]);
                double most = 0;
                for (double[] r : rows) {
                    most = Math.max(most, r[col]);
                }
                // zero has no place on a log axis: say it, rather than leave the reader looking for a line
                hl[i] = heaters[i] + " heater" + (most > 0 ? "" : ": 0 W (off)");
            }
            legend(g, bottom, hl, HEATER_COLOURS);

            int row = 0;
            for (Marker m : markers) {
                top.marker(g, m, xScale, row++ % 6);
                mid.marker(g, m, xScale, -1);
                bottom.marker(g, m, xScale, -1);
                labels.add(m.label());
            }
        } finally {
            g.dispose();
        }
        ImageIO.write(img, "png", file.toFile());
        return new Drawn(List.copyOf(drawn), List.copyOf(labels));
    }

    /** Stage {@code i}'s true temperature, then (if its loop is in the trace) what the controller read and the PID setpoint. */
    private static void stage(Graphics2D g, PlotPanel p, String panel, TraceRecorder trace, int i, double xScale, float width,
                              List<String> drawn) {
        List<double[]> rows = trace.rows();
        String id = trace.stages()[i].id();
        Color c = STAGE_COLOURS[i % STAGE_COLOURS.length];
        // the reading under the true line and see-through: where they agree the true line shows, where not both do
        int read = trace.column(id + "_read_k");
        Color dark = c.darker().darker();
        if (read >= 0 && p.series(g, rows, read, r -> true, xScale, new Color(dark.getRed(), dark.getGreen(), dark.getBlue(), 170), READ_STROKE)) {
            drawn.add(panel + ": " + id + " read");
        }
        if (p.series(g, rows, 1 + i, r -> true, xScale, c, new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND))) {
            drawn.add(panel + ": " + id + " true");
        }
        int setpoint = trace.column(id + "_setpoint_k");
        if (setpoint >= 0 && p.series(g, rows, setpoint, inPid(trace, id), xScale, c, SETPOINT_STROKE)) {
            drawn.add(panel + ": " + id + " setpoint");
        }
    }

    /** Rows where stage {@code id}'s loop is in PID: only then is its setpoint what it controls to. */
    private static Predicate<double[]> inPid(TraceRecorder trace, String id) {
        int mode = trace.column(id + "_mode");
        return r -> mode >= 0 && r[mode] == PID_MODE;
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

    private static void legend(Graphics2D g, PlotPanel p, String[] labels, Color[] colours) {
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

    /** Below the stage legend: which line style is which (colours as above). */
    private static void styleKey(Graphics2D g, PlotPanel p, int after) {
        int x = p.x + p.w + 18;
        int y = p.y + 18 + 22 * after + 14;
        String[] names = {"true (plant)", "read by controller", "setpoint (PID)"};
        Stroke[] strokes = {new BasicStroke(3f), READ_STROKE, SETPOINT_STROKE};
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
        for (int i = 0; i < names.length; i++) {
            g.setColor(Color.DARK_GRAY);
            g.setStroke(strokes[i]);
            g.drawLine(x, y + 22 * i - 5, x + 24, y + 22 * i - 5);
            g.setColor(Color.BLACK);
            g.drawString(names[i], x + 32, y + 22 * i);
        }
    }
}
