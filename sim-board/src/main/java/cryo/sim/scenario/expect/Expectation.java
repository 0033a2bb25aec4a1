package cryo.sim.scenario.expect;

import cryo.hal.device.StageId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One line of a scenario's {@code expect:} block (format in sim-board/README.md, "Expectations").
 * Judging is pure: a {@link RunOutcome} in, a {@link Verdict} out, the same every time.
 */
public sealed interface Expectation {

    /** Line in the scenario file. */
    int line();

    /** The expectation in the file's words, for verdicts and reports. */
    String text();

    Verdict judge(RunOutcome run);

    /** Judges every expectation, in file order. */
    static List<Verdict> judgeAll(List<Expectation> expectations, RunOutcome run) {
        List<Verdict> out = new ArrayList<>(expectations.size());
        for (Expectation e : expectations) {
            out.add(e.judge(run));
        }
        return out;
    }

    /** {@code no_trip: true}: the interlock never tripped. */
    record NoTrip(int line) implements Expectation {
        @Override
        public String text() {
            return "no_trip";
        }

        @Override
        public Verdict judge(RunOutcome run) {
            if (run.trips().isEmpty()) {
                return new Verdict(text(), true, "no trip", line);
            }
            return new Verdict(text(), false, count(run.trips().size(), "trip") + ", first " + run.trips().get(0).describe(), line);
        }
    }

    /** {@code no_alarms: true}: no alarm of any kind (trip, warning, loop fault, board fault flag). */
    record NoAlarms(int line) implements Expectation {
        @Override
        public String text() {
            return "no_alarms";
        }

        @Override
        public Verdict judge(RunOutcome run) {
            if (run.alarms().isEmpty()) {
                return new Verdict(text(), true, "no alarm", line);
            }
            RunOutcome.Alarm a = run.alarms().get(0);
            return new Verdict(text(), false, count(run.alarms().size(), "alarm") + ", first at " + seconds(a.seconds()) + " s: "
                    + a.kind() + ": " + a.text(), line);
        }
    }

    /**
     * {@code first_trip}: the first trip has this cause (and stage, when given), comes no earlier
     * than {@code fromSeconds} and, when {@code withinSeconds} is finite, at most that long after.
     *
     * @param fromSeconds when the clock starts: the file's after_s, else the first fault's start, else 0
     * @param from        what fromSeconds is, in words ("the first fault")
     */
    record FirstTrip(String cause, String stageId, double withinSeconds, double fromSeconds, String from, int line)
            implements Expectation {
        @Override
        public String text() {
            String s = "first_trip: " + cause + (stageId == null ? "" : " on " + stageId);
            if (Double.isFinite(withinSeconds)) {
                s += " within " + seconds(withinSeconds) + " s of " + from + " (" + seconds(fromSeconds) + " s)";
            } else if (fromSeconds > 0) {
                s += " after " + from + " (" + seconds(fromSeconds) + " s)";
            }
            return s;
        }

        @Override
        public Verdict judge(RunOutcome run) {
            if (run.trips().isEmpty()) {
                return new Verdict(text(), false, "no trip", line);
            }
            RunOutcome.Trip t = run.trips().get(0);
            double after = t.seconds() - fromSeconds;
            String seen = t.describe() + " (" + seconds(after) + " s after " + seconds(fromSeconds) + " s)";
            boolean ok = t.cause().equals(cause)
                    && (stageId == null || stageId.equals(t.stageId()))
                    && after >= 0
                    && !(after > withinSeconds); // NaN or infinite within: no deadline
            return new Verdict(text(), ok, seen, line);
        }
    }

    /**
     * {@code heaters_zero_within_s}: after every trip, every heater delivers 0 W within this long.
     * A run without a trip meets it (pair it with first_trip to require a trip).
     */
    record HeatersZero(double withinSeconds, int line) implements Expectation {
        @Override
        public String text() {
            return "heaters_zero_within_s: " + seconds(withinSeconds);
        }

        @Override
        public Verdict judge(RunOutcome run) {
            double worst = 0;
            for (RunOutcome.Trip t : run.trips()) {
                if (Double.isNaN(t.safeStateSeconds())) {
                    return new Verdict(text(), false, "after the trip " + t.describe() + " the heaters never all reached 0 W", line);
                }
                double took = t.safeStateSeconds() - t.seconds();
                if (took > withinSeconds) {
                    return new Verdict(text(), false, "after the trip " + t.describe() + " every heater reached 0 W only "
                            + seconds(took) + " s later", line);
                }
                worst = Math.max(worst, took);
            }
            if (run.trips().isEmpty()) {
                return new Verdict(text(), true, "no trip", line);
            }
            return new Verdict(text(), true, "every heater at 0 W " + seconds(worst) + " s after "
                    + (run.trips().size() == 1 ? "the trip" : "each of " + run.trips().size() + " trips (at most)"), line);
        }
    }

    /** Which figure of a stage a {@link Bound} looks at. */
    enum Figure {
        MAX("max_k"), MIN("min_k"), FINAL("final_k");

        final String key;

        Figure(String key) {
            this.key = key;
        }
    }

    /**
     * {@code max_k}, {@code min_k}, {@code final_k} (the true temperature) and {@code read_max_k},
     * {@code read_min_k}, {@code read_final_k} (what the controller read): the figure lies in
     * [lowKelvin, highKelvin] (lowKelvin is -infinity when the file gives one number, an upper bound).
     */
    record Bound(Figure figure, boolean read, StageId stage, double lowKelvin, double highKelvin, int line) implements Expectation {
        @Override
        public String text() {
            String key = (read ? "read_" : "") + figure.key + "." + stage.id();
            return Double.isInfinite(lowKelvin) ? key + " <= " + kelvin(highKelvin)
                    : key + " in [" + kelvin(lowKelvin) + ", " + kelvin(highKelvin) + "]";
        }

        @Override
        public Verdict judge(RunOutcome run) {
            RunOutcome.StageFigures f = run.stage(stage);
            if (f == null) {
                return new Verdict(text(), false, "no stage " + stage.id() + " in this run", line);
            }
            double v = switch (figure) {
                case MAX -> read ? f.readMaxKelvin() : f.trueMaxKelvin();
                case MIN -> read ? f.readMinKelvin() : f.trueMinKelvin();
                case FINAL -> read ? f.readFinalKelvin() : f.trueFinalKelvin();
            };
            if (Double.isNaN(v)) {
                return new Verdict(text(), false, read ? "the controller read nothing on " + stage.id() + " (no loop on it)"
                        : "no temperature", line);
            }
            return new Verdict(text(), v >= lowKelvin && v <= highKelvin, kelvin(v), line);
        }
    }

    // ---- wording shared by the verdicts ----

    /** Seconds to two decimals without trailing zeros: "1801", "0.4", "12.25". */
    static String seconds(double s) {
        if (!Double.isFinite(s)) {
            return String.valueOf(s);
        }
        return java.math.BigDecimal.valueOf(Math.round(s * 100) / 100.0).stripTrailingZeros().toPlainString();
    }

    /** Kelvin to four significant figures, in mK below 1 K: "32.51 mK", "290.6 K". */
    static String kelvin(double k) {
        return Math.abs(k) < 1 ? String.format(Locale.ROOT, "%.4g mK", k * 1e3) : String.format(Locale.ROOT, "%.4g K", k);
    }

    private static String count(int n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }
}
