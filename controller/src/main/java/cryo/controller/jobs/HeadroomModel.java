package cryo.controller.jobs;

import java.util.HashMap;
import java.util.Map;

/**
 * How far a job of a kind lifts the mixing chamber: the rise of its reading from the job's start
 * to its peak (during the job and the recovery after it), learned per kind from measured jobs
 * (the newest counts half, and a rise above the figure is taken whole, so the figure errs high),
 * and until a kind has been measured its prior, {@code priorKelvinPerJoule} times the job's heat
 * (declared, else the node's own estimate).
 *
 * <p>Ring thread only (the job stage), at job boundaries; allocates only for a new kind. Stored
 * with the queue ({@code KindFigure.rise_kelvin}) and restored at start-up.
 */
public final class HeadroomModel {
    public static final int KINDS = 256;
    private final double priorKelvinPerJoule;
    private final Map<String, double[]> kinds = new HashMap<>();

    public HeadroomModel(double priorKelvinPerJoule) {
        this.priorKelvinPerJoule = priorKelvinPerJoule;
    }

    /** Expected rise of the mixing chamber for a job of {@code kind} with {@code joules} of heat on the board, kelvin. */
    public double riseKelvin(String kind, double joules) {
        double[] k = kinds.get(kind);
        if (k == null) {
            return priorKelvinPerJoule * Math.max(0, joules);
        }
        return k[0];
    }

    /** Measured jobs behind the kind's figure (0: the prior applies). */
    public int samples(String kind) {
        double[] k = kinds.get(kind);
        return k == null ? 0 : (int) k[1];
    }

    /** Learned figures by kind: {rise kelvin, samples}. For the state file. */
    Map<String, double[]> figures() {
        return kinds;
    }

    /** A figure read back from the state file (start-up). */
    void restore(String kind, double riseKelvin, int samples) {
        if (kinds.size() < KINDS && samples > 0 && Double.isFinite(riseKelvin) && riseKelvin >= 0) {
            kinds.put(kind, new double[] {riseKelvin, samples});
        }
    }

    /** A measured rise of a job of {@code kind}. */
    public void learn(String kind, double riseKelvin) {
        if (!Double.isFinite(riseKelvin)) {
            return;
        }
        double rise = Math.max(0, riseKelvin);
        double[] k = kinds.get(kind);
        if (k == null) {
            if (kinds.size() < KINDS) {
                kinds.put(kind, new double[] {rise, 1});
            }
            return;
        }
        k[0] = Math.max(rise, 0.5 * k[0] + 0.5 * rise);
        k[1]++;
    }
}
