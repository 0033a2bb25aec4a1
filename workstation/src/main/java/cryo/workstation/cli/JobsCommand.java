package cryo.workstation.cli;

import cryo.controller.mqtt.OperatorKeys;
import cryo.controller.mqtt.Topics;
import cryo.v1.CancelJob;
import cryo.v1.Command;
import cryo.v1.CommandResult;
import cryo.v1.Job;
import cryo.v1.JobEntry;
import cryo.v1.JobResult;
import cryo.v1.PulseSequence;
import cryo.v1.SchedulerStatus;
import cryo.v1.Status;
import cryo.v1.SubmitJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cryo jobs submit|list|cancel}: the node's job queue (issue 22). Submit and cancel send a
 * command and print its result (exit 0 accepted, 3 refused, 1 no answer), like {@code cryo cmd};
 * list prints the scheduler and its jobs from the node's next status, with each job's measured
 * heat: board energy, peak excursions of the mixing chamber and the 4 K plate, recovery into band.
 */
@picocli.CommandLine.Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "Submit, list or cancel pulse jobs in a node's thermally aware job queue.",
        subcommands = {JobsCommand.Submit.class, JobsCommand.ListJobs.class, JobsCommand.Cancel.class})
public final class JobsCommand {
    /** The node and how to reach it: every subcommand's options. */
    static final class Target {
        @Option(names = "--node", defaultValue = "sim-1", description = "node id (default ${DEFAULT-VALUE}, the node './cryo run' starts)")
        String node;

        @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "MQTT broker (default ${DEFAULT-VALUE})")
        String broker;

        @Mixin
        BrokerAuthOptions auth;

        @Option(names = "--timeout", defaultValue = "15", description = "seconds to wait for a result or a status (default ${DEFAULT-VALUE})")
        double timeoutSeconds;

        void check() {
            if (!(timeoutSeconds > 0 && timeoutSeconds <= 3600)) {
                throw new UserError("--timeout " + timeoutSeconds + " outside (0, 3600] s");
            }
        }
    }

    static int send(CommandSpec spec, Target t, OperatorOptions operator, java.util.function.UnaryOperator<Command.Builder> what)
            throws InterruptedException {
        t.check();
        OperatorKeys.Key key = operator.key();
        Command c = what.apply(CommandSender.base(t.node, operator.operatorId(key))).build();
        PrintWriter out = spec.commandLine().getOut();
        try (CommandSender sender = new CommandSender(t.auth.toOptions(t.broker), t.node)) {
            CommandResult r = sender.send(c, key, t.timeoutSeconds);
            if (r == null) {
                return CmdCommand.report(out, null, c, t.timeoutSeconds);
            }
            out.printf("%s: %s%s%s%n", r.getAccepted() ? "accepted" : "refused", r.getJobId().isEmpty() ? "" : "job " + r.getJobId() + ": ",
                    r.getReason(), r.getDuplicate() ? " (the first answer, repeated for a resend)" : "");
            out.flush();
            return r.getAccepted() ? 0 : CmdCommand.REFUSED;
        }
    }

    @picocli.CommandLine.Command(name = "submit", mixinStandardHelpOptions = true,
            description = {"Submit a pulse sequence file (protobuf text format or JSON, as 'cryo sequence') as a job.",
                    "Exit status: 0 accepted (queued), 3 refused, 1 error or no answer."})
    static final class Submit implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "pulse sequence file")
        Path file;

        @Option(names = "--priority", defaultValue = "0", description = "0 (lowest) .. 9 (highest); waiting raises it (default ${DEFAULT-VALUE})")
        long priority;

        @Option(names = "--loops", defaultValue = "1", description = "passes of the sequence, 1 or more (default ${DEFAULT-VALUE})")
        long loops;

        @Option(names = "--id", description = "job id ([A-Za-z0-9._-], at most 64 chars; default: the node assigns one)")
        String id;

        @Option(names = "--kind", description = "groups similar jobs: the cooldown after a job is learned per kind (default: the sequence name)")
        String kind;

        @Option(names = "--owner", description = "who to tell (default: the operator)")
        String owner;

        @Option(names = "--heat-joules", paramLabel = "J", description = "declared heat estimate on the board, joules (the prior for the kind's cooldown)")
        Double heatJoules;

        @Mixin
        Target target;

        @Mixin
        OperatorOptions operator;

        @Override
        public Integer call() throws Exception {
            Job job = job(SequenceCommand.read(file), priority, loops, id, kind, owner, heatJoules);
            return send(spec, target, operator, b -> b.setSubmitJob(SubmitJob.newBuilder().setJob(job)));
        }
    }

    /** Largest declared heat: a megajoule would warm the whole fridge; anything near it is a typing mistake. */
    static final double MAX_HEAT_JOULES = 1e6;

    /** The job a submit sends; a flag out of range is one line naming the flag and the limit. */
    static Job job(PulseSequence s, long priority, long loops, String id, String kind, String owner, Double heatJoules) {
        if (priority < 0 || priority > 9) {
            throw new UserError("--priority " + priority + " outside 0..9");
        }
        if (loops < 1 || loops > 0xFFFF_FFFFL) {
            throw new UserError("--loops " + loops + " outside 1..4294967295 (a job must end)");
        }
        Job.Builder b = Job.newBuilder().setSequence(s).setPriority((int) priority).setLoops((int) loops);
        if (id != null) {
            b.setId(id);
        }
        if (kind != null) {
            b.setKind(kind);
        }
        if (owner != null) {
            b.setOwner(owner);
        }
        if (heatJoules != null) {
            if (!(heatJoules >= 0 && heatJoules <= MAX_HEAT_JOULES)) {
                throw new UserError("--heat-joules " + heatJoules + " outside 0.." + (long) MAX_HEAT_JOULES + " J");
            }
            b.setDeclaredHeatJoules(heatJoules);
        }
        return b.build();
    }

    @picocli.CommandLine.Command(name = "cancel", mixinStandardHelpOptions = true,
            description = {"Cancel a queued job, or stop a running one (measured up to the stop).",
                    "Exit status: 0 accepted, 3 refused (e.g. an unknown id), 1 error or no answer."})
    static final class Cancel implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "ID", description = "job id")
        String id;

        @Mixin
        Target target;

        @Mixin
        OperatorOptions operator;

        @Override
        public Integer call() throws Exception {
            if (id.isBlank()) {
                throw new UserError("ID is empty: name the job to cancel ('cryo jobs list' shows them)");
            }
            return send(spec, target, operator, b -> b.setCancelJob(CancelJob.newBuilder().setJobId(id)));
        }
    }

    @picocli.CommandLine.Command(name = "list", mixinStandardHelpOptions = true,
            description = "The scheduler and its jobs from the node's next status: queued and running, then the latest finished, "
                    + "each with its measured heat (board energy, peak excursions, recovery into band).")
    static final class ListJobs implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Target target;

        @Override
        public Integer call() throws Exception {
            target.check();
            LinkedBlockingQueue<Status> statuses = new LinkedBlockingQueue<>();
            Status s;
            try (SupervisorClient client = new SupervisorClient(target.auth.toOptions(target.broker), "cryo-jobs-")) {
                client.subscribe(Topics.status(target.node), 0, SupervisorClient.decodeInto(Status.parser(), statuses));
                s = statuses.poll((long) (target.timeoutSeconds * 1000), TimeUnit.MILLISECONDS);
            }
            if (s == null) {
                throw new UserError("no status from node '" + target.node + "' within " + target.timeoutSeconds + " s: is it up? ('cryo watch')");
            }
            PrintWriter out = spec.commandLine().getOut();
            for (String line : format(target.node, s.getScheduler())) {
                out.println(line);
            }
            out.flush();
            return 0;
        }
    }

    /** The scheduler's line, then a header and one line per job. */
    static java.util.List<String> format(String node, SchedulerStatus q) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%s: scheduler %s, %d/%d queued, running %s, load %.2f of %.2f mW (%.0f %%), cooldown %.0f s, done %d, interrupted %d, cancelled %d, refused %d%s",
                node, q.getPolicy().isEmpty() ? "-" : q.getPolicy(), q.getQueued(), q.getCapacity(),
                q.getRunningJobId().isEmpty() ? "-" : q.getRunningJobId(), q.getLoadWatts() * 1e3, q.getBudgetWatts() * 1e3,
                100 * q.getUtilization(), q.getCooldownRemainingSeconds(), q.getJobsDone(), q.getJobsInterrupted(), q.getJobsCancelled(),
                q.getJobsRefused(), q.getWaitingFor().isEmpty() ? "" : "; waiting: " + q.getWaitingFor()));
        if (q.getJobsCount() == 0) {
            lines.add(node + ": no jobs");
            return lines;
        }
        lines.add(String.format(Locale.ROOT, "%-24s %-11s %-10s %5s %-12s %8s %9s %9s %9s %10s  %s",
                "ID", "STATE", "OWNER", "PRIO", "KIND", "LOOPS", "ENERGY_J", "MXC_MK", "4K_MK", "RECOVERY", "REASON"));
        for (JobEntry e : q.getJobsList()) {
            JobResult r = e.getResult();
            String recovery = r.getRecovered() ? String.format(Locale.ROOT, "%.1f s", r.getRecoverySeconds())
                    : r.getEndedBoardTicks() > 0 ? "measuring" : "-";
            boolean started = r.getStartedBoardTicks() > 0;
            lines.add(String.format(Locale.ROOT, "%-24s %-11s %-10s %5.1f %-12s %8d %9s %9s %9s %10s  %s", e.getId(),
                    r.getState().name().replace("JOB_", "").toLowerCase(Locale.ROOT), e.getOwner().isEmpty() ? "-" : e.getOwner(),
                    e.getEffectivePriority(), e.getKind().isEmpty() ? "-" : e.getKind(), e.getLoops(),
                    started ? String.format(Locale.ROOT, "%.4f", r.getEnergyJoules()) : "-",
                    started ? String.format(Locale.ROOT, "%.3f", r.getMxcPeakExcursionKelvin() * 1e3) : "-",
                    started ? String.format(Locale.ROOT, "%.2f", r.getPlate4KPeakExcursionKelvin() * 1e3) : "-",
                    recovery, r.getReason()));
        }
        return lines;
    }
}
