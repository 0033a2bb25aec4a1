package cryo.workstation.exporter;

import cryo.v1.LoopStatus;
import cryo.v1.Quality;
import cryo.v1.StageStatus;
import cryo.v1.Status;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's recent past for the dashboard: one point per {@code stepSeconds} (the last good value
 * in the step) for each stage temperature, heater power and setpoint, in a ring of {@code points}
 * floats per series. A value that was not good is kept as NaN, a gap in the plot.
 * Not thread-safe: the owning {@link NodeView} is guarded by {@link Fleet}.
 */
final class History {
    private final double stepSeconds;
    private final int points;
    private final double[] times;
    private final Map<String, float[]> series = new LinkedHashMap<>();
    private int count;
    private int head; // index of the newest point
    private long currentStep = Long.MIN_VALUE;

    History(double stepSeconds, int points) {
        if (!(stepSeconds > 0) || points < 2) {
            throw new IllegalArgumentException("history: step must be > 0 s and points >= 2, got " + stepSeconds + " s, " + points);
        }
        this.stepSeconds = stepSeconds;
        this.points = points;
        this.times = new double[points];
    }

    void add(double epochSeconds, Status s) {
        long step = (long) Math.floor(epochSeconds / stepSeconds);
        if (step != currentStep) {
            currentStep = step;
            head = (head + 1) % points;
            count = Math.min(count + 1, points);
            for (float[] f : series.values()) {
                f[head] = Float.NaN;
            }
        }
        times[head] = epochSeconds;
        for (StageStatus st : s.getStagesList()) {
            put("T:" + st.getStageId(), st.getQuality() == Quality.QUALITY_GOOD ? st.getTemperatureKelvin() : Double.NaN);
        }
        for (LoopStatus l : s.getLoopsList()) {
            boolean good = l.getQuality() == Quality.QUALITY_GOOD || l.getQuality() == Quality.QUALITY_UNSPECIFIED;
            put("W:" + l.getLoopId(), good ? l.getOutputWatts() : Double.NaN);
            put("SP:" + l.getLoopId(), good ? l.getSetpointKelvin() : Double.NaN);
        }
    }

    private void put(String key, double v) {
        float[] f = series.computeIfAbsent(key, k -> {
            float[] a = new float[points];
            java.util.Arrays.fill(a, Float.NaN);
            return a;
        });
        f[head] = (float) v;
    }

    /** Oldest first: the times, then each series' values at those times. */
    void writeJson(StringBuilder out) {
        List<Integer> idx = new ArrayList<>(count);
        for (int i = count - 1; i >= 0; i--) {
            idx.add(Math.floorMod(head - i, points));
        }
        out.append("{\"t\":[");
        for (int k = 0; k < idx.size(); k++) {
            out.append(k == 0 ? "" : ",").append(Math.round(times[idx.get(k)] * 1000) / 1000.0);
        }
        out.append("],\"series\":{");
        boolean first = true;
        for (Map.Entry<String, float[]> e : series.entrySet()) {
            out.append(first ? "" : ",");
            first = false;
            Json.string(out, e.getKey()).append(":[");
            for (int k = 0; k < idx.size(); k++) {
                out.append(k == 0 ? "" : ",");
                Json.number(out, e.getValue()[idx.get(k)]);
            }
            out.append(']');
        }
        out.append("}}");
    }
}
