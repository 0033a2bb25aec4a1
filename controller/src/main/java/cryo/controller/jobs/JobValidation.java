package cryo.controller.jobs;

import cryo.v1.Command;
import cryo.v1.Job;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a submitted job's own fields, before anything is compiled: each problem one phrase
 * naming the field and its limit. Pure; any thread.
 */
public final class JobValidation {
    public static final int MAX_PRIORITY = 9;
    public static final int MAX_TEXT = 64;
    public static final long MAX_LOOPS = 1_000_000_000L;
    public static final double MAX_DECLARED_JOULES = 1e6;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1," + MAX_TEXT + "}");

    private JobValidation() {
    }

    /** The job id a command concerns: SubmitJob's id (the correlation id when left empty), CancelJob's; "" otherwise. */
    public static String jobId(Command c) {
        switch (c.getActionCase()) {
            case SUBMIT_JOB:
                String id = c.getSubmitJob().getJob().getId();
                return id.isEmpty() ? c.getCorrelationId() : id;
            case CANCEL_JOB:
                return c.getCancelJob().getJobId();
            default:
                return "";
        }
    }

    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    /** Problems with the job in a SubmitJob; empty when none. */
    public static List<String> problems(Command c) {
        List<String> p = new ArrayList<>();
        if (!c.getSubmitJob().hasJob()) {
            p.add("submit_job.job: required");
            return p;
        }
        Job j = c.getSubmitJob().getJob();
        if (j.getId().isEmpty()) {
            if (!validId(c.getCorrelationId())) {
                p.add("job.id: empty, and the correlation id is not usable as one; give job.id (1.." + MAX_TEXT + " of A-Z a-z 0-9 . _ -)");
            }
        } else if (!validId(j.getId())) {
            p.add("job.id: 1.." + MAX_TEXT + " characters of A-Z a-z 0-9 . _ - (was " + j.getId().length() + " characters)");
        }
        if (j.getOwner().length() > MAX_TEXT) {
            p.add("job.owner: at most " + MAX_TEXT + " characters (was " + j.getOwner().length() + ")");
        }
        if (j.getKind().length() > MAX_TEXT) {
            p.add("job.kind: at most " + MAX_TEXT + " characters (was " + j.getKind().length() + ")");
        }
        if (Integer.toUnsignedLong(j.getPriority()) > MAX_PRIORITY) {
            p.add("job.priority " + Integer.toUnsignedLong(j.getPriority()) + " outside 0.." + MAX_PRIORITY);
        }
        long loops = Integer.toUnsignedLong(j.getLoops());
        if (loops < 1 || loops > MAX_LOOPS) {
            p.add("job.loops " + loops + " outside 1.." + MAX_LOOPS + " (a job must end: 0 = forever is for StartSequence)");
        }
        if (!j.hasSequence()) {
            p.add("job.sequence: required");
        }
        if (j.hasDeclaredHeatJoules()) {
            double d = j.getDeclaredHeatJoules();
            if (!(d >= 0 && d <= MAX_DECLARED_JOULES)) {
                p.add("job.declared_heat_joules " + d + " outside 0.." + (long) MAX_DECLARED_JOULES);
            }
        }
        return p;
    }
}
