package cryo.sim.scenario;

import cryo.hal.device.StageId;
import cryo.sim.board.SimulatedBoard;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Watches a simulated board during a run: per stage the final, minimum and maximum true
 * temperature (every step), the same for each extra column (its finite values), and a trace row (time, stage kelvin, delivered heater watts, then any
 * {@link #addColumn extra columns} such as what the controller read) every trace interval, kept in
 * memory for the CSV and the plot.
 */
public final class TraceRecorder {
    private final SimulatedBoard board;
    private final StageId[] stages;
    private final String[] heaterIds;
    private final int[] heaterChannels;
    private final double intervalSeconds;
    private final double[] minKelvin;
    private final double[] maxKelvin;
    private final double[] finalKelvin;
    private final List<double[]> rows = new ArrayList<>();
    private final List<String> extraNames = new ArrayList<>();
    private final List<java.util.function.DoubleSupplier> extraValues = new ArrayList<>();
    private double[] extraMin = new double[0];
    private double[] extraMax = new double[0];
    private double[] extraFinal = new double[0];
    private double nextRowSeconds;

    public TraceRecorder(SimulatedBoard board, double intervalSeconds) {
        this.board = board;
        this.intervalSeconds = intervalSeconds;
        List<StageId> present = new ArrayList<>();
        for (StageId s : StageId.values()) {
            if (board.plant().hasStage(s)) {
                present.add(s);
            }
        }
        stages = present.toArray(new StageId[0]);
        List<Integer> hs = new ArrayList<>();
        for (int h = 0; h < board.heaterChannels(); h++) {
            if (board.wiring().heaterStage(h) != null) {
                hs.add(h);
            }
        }
        heaterChannels = hs.stream().mapToInt(Integer::intValue).toArray();
        heaterIds = new String[heaterChannels.length];
        for (int i = 0; i < heaterChannels.length; i++) {
            heaterIds[i] = board.wiring().heaterStage(heaterChannels[i]).id();
        }
        minKelvin = new double[stages.length];
        maxKelvin = new double[stages.length];
        finalKelvin = new double[stages.length];
        Arrays.fill(minKelvin, Double.POSITIVE_INFINITY);
        Arrays.fill(maxKelvin, Double.NEGATIVE_INFINITY);
    }

    /**
     * An extra column, sampled with each row after the heaters (what the controller read, a loop's
     * setpoint, a mode as a number). Add them all before the first {@link #record}.
     */
    public TraceRecorder addColumn(String name, java.util.function.DoubleSupplier value) {
        if (!rows.isEmpty()) {
            throw new IllegalStateException("columns are added before the first row");
        }
        extraNames.add(name);
        extraValues.add(value);
        return this;
    }

    /** Call after every step, at board time {@code seconds}. */
    public void record(double seconds) {
        for (int i = 0; i < stages.length; i++) {
            double t = board.plant().temperatureKelvin(stages[i]);
            finalKelvin[i] = t;
            minKelvin[i] = Math.min(minKelvin[i], t);
            maxKelvin[i] = Math.max(maxKelvin[i], t);
        }
        if (extraFinal.length != extraValues.size()) { // first row: the columns are fixed from here on
            extraMin = new double[extraValues.size()];
            extraMax = new double[extraValues.size()];
            extraFinal = new double[extraValues.size()];
            Arrays.fill(extraMin, Double.NaN);
            Arrays.fill(extraMax, Double.NaN);
            Arrays.fill(extraFinal, Double.NaN);
        }
        for (int i = 0; i < extraFinal.length; i++) {
            double v = extraValues.get(i).getAsDouble();
            if (Double.isFinite(v)) { // a loop reads NaN before its first sample
                extraFinal[i] = v;
                extraMin[i] = Double.isNaN(extraMin[i]) ? v : Math.min(extraMin[i], v);
                extraMax[i] = Double.isNaN(extraMax[i]) ? v : Math.max(extraMax[i], v);
            }
        }
        if (seconds + 1e-9 >= nextRowSeconds) {
            nextRowSeconds += intervalSeconds;
            double[] row = new double[1 + stages.length + heaterChannels.length + extraValues.size()];
            row[0] = seconds;
            for (int i = 0; i < stages.length; i++) {
                row[1 + i] = finalKelvin[i];
            }
            for (int i = 0; i < heaterChannels.length; i++) {
                row[1 + stages.length + i] = board.heaterPowerWatts(heaterChannels[i]);
            }
            for (int i = 0; i < extraValues.size(); i++) {
                row[1 + stages.length + heaterChannels.length + i] = extraValues.get(i).getAsDouble();
            }
            rows.add(row);
        }
    }

    public StageId[] stages() {
        return stages.clone();
    }

    public String[] heaterIds() {
        return heaterIds.clone();
    }

    public double minKelvin(int stageIndex) {
        return minKelvin[stageIndex];
    }

    public double maxKelvin(int stageIndex) {
        return maxKelvin[stageIndex];
    }

    public double finalKelvin(int stageIndex) {
        return finalKelvin[stageIndex];
    }

    /** Smallest finite value the extra column {@code name} had at any step, NaN when none (or no such column). */
    public double columnMin(String name) {
        int i = extraNames.indexOf(name);
        return i < 0 || i >= extraMin.length ? Double.NaN : extraMin[i];
    }

    /** Largest finite value the extra column {@code name} had at any step, NaN when none (or no such column). */
    public double columnMax(String name) {
        int i = extraNames.indexOf(name);
        return i < 0 || i >= extraMax.length ? Double.NaN : extraMax[i];
    }

    /** Last finite value of the extra column {@code name}, NaN when none (or no such column). */
    public double columnFinal(String name) {
        int i = extraNames.indexOf(name);
        return i < 0 || i >= extraFinal.length ? Double.NaN : extraFinal[i];
    }

    /** Names of the {@link #addColumn extra columns}, in order. */
    public List<String> columnNames() {
        return List.copyOf(extraNames);
    }

    public List<double[]> rows() {
        return rows;
    }

    /** Index in each row of the {@link #addColumn extra column} {@code name}, or -1 when there is none. */
    public int column(String name) {
        int i = extraNames.indexOf(name);
        return i < 0 ? -1 : 1 + stages.length + heaterChannels.length + i;
    }

    /** CSV: header time_s, &lt;stage&gt;_k per stage, &lt;heater&gt;_w per heater, then the extra columns. */
    public void writeCsv(Writer w) throws IOException {
        StringBuilder b = new StringBuilder("time_s");
        for (StageId s : stages) {
            b.append(',').append(s.id()).append("_k");
        }
        for (String h : heaterIds) {
            b.append(',').append(h).append("_w");
        }
        for (String e : extraNames) {
            b.append(',').append(e);
        }
        w.write(b.append('\n').toString());
        for (double[] row : rows) {
            b.setLength(0);
            b.append(String.format(Locale.ROOT, "%.1f", row[0]));
            for (int i = 1; i < row.length; i++) {
                b.append(',').append(String.format(Locale.ROOT, "%.6g", row[i]));
            }
            w.write(b.append('\n').toString());
        }
    }
}
