package cryo.sim.scenario;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.util.Locale;

/** A log-y panel over whole decades; values above the top are drawn at the top, zero and values below are gaps. */
final class LogPanel extends PlotPanel {
    final int decadeLo;
    final int decadeHi;

    LogPanel(int x, int y, int w, int h, double xMax, int decadeLo, int decadeHi) {
        super(x, y, w, h, xMax);
        this.decadeLo = decadeLo;
        this.decadeHi = decadeHi;
    }

    @Override
    boolean onAxis(double v) {
        return v > Math.pow(10, decadeLo) * 0.999;
    }

    @Override
    double py(double v) {
        double l = (Math.log10(Math.min(v, Math.pow(10, decadeHi))) - decadeLo) / (decadeHi - decadeLo);
        return y + h - h * l;
    }

    void frame(Graphics2D g, String yLabel, String unit, String xLabel) {
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
        yLabel(g, yLabel);
        if (xLabel != null) {
            g.drawString(xLabel, x + w / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, y + h + 45);
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
