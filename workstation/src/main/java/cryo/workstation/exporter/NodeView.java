package cryo.workstation.exporter;

import cryo.v1.Alarm;
import cryo.v1.AlarmState;
import cryo.v1.LoopStatus;
import cryo.v1.Status;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the exporter knows of one node: its newest status, whether it is up (Birth/Death), the
 * counters it derives (sequence gaps, heater energy) and a short history for the dashboard.
 * Not thread-safe: {@link Fleet} guards every access with its own lock.
 */
final class NodeView {
    /** Up after a Birth or a newer session's status; down after a Death; unknown when the broker is lost. */
    enum Up { UNKNOWN, UP, DOWN }

    final String node;
    Up up = Up.UNKNOWN;
    /** The newest session seen (Birth or Status); statuses of older sessions are late and ignored. */
    long bdSeq = -1;
    /** The session a Death ended; statuses of it or older are not taken. */
    long deadBdSeq = -1;
    Status last;
    long lastStatusNanos;
    double lastStatusEpochSeconds = Double.NaN;
    double statusIntervalSeconds = 1.0;
    String firmware = "";
    String runbookBaseUrl = "";
    long seqGaps;
    long statuses;
    final Map<String, Double> energyJoules = new HashMap<>();
    /** The job queue's per-job measurements (issue 22), counted once per job. */
    final JobTally jobs = new JobTally();
    /** Bumped on every change; the dashboard's event stream sends nodes whose version moved. */
    long version;
    final History history;

    NodeView(String node, History history) {
        this.node = node;
        this.history = history;
    }

    /** Takes a status of this node's current session: sequence gaps, heater energy, then the status itself. */
    void take(Status s, long nowNanos, double nowEpochSeconds) {
        Status prev = last;
        if (prev != null && prev.getBdSeq() == s.getBdSeq()) {
            int gap = ((s.getSeq() - prev.getSeq()) & 0xff) - 1;
            if (gap > 0) {
                seqGaps += gap;
            }
            long dtTicks = s.getBoardTimeTicks() - prev.getBoardTimeTicks();
            if (dtTicks > 0) {
                // energy over the interval at the power the previous status reported (held until the next)
                double dtSeconds = dtTicks / 1e9;
                for (LoopStatus l : prev.getLoopsList()) {
                    double w = l.getOutputWatts();
                    if (Double.isFinite(w) && w > 0) {
                        energyJoules.merge(l.getLoopId(), w * dtSeconds, Double::sum);
                    }
                }
            }
        }
        for (LoopStatus l : s.getLoopsList()) {
            energyJoules.putIfAbsent(l.getLoopId(), 0.0);
        }
        if (s.hasScheduler()) {
            jobs.take(s.getScheduler());
        }
        last = s;
        statuses++;
        lastStatusNanos = nowNanos;
        lastStatusEpochSeconds = nowEpochSeconds;
        if (up != Up.UP) {
            up = Up.UP;
        }
        history.add(nowEpochSeconds, s);
        version++;
    }

    /** Whether the values of the newest status may be shown as current. */
    boolean fresh(long nowNanos, double staleAfterSeconds) {
        return up == Up.UP && last != null && (nowNanos - lastStatusNanos) / 1e9 <= staleAfterSeconds;
    }

    /** The alarms an operator still has to deal with (raised or acknowledged; not shelved, not cleared). */
    static boolean open(Alarm a) {
        return a.getState() == AlarmState.ALARM_ACTIVE || a.getState() == AlarmState.ALARM_ACKNOWLEDGED;
    }

    List<Alarm> alarms() {
        return last == null ? List.of() : last.getActiveAlarmsList();
    }
}
