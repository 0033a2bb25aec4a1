package cryo.controller.jobs;

/** How the job queue picks and starts jobs ({@code jobs.scheduler}). */
public enum SchedulerPolicy {
    /** Submission order; a job starts as soon as the sequencer is free and the interlock armed (the comparison baseline). */
    FIFO("fifo"),
    /** Priority with aging; a job starts only when the fridge can take its heat ({@link Admission}). */
    THERMAL("thermal");

    public final String configName;

    SchedulerPolicy(String configName) {
        this.configName = configName;
    }

    /** The policy named in configuration; null when the name is not one. */
    public static SchedulerPolicy parse(String name) {
        for (SchedulerPolicy p : values()) {
            if (p.configName.equals(name)) {
                return p;
            }
        }
        return null;
    }
}
