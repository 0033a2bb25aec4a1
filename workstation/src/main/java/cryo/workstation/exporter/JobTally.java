package cryo.workstation.exporter;

import cryo.v1.JobEntry;
import cryo.v1.JobResult;
import cryo.v1.JobState;
import cryo.v1.SchedulerStatus;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.TreeMap;

/**
 * The per-job measurements of one node, as counters and last values by job kind: each finished
 * job's board energy and end state counted once (when its result first shows it ended), its
 * recovery into band once (when the node first reports it recovered), and the last finished job's
 * excursions. A job is known by its id and submission time, so a resubmitted id counts again.
 * Remembers the last {@link #REMEMBERED} jobs it counted (a status lists the newest few).
 * Not thread-safe: {@link Fleet}'s lock guards it, with its {@link NodeView}.
 */
final class JobTally {
    static final int REMEMBERED = 4096;

    /** Per kind: what the metrics show. */
    static final class Kind {
        double energyJoules;
        double recoverySeconds;
        long recovered;
        final Map<String, Long> finished = new TreeMap<>();
        double lastEnergyJoules = Double.NaN;
        double lastMxcPeakKelvin = Double.NaN;
        double lastPlatePeakKelvin = Double.NaN;
        double lastRecoverySeconds = Double.NaN;
    }

    final Map<String, Kind> kinds = new TreeMap<>();
    private final LinkedHashSet<String> ended = new LinkedHashSet<>();
    private final LinkedHashSet<String> recoveredJobs = new LinkedHashSet<>();

    void take(SchedulerStatus s) {
        for (JobEntry e : s.getJobsList()) {
            JobResult r = e.getResult();
            if (r.getEndedBoardTicks() == 0 || r.getState() == JobState.JOB_QUEUED || r.getState() == JobState.JOB_RUNNING) {
                continue;
            }
            String key = e.getId() + "@" + r.getSubmittedBoardTicks();
            Kind k = kinds.computeIfAbsent(e.getKind().isEmpty() ? e.getSequenceName() : e.getKind(), x -> new Kind());
            if (remember(ended, key)) {
                if (Double.isFinite(r.getEnergyJoules())) {
                    k.energyJoules += r.getEnergyJoules();
                    k.lastEnergyJoules = r.getEnergyJoules();
                }
                k.finished.merge(state(r.getState()), 1L, Long::sum);
            }
            if (r.getStartedBoardTicks() > 0) {
                // the excursions grow until the chamber is back in band: the newest figures of the newest job
                k.lastMxcPeakKelvin = r.getMxcPeakExcursionKelvin();
                k.lastPlatePeakKelvin = r.getPlate4KPeakExcursionKelvin();
            }
            if (r.getRecovered() && Double.isFinite(r.getRecoverySeconds()) && remember(recoveredJobs, key)) {
                k.recoverySeconds += r.getRecoverySeconds();
                k.recovered++;
                k.lastRecoverySeconds = r.getRecoverySeconds();
            }
        }
    }

    /** JOB_DONE becomes done. */
    static String state(JobState s) {
        return s.name().replace("JOB_", "").toLowerCase(java.util.Locale.ROOT);
    }

    private static boolean remember(LinkedHashSet<String> set, String key) {
        if (!set.add(key)) {
            return false;
        }
        if (set.size() > REMEMBERED) {
            set.remove(set.iterator().next());
        }
        return true;
    }
}
