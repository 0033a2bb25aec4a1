package cryo.sim.scenario;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.util.Locale;

/** A linear-y panel for kelvin values, labelled in millikelvin over [lo, hi] (padded, 1-2-5 ticks); values outside are gaps. */
final class LinearPanel extends PlotPanel {
    final double lo;
    final double hi;
    final double step;

    LinearPanel(int x, int y, int w, int h, double xMax, double loMilli, double hiMilli) {
        super(x, y, w, h, xMax);
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

    @Override
    boolean onAxis(double kelvin) {
        double milli = kelvin * 1e3;
        return milli >= lo && milli <= hi;
    }

    @Override
    double py(double kelvin) {
        return pyMilli(kelvin * 1e3);
    }

    private double pyMilli(double milli) {
        return y + h - h * (milli - lo) / (hi - lo);
    }

    void frame(Graphics2D g, String yLabel) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        for (double v = lo; v <= hi + step * 1e-6; v += step) {
            int yy = (int) Math.round(pyMilli(v));
            g.setColor(new Color(0xDDDDDD));
            g.drawLine(x, yy, x + w, yy);
            g.setColor(Color.BLACK);
            String lbl = plain(v) + " mK";
            g.drawString(lbl, x - 10 - g.getFontMetrics().stringWidth(lbl), yy + 5);
        }
        yLabel(g, yLabel);
    }

    private static String plain(double v) {
        String t = String.format(Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
        return t.equals("-0") ? "0" : t;
    }
}
