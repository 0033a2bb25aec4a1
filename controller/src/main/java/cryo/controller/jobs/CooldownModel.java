package cryo.controller.jobs;

import java.util.HashMap;
import java.util.Map;

/**
 * The cooldown reservation after a job: seconds per joule of board heat, learned per job kind
 * from measured recoveries (a running mean of the last few, weighting the newest by half), and
 * until a kind has been measured its prior, {@code jobs.priorSecondsPerJoule}, applied to the
 * declared heat (or the node's own estimate when none was declared).
 *
 * <p>Ring thread only (the job stage), at job boundaries; restored at start-up.
 */
public final class CooldownModel {
    /** Kinds remembered at most; a new kind beyond this starts from the prior again. */
    public static final int KINDS = 256;
    private final double priorSecondsPerJoule;
    private final Map<String, double[]> kinds = new HashMap<>();

    public CooldownModel(double priorSecondsPerJoule) {
        this.priorSecondsPerJoule = priorSecondsPerJoule;
    }

    /**
     * Seconds the fridge is reserved after a job of {@code kind} that put {@code energyJoules} on
     * the board; {@code declaredJoules} (NaN when none) stands in while the kind is unmeasured.
     */
    public double reservationSeconds(String kind, double energyJoules, double declaredJoules) {
        double[] k = kinds.get(kind);
        if (k == null || k[1] == 0) {
            double prior = Double.isNaN(declaredJoules) ? energyJoules : declaredJoules;
            return priorSecondsPerJoule * Math.max(0, prior);
        }
        return k[0] * Math.max(0, energyJoules);
    }

    /** A measured recovery of a job of {@code kind}: folded into the kind's figure. */
    public void learn(String kind, double recoverySeconds, double energyJoules) {
        if (!(energyJoules > 0) || Double.isNaN(recoverySeconds)) {
            return; // nothing to scale by: a job that put no heat on the board teaches nothing
        }
        double sample = recoverySeconds / energyJoules;
        double[] k = kinds.get(kind);
        if (k == null) {
            if (kinds.size() >= KINDS) {
                return;
            }
            kinds.put(kind, new double[] {sample, 1});
            return;
        }
        k[0] = k[1] == 0 ? sample : 0.5 * k[0] + 0.5 * sample;
        k[1]++;
    }

    /** Seconds per joule learned for {@code kind}; NaN when unmeasured. */
    public double secondsPerJoule(String kind) {
        double[] k = kinds.get(kind);
        return k == null || k[1] == 0 ? Double.NaN : k[0];
    }

    public int samples(String kind) {
        double[] k = kinds.get(kind);
        return k == null ? 0 : (int) k[1];
    }

    Map<String, double[]> figures() {
        return kinds;
    }

    void restore(String kind, double secondsPerJoule, int samples) {
        if (kinds.size() < KINDS && samples > 0 && Double.isFinite(secondsPerJoule) && secondsPerJoule >= 0) {
            kinds.put(kind, new double[] {secondsPerJoule, samples});
        }
    }
}
