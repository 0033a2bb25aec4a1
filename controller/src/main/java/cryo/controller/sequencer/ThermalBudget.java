package cryo.controller.sequencer;

import cryo.hal.pulse.PulseDissipation;
import cryo.hal.pulse.PulseEntries;

/**
 * The power a sequence puts on the 4 K plate: the board's static dissipation plus the largest
 * pulse energy found in any sliding window, divided by the window. Passes repeat every
 * {@code periodTicks}; a window may span many passes (whole passes count their full energy, the
 * remainder is searched over the wrapped timeline), so the figure holds for a sequence looping
 * forever. Pulse energy is counted at the pulse's start, so the maximum is found among windows
 * starting at a pulse. O(n) per evaluation; throttling binary-searches the loop period.
 *
 * <p>Off the ring thread (at compile/submit time).
 */
public final class ThermalBudget {
    private final PulseDissipation model;
    private final long windowTicks;

    public ThermalBudget(PulseDissipation model, long windowTicks) {
        this.model = model;
        this.windowTicks = windowTicks;
    }

    /** The verdict for one sequence: its figure and the loop period it plays at. */
    public record Verdict(boolean accepted, double averagePowerWatts, double budgetWatts, long periodTicks, String message) {
    }

    /** Energies of each entry, joules. */
    public double[] energies(CompiledSequence c) {
        PulseEntries e = c.entries();
        double[] j = new double[e.size()];
        for (int i = 0; i < j.length; i++) {
            j[i] = model.energyJoules(e, i);
        }
        return j;
    }

    /**
     * Largest average power over any window when passes repeat every {@code periodTicks}
     * ({@code loops} passes, 0 = forever), watts, static part included.
     */
    public double averagePowerWatts(CompiledSequence c, double[] energies, long periodTicks, long loops) {
        double total = 0;
        for (double j : energies) {
            total += j;
        }
        long w = windowTicks;
        boolean wholeRunInOneWindow = loops > 0 && w >= c.passTicks() && (loops - 1) <= (w - c.passTicks()) / periodTicks;
        double worst = wholeRunInOneWindow ? loops * total : periodic(c, energies, total, periodTicks, w);
        return model.staticWatts() + worst / (w * 1e-9);
    }

    private static double periodic(CompiledSequence c, double[] energies, double total, long period, long w) {
        long q = w / period;
        long r = w - q * period;
        return q * total + maxWindow(c.entries(), energies, period, r);
    }

    /** Largest energy of entries starting in [s, s + r) over the timeline wrapped at {@code period} (r < period). */
    static double maxWindow(PulseEntries e, double[] energies, long period, long r) {
        int n = e.size();
        if (r <= 0 || n == 0) {
            return 0;
        }
        double best = 0;
        double sum = 0;
        int j = 0; // virtual index, 0..2n
        for (int i = 0; i < n; i++) {
            if (j < i) {
                j = i;
                sum = 0;
            }
            long end = e.startTicks(i) + r;
            while (j < i + n) {
                long t = j < n ? e.startTicks(j) : e.startTicks(j - n) + period;
                if (t >= end) {
                    break;
                }
                sum += energies[j < n ? j : j - n];
                j++;
            }
            best = Math.max(best, sum);
            sum -= energies[i];
        }
        return best;
    }

    /**
     * Checks a sequence against the budget; with {@code throttle}, stretches the loop period (the
     * repetition rate) until it fits, when it can.
     */
    public Verdict check(CompiledSequence c, long loops, boolean throttle, double budgetWatts) {
        double[] energies = energies(c);
        long pass = c.passTicks();
        double p = averagePowerWatts(c, energies, pass, loops);
        if (p <= budgetWatts) {
            return new Verdict(true, p, budgetWatts, pass, String.format("average power %s over %s window, budget %s",
                    watts(p), seconds(windowTicks), watts(budgetWatts)));
        }
        String over = String.format("sequence \"%s\": average power %s over a %s window exceeds the 4 K plate budget of %s "
                + "(static %s + pulses)", c.name(), watts(p), seconds(windowTicks), watts(budgetWatts), watts(model.staticWatts()));
        if (!throttle) {
            return new Verdict(false, p, budgetWatts, pass, over + "; lower amplitudes or durations, or start it with throttle");
        }
        // a period of pass + window leaves at most one pass in any window: the best throttling can do
        long grid = cryo.hal.regmap.CryoCmosRegisters.PULSE_GRID_TICKS;
        long hi = pass + windowTicks;
        hi += (grid - hi % grid) % grid;
        double atHi = averagePowerWatts(c, energies, hi, 0);
        if (atHi > budgetWatts) {
            return new Verdict(false, atHi, budgetWatts, pass, over + "; throttling cannot help: one pass alone averages "
                    + watts(atHi) + " over the window");
        }
        long lo = pass;
        while (hi - lo > grid) {
            long mid = lo + (hi - lo) / 2;
            mid -= mid % grid;
            if (mid <= lo) {
                break;
            }
            if (averagePowerWatts(c, energies, mid, 0) <= budgetWatts) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        double at = averagePowerWatts(c, energies, hi, 0);
        return new Verdict(true, at, budgetWatts, hi, String.format("throttled: loop period %s instead of %s, average power %s of %s budget",
                seconds(hi), seconds(pass), watts(at), watts(budgetWatts)));
    }

    static String watts(double w) {
        return w < 1 ? String.format("%.3f mW", w * 1e3) : String.format("%.3f W", w);
    }

    static String seconds(long ticks) {
        double s = ticks * 1e-9;
        if (s >= 1) {
            return String.format("%.3f s", s);
        }
        if (s >= 1e-3) {
            return String.format("%.3f ms", s * 1e3);
        }
        return String.format("%.3f µs", s * 1e6);
    }
}
