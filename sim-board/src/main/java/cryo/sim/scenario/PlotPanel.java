package cryo.sim.scenario;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.util.List;
import java.util.function.Predicate;

/** One panel of {@link TracePlot}: a time axis and a y axis its subclass maps; draws trace columns and markers. */
abstract class PlotPanel {
    static final Stroke MARKER_STROKE = new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 5f}, 0f);

    final int x;
    final int y;
    final int w;
    final int h;
    final double xMax;

    PlotPanel(int x, int y, int w, int h, double xMax) {
        this.x = x;
        this.y = y;
        this.w = w;
        this.h = h;
        this.xMax = xMax;
    }

    double px(double xv) {
        return x + w * xv / xMax;
    }

    /** Whether a value (in the trace's unit) has a place on this axis; outside is a gap, not a line to the edge. */
    abstract boolean onAxis(double v);

    /** Pixel row of a value (in the trace's unit) that is {@link #onAxis}. */
    abstract double py(double v);

    /** Column {@code col} against time, in rows where {@code shown} holds (elsewhere a gap); whether any point was on the axis. */
    boolean series(Graphics2D g, List<double[]> rows, int col, Predicate<double[]> shown, double xScale, Color c, Stroke stroke) {
        Path2D.Double path = new Path2D.Double();
        boolean pen = false;
        boolean any = false;
        for (double[] r : rows) {
            double v = r[col];
            if (!onAxis(v) || !shown.test(r)) {
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
                any = true;
            }
        }
        g.setColor(c);
        g.setStroke(stroke);
        g.draw(path);
        return any;
    }

    /** A dashed vertical line; its label on text row {@code labelRow} (staggered so neighbours don't overlap), none if -1. */
    void marker(Graphics2D g, TracePlot.Marker m, double xScale, int labelRow) {
        int xx = (int) Math.round(px(m.seconds() / xScale));
        g.setColor(m.trip() ? new Color(0xC00000) : new Color(0x555555));
        g.setStroke(MARKER_STROKE);
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

    void yLabel(Graphics2D g, String label) {
        g.setColor(Color.BLACK);
        g.setStroke(new BasicStroke(1.2f));
        g.drawRect(x, y, w, h);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        Graphics2D r = (Graphics2D) g.create();
        r.rotate(-Math.PI / 2);
        r.drawString(label, -(y + h / 2) - r.getFontMetrics().stringWidth(label) / 2, x - 85);
        r.dispose();
    }
}
