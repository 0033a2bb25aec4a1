package cryo.workstation.cli;

import cryo.controller.sequencer.CompiledSequence;
import cryo.hal.pulse.PulseEntries;
import cryo.hal.pulse.PulseEntry;
import cryo.hal.pulse.PulseEntryCodec;
import cryo.v1.PulseChannel;
import cryo.v1.PulseSequence;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Draws one pass of a compiled sequence: a lane per declared channel, each pulse as its envelope
 * scaled by amplitude (filled), on a time axis in board time. Headless AWT.
 */
final class SequencePlotter {
    private static final Color[] KIND_COLORS = {
        new Color(0x55, 0x55, 0x55), new Color(0x1f, 0x77, 0xb4), new Color(0x2c, 0xa0, 0x2c),
        new Color(0xd6, 0x27, 0x28), new Color(0x94, 0x67, 0xbd)};

    private SequencePlotter() {
    }

    static void write(PulseSequence s, CompiledSequence c, int width, Path out) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int lanes = s.getChannelsCount();
        int left = 170;
        int right = 30;
        int top = 60;
        int laneHeight = 90;
        int bottom = 60;
        int height = top + lanes * laneHeight + bottom;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        // the axis spans the pulses (a pass may end long after its last pulse)
        long pass = 1;
        for (int i = 0; i < c.size(); i++) {
            pass = Math.max(pass, c.entries().startTicks(i) + c.entries().durationTicks(i));
        }
        pass += pass / 50;
        double plotWidth = width - left - right;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(String.format("%s v%d  —  %d entries, pass %s", c.name(), c.version(), c.size(), SequenceCommand.seconds(c.passTicks())), left, 28);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        int[] laneOfBoardChannel = new int[cryo.hal.regmap.CryoCmosRegisters.PULSE_CHANNELS];
        java.util.Arrays.fill(laneOfBoardChannel, -1);
        for (int i = 0; i < lanes; i++) {
            PulseChannel ch = s.getChannels(i);
            laneOfBoardChannel[ch.getBoardChannel()] = i;
            int y = top + i * laneHeight;
            g.setColor(i % 2 == 0 ? new Color(0xF4, 0xF6, 0xF8) : Color.WHITE);
            g.fillRect(left, y, (int) plotWidth, laneHeight);
            g.setColor(Color.BLACK);
            g.drawString(ch.getName(), 10, y + laneHeight / 2 - 4);
            g.setColor(Color.DARK_GRAY);
            g.drawString(ch.getKind().name().replace("CHANNEL_", "").toLowerCase() + " · ch" + ch.getBoardChannel(), 10, y + laneHeight / 2 + 12);
            g.setColor(new Color(0xBB, 0xBB, 0xBB));
            g.drawLine(left, y + laneHeight - 10, left + (int) plotWidth, y + laneHeight - 10);
        }
        PulseEntries e = c.entries();
        for (int i = 0; i < e.size(); i++) {
            PulseEntry p = e.entry(i, 0);
            int lane = laneOfBoardChannel[p.channel()];
            int kind = s.getChannels(lane).getKindValue();
            Color color = KIND_COLORS[Math.max(0, Math.min(kind, KIND_COLORS.length - 1))];
            int base = top + lane * laneHeight + laneHeight - 10;
            double scale = (laneHeight - 22) * p.amplitude();
            double x0 = left + p.boardTicks() / (double) pass * plotWidth;
            double x1 = left + (p.boardTicks() + p.durationTicks()) / (double) pass * plotWidth;
            int px0 = (int) Math.floor(x0);
            int px1 = Math.max(px0 + 1, (int) Math.ceil(x1));
            g.setColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 170));
            for (int x = px0; x < px1; x++) {
                // envelope peak over this pixel's slice of the pulse
                double u0 = Math.max(0, (x - x0) / (x1 - x0));
                double u1 = Math.min(1, (x + 1 - x0) / (x1 - x0));
                double env = Math.max(envelope(p, u0), Math.max(envelope(p, u1), envelope(p, (u0 + u1) / 2)));
                if (u0 <= 0.5 && u1 >= 0.5) {
                    env = envelope(p, 0.5);
                }
                int h = (int) Math.round(env * scale);
                g.fillRect(x, base - h, 1, Math.max(h, 1));
            }
            g.setColor(color.darker());
            g.setStroke(new BasicStroke(1f));
            g.drawLine(px0, base, px1, base);
        }
        // time axis
        int axisY = top + lanes * laneHeight + 8;
        g.setColor(Color.BLACK);
        g.drawLine(left, axisY, left + (int) plotWidth, axisY);
        long step = niceStep(pass / 8.0);
        // one unit for the whole axis, named once in its title: "250", "500" ... (µs), never 1.000 ms beside 999 µs
        double unitTicks = pass >= 2_000_000_000L ? 1e9 : pass >= 2_000_000L ? 1e6 : pass >= 2_000L ? 1e3 : 1;
        String unit = unitTicks == 1e9 ? "s" : unitTicks == 1e6 ? "ms" : unitTicks == 1e3 ? "µs" : "ns";
        for (long t = 0; t <= pass; t += step) {
            int x = left + (int) Math.round(t / (double) pass * plotWidth);
            g.drawLine(x, axisY, x, axisY + 5);
            String label = plain(t / unitTicks);
            g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, axisY + 20);
        }
        String title = "board time from pass start (" + unit + ")";
        g.drawString(title, left + (int) plotWidth / 2 - g.getFontMetrics().stringWidth(title) / 2, axisY + 40);
        // amplitude scale of every lane: its height is the channel's full scale
        for (int i = 0; i < lanes; i++) {
            int base = top + i * laneHeight + laneHeight - 10;
            int full = laneHeight - 22;
            g.setColor(Color.DARK_GRAY);
            g.drawLine(left - 4, base, left - 4, base - full);
            for (double a : new double[] {0, 0.5, 1}) {
                int y = base - (int) Math.round(a * full);
                g.drawLine(left - 8, y, left - 4, y);
                String label = a == 1 ? "1 FS" : plain(a);
                g.drawString(label, left - 12 - g.getFontMetrics().stringWidth(label), y + 4);
            }
        }
        g.drawString("amplitude: fraction of the channel's full scale (FS)", left, top - 10);
        g.dispose();
        OutputFiles.writePng("--out", img, out);
    }

    /** 0.5, 250, 1.25: no trailing zeros, no exponent. */
    static String plain(double v) {
        String t = String.format(java.util.Locale.ROOT, "%.3f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
        return t.equals("-0") ? "0" : t;
    }

    /** Envelope (peak 1) at fraction u of the pulse. DRAG draws its in-phase (Gaussian) part. */
    private static double envelope(PulseEntry p, double u) {
        double d = p.durationTicks();
        switch (p.envelope()) {
            case PulseEntryCodec.ENVELOPE_COSINE:
                return 0.5 * (1 - Math.cos(2 * Math.PI * u));
            case PulseEntryCodec.ENVELOPE_GAUSSIAN:
            case PulseEntryCodec.ENVELOPE_DRAG: {
                double x = (u - 0.5) * d / p.sigmaTicks();
                return Math.exp(-0.5 * x * x);
            }
            default:
                return 1.0;
        }
    }

    private static long niceStep(double raw) {
        long mag = 1;
        while (mag * 10 <= raw) {
            mag *= 10;
        }
        for (long m : new long[] {1, 2, 5, 10}) {
            if (mag * m >= raw) {
                return Math.max(1, mag * m);
            }
        }
        return mag * 10;
    }
}
