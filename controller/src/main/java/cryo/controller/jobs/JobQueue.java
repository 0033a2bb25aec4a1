package cryo.controller.jobs;

import cryo.v1.JobState;
import java.util.ArrayList;
import java.util.List;

/**
 * The jobs the node holds: waiting (bounded), the one running (the sequencer plays one sequence at
 * a time), and the most recent finished ones. Picks the next job by policy: FIFO by submission
 * order; thermal by priority plus aging (one step per {@code agingSeconds} waited), ties by
 * submission order, so a low-priority job is overtaken for a while but never forever.
 *
 * <p>Ring thread only (the job stage); {@link #next} allocates nothing.
 */
public final class JobQueue {
    /** Finished jobs kept for Status and the state file. */
    public static final int RECENT = 16;

    private final int capacity;
    private final ArrayList<JobRecord> waiting;
    private final ArrayList<JobRecord> finished = new ArrayList<>(RECENT + 1);
    private JobRecord running;
    private long nextOrder;

    public JobQueue(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        }
        this.capacity = capacity;
        this.waiting = new ArrayList<>(capacity);
    }

    /**
     * Queues a job at {@code nowTicks}; null when queued, else why not (queue full, id in use).
     * The queue is unchanged when refused.
     */
    public String offer(JobRecord r, long nowTicks) {
        if (size() >= capacity) {
            return "job queue full: jobs.capacity " + capacity + " jobs waiting or running; job " + r.id + " not queued";
        }
        if (find(r.id) != null) {
            return "job.id \"" + r.id + "\" is already in use by a queued, running or recent job";
        }
        r.order = nextOrder++;
        r.submittedTicks = nowTicks;
        r.state = JobState.JOB_QUEUED;
        waiting.add(r);
        return null;
    }

    /** Puts back a job read from the state file, in its stored order (start-up, before the ring runs). */
    void restore(JobRecord r) {
        if (r.state == JobState.JOB_QUEUED) {
            waiting.add(r);
        } else if (finished.size() < RECENT) {
            finished.add(r);
        }
        nextOrder = Math.max(nextOrder, r.order + 1);
    }

    void restoreNextOrder(long order) {
        nextOrder = Math.max(nextOrder, order);
    }

    /** Jobs waiting or running. */
    public int size() {
        return waiting.size() + (running == null ? 0 : 1);
    }

    public int capacity() {
        return capacity;
    }

    public int waitingCount() {
        return waiting.size();
    }

    public JobRecord waiting(int i) {
        return waiting.get(i);
    }

    public JobRecord running() {
        return running;
    }

    public int finishedCount() {
        return finished.size();
    }

    /** Finished job {@code i}, newest first. */
    public JobRecord finished(int i) {
        return finished.get(i);
    }

    public long nextOrder() {
        return nextOrder;
    }

    /** A waiting, running or recent job by id; null when none. */
    public JobRecord find(String id) {
        if (running != null && running.id.equals(id)) {
            return running;
        }
        for (int i = 0; i < waiting.size(); i++) {
            if (waiting.get(i).id.equals(id)) {
                return waiting.get(i);
            }
        }
        for (int i = 0; i < finished.size(); i++) {
            if (finished.get(i).id.equals(id)) {
                return finished.get(i);
            }
        }
        return null;
    }

    /** The job the policy would start next at {@code nowTicks}; null when none waits. */
    public JobRecord next(SchedulerPolicy policy, long nowTicks, double agingSeconds) {
        JobRecord best = null;
        double bestPriority = 0;
        for (int i = 0; i < waiting.size(); i++) {
            JobRecord r = waiting.get(i);
            if (policy == SchedulerPolicy.FIFO) {
                if (best == null || r.order < best.order) {
                    best = r;
                }
                continue;
            }
            double p = effectivePriority(r.job.getPriority(), r.submittedTicks, nowTicks, agingSeconds);
            if (best == null || p > bestPriority || p == bestPriority && r.order < best.order) {
                best = r;
                bestPriority = p;
            }
        }
        return best;
    }

    /** Priority plus one step for every {@code agingSeconds} waited. Pure. */
    public static double effectivePriority(int priority, long submittedTicks, long nowTicks, double agingSeconds) {
        double waited = Math.max(0, nowTicks - submittedTicks) * 1e-9;
        return priority + waited / agingSeconds;
    }

    /** Moves a waiting job to running. */
    void start(JobRecord r, long nowTicks) {
        waiting.remove(r);
        running = r;
        r.state = JobState.JOB_RUNNING;
        r.startedTicks = nowTicks;
    }

    /** Ends the running or a waiting job in {@code state} and keeps it among the recent ones. */
    void finish(JobRecord r, JobState state, String reason, long nowTicks) {
        if (r == running) {
            running = null;
        } else {
            waiting.remove(r);
        }
        r.state = state;
        r.reason = reason;
        r.endedTicks = nowTicks;
        if (!r.measuring) {
            r.measuredReported = true; // never started: there is no measurement to report
        }
        keep(r);
    }

    private void keep(JobRecord r) {
        finished.add(0, r);
        // the oldest finished job goes first, unless its recovery is still measured
        for (int i = finished.size() - 1; i >= 0 && finished.size() > RECENT; i--) {
            if (!finished.get(i).measuring) {
                finished.remove(i);
            }
        }
    }

    /** Every job in Status order: running, waiting (submission order), finished (newest first). */
    public List<JobRecord> all() {
        List<JobRecord> all = new ArrayList<>(size() + finished.size());
        if (running != null) {
            all.add(running);
        }
        all.addAll(waiting);
        all.addAll(finished);
        return all;
    }
}
