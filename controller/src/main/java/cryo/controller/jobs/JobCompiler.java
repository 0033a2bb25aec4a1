package cryo.controller.jobs;

import cryo.controller.sequencer.SequenceException;
import cryo.controller.sequencer.SequencePlan;
import cryo.controller.sequencer.SequencerConfig;
import cryo.controller.sequencer.ThermalBudget;
import cryo.v1.Command;
import cryo.v1.Job;
import cryo.v1.StartSequence;
import java.util.List;

/**
 * Makes a submitted job ready to queue, off the ring thread: its fields checked
 * ({@link JobValidation}), its sequence compiled exactly as a StartSequence (unthrottled: a job
 * over the 4 K plate's whole budget is refused here with the figure), and its heat predicted from
 * the dissipation model. Any thread.
 */
public final class JobCompiler {
    private final SequencerConfig config;

    public JobCompiler(SequencerConfig config) {
        this.config = config;
    }

    /** For a SubmitJob: the record to queue, or the text of why not; null for other commands. */
    public Object prepare(Command c) {
        if (c.getActionCase() != Command.ActionCase.SUBMIT_JOB) {
            return null;
        }
        List<String> problems = JobValidation.problems(c);
        if (!problems.isEmpty()) {
            return String.join("; ", problems);
        }
        Job job = c.getSubmitJob().getJob();
        if (job.getOwner().isEmpty()) {
            job = job.toBuilder().setOwner(c.getOperatorId().length() > JobValidation.MAX_TEXT
                    ? c.getOperatorId().substring(0, JobValidation.MAX_TEXT) : c.getOperatorId()).build();
        }
        try {
            return compile(job, JobValidation.jobId(c));
        } catch (SequenceException e) {
            return "job.sequence: " + String.join("; ", e.errors());
        } catch (RuntimeException e) {
            return "job.sequence could not be compiled: " + e;
        }
    }

    /** Compiles a job whose fields are valid. */
    public JobRecord compile(Job job, String id) throws SequenceException {
        StartSequence start = StartSequence.newBuilder().setSequence(job.getSequence()).setLoops(job.getLoops()).setThrottle(false).build();
        SequencePlan plan = SequencePlan.of(start, config);
        double[] energies = new ThermalBudget(config.dissipation(), config.windowTicks()).energies(plan.compiled());
        double[] prefix = new double[energies.length + 1];
        for (int i = 0; i < energies.length; i++) {
            prefix[i + 1] = prefix[i] + energies[i];
        }
        double predicted = prefix[energies.length] * Integer.toUnsignedLong(job.getLoops());
        return new JobRecord(job.toBuilder().setId(id).build(), id, plan, prefix, predicted, plan.averagePowerWatts());
    }

    public SequencerConfig config() {
        return config;
    }
}
