package cryo.bench;

import cryo.bench.jobs.JobRun;
import cryo.bench.jobs.JobWorkload;
import cryo.bench.jobs.JobsPlot;
import cryo.v1.JobResult;
import cryo.v1.JobState;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cryo bench jobs}: the same job workload (count, seed) through the FIFO and the thermal
 * scheduler on the simulated cryostat, side by side: jobs per hour, time the mixing chamber spent
 * out of its hold band, trips, per-job heat. Writes docs/JOBS.md and its plot with
 * {@code --markdown} and {@code --plot}.
 */
@Command(name = "jobs", mixinStandardHelpOptions = true,
        description = "FIFO vs thermal job scheduler on the simulated cryostat, same jobs, same seed (issue 22; docs/JOBS.md).")
final class JobsBench implements Callable<Integer> {
    @Option(names = "--count", defaultValue = "50", description = "jobs in the workload (default ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the workload and the simulator (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--max-hours", defaultValue = "6", description = "virtual time cap of each run (default ${DEFAULT-VALUE})")
    double maxHours;

    @Option(names = "--other-seeds", split = ",", paramLabel = "SEED", description = "also run these seeds (same count) and list their figures")
    List<Long> otherSeeds = new java.util.ArrayList<>();

    @Option(names = "--plot", paramLabel = "FILE.png", description = "side-by-side plot")
    Path plot;

    @Option(names = "--markdown", paramLabel = "FILE", description = "write the results as docs/JOBS.md")
    Path markdown;

    @Option(names = "--json", paramLabel = "FILE", description = "machine-readable results")
    Path json;

    @Override
    public Integer call() throws Exception {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<JobWorkload.Job> jobs = JobWorkload.generate(count, seed);
        JobRun.Result fifo = JobRun.run("fifo", jobs, seed, maxHours * 3600);
        System.out.println(line(fifo));
        JobRun.Result thermal = JobRun.run("thermal", jobs, seed, maxHours * 3600);
        System.out.println(line(thermal));
        double ratio = fifo.jobsPerHour() > 0 ? thermal.jobsPerHour() / fifo.jobsPerHour() : Double.NaN;
        boolean goal = thermal.outOfBandSeconds() == 0 && thermal.trips().isEmpty() && thermal.done() == count && ratio >= 0.8
                && (fifo.outOfBandSeconds() > 0 || !fifo.trips().isEmpty());
        System.out.printf(Locale.ROOT, "thermal/fifo throughput %.2f; goal (thermal in band, no trips, >= 80 %% of FIFO; FIFO out of band or tripped): %s%n",
                ratio, goal ? "met" : "NOT met");
        List<String> others = new java.util.ArrayList<>();
        for (long s : otherSeeds) {
            List<JobWorkload.Job> w = JobWorkload.generate(count, s);
            JobRun.Result f = JobRun.run("fifo", w, s, maxHours * 3600);
            JobRun.Result t = JobRun.run("thermal", w, s, maxHours * 3600);
            String row = String.format(Locale.ROOT, "| %d | %d / %d | %.1f | %.0f s | %.2f mK | %d | %d / %d | %.1f (%.0f %%) | %.0f s | %.2f mK | %d |",
                    s, f.done(), f.submitted(), f.jobsPerHour(), f.outOfBandSeconds(), f.mxcMaxKelvin() * 1e3, f.trips().size(),
                    t.done(), t.submitted(), t.jobsPerHour(), 100 * t.jobsPerHour() / f.jobsPerHour(), t.outOfBandSeconds(),
                    t.mxcMaxKelvin() * 1e3, t.trips().size());
            System.out.println("seed " + s + ": " + line(f) + "\n        " + line(t));
            others.add(row);
        }
        if (plot != null) {
            JobsPlot.write(plot, String.format(Locale.ROOT, "cryo bench jobs: %d jobs, seed %d, FIFO vs thermal scheduler (simulated cryostat, virtual time)",
                    count, seed), List.of(fifo, thermal));
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("jobs", count);
        r.put("seed", seed);
        for (JobRun.Result x : List.of(fifo, thermal)) {
            String p = x.policy() + "_";
            r.put(p + "done", x.done());
            r.put(p + "jobs_per_hour", round(x.jobsPerHour(), 2));
            r.put(p + "out_of_band_seconds", round(x.outOfBandSeconds(), 1));
            r.put(p + "mxc_max_mk", round(x.mxcMaxKelvin() * 1e3, 2));
            r.put(p + "trips", x.trips().size());
            r.put(p + "board_joules", round(energy(x), 3));
        }
        r.put("throughput_ratio", round(ratio, 3));
        r.put("goal_met", goal);
        r.put("machine_cores", Runtime.getRuntime().availableProcessors());
        r.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        r.put("load_average_at_start", load);
        if (json != null) {
            Files.writeString(json, BenchMain.toJson(r));
        }
        if (markdown != null) {
            Files.writeString(markdown, markdown(jobs, fifo, thermal, ratio, goal, load, others));
        }
        return 0;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    static String line(JobRun.Result r) {
        return String.format(Locale.ROOT, "%-8s %d/%d jobs done in %.0f s = %.1f jobs/h; mixing chamber out of band %.0f s, peak %.2f mK; "
                        + "%d trips %s; board energy %.2f J; %.0f s simulated in %.1f s wall",
                r.policy(), r.done(), r.submitted(), r.elapsedSeconds(), r.jobsPerHour(), r.outOfBandSeconds(), r.mxcMaxKelvin() * 1e3,
                r.trips().size(), r.trips(), energy(r), r.simulatedSeconds(), r.wallSeconds());
    }

    static double energy(JobRun.Result r) {
        double j = 0;
        for (JobRun.Outcome o : r.outcomes()) {
            if (o.result() != null) {
                j += o.result().getEnergyJoules();
            }
        }
        return j;
    }

    private static String cpu() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        } catch (java.io.IOException e) {
            return "unknown";
        }
        return "unknown";
    }

    static String markdown(List<JobWorkload.Job> jobs, JobRun.Result fifo, JobRun.Result thermal, double ratio, boolean goal, double load,
                           List<String> others) {
        StringBuilder b = new StringBuilder();
        b.append("# Jobs: FIFO against the thermal scheduler\n\n");
        StringBuilder seeds = new StringBuilder();
        for (String o : others) {
            seeds.append(seeds.length() == 0 ? "" : ",").append(o.substring(2, o.indexOf(' ', 2)));
        }
        b.append(String.format(Locale.ROOT, "Generated by `./cryo bench jobs --count %d --seed %d%s --markdown docs/JOBS.md --plot docs/jobs-fifo-vs-thermal.png`. "
                + "Every figure below comes from that one run (virtual time: the figures are the same on any machine; only the wall times are not).%n%n",
                fifo.submitted(), fifo.seed(), seeds.length() == 0 ? "" : " --other-seeds " + seeds));
        b.append("The same ").append(fifo.submitted()).append(" pulse jobs (`JobWorkload`, seed ").append(fifo.seed())
                .append(") are submitted at once to the real controller (SubmitJob through the ring, as over MQTT) on the simulated five-stage "
                + "cryostat at base (`SimulatedBoards.cryostatAtBase`, pulse-line heating on: 0.6 % of the board's pulse power lands on the mixing "
                + "chamber, the rest on the 4 K plate), regulated by the shipped `cryo-cryostat.yaml` (mixing chamber at 20 mK, hold band ±10 mK) "
                + "with only `jobs.scheduler` changed. The controller regulates for 20 min before the jobs arrive; a run ends when every job has "
                + "finished and the mixing chamber has been back in band for a minute. Out of band and peak are the mixing chamber's true "
                + "temperature in the plant, sampled every control tick (0.1 s); trips are the interlock's; energy, excursions and recovery per job "
                + "are the node's own job results (Status.scheduler).\n\n");
        b.append("![FIFO vs thermal](jobs-fifo-vs-thermal.png)\n\n");
        b.append("| | FIFO | thermal |\n|---|---|---|\n");
        row(b, "jobs done", fifo.done() + " / " + fifo.submitted(), thermal.done() + " / " + thermal.submitted());
        row(b, "time to the last job's end", String.format(Locale.ROOT, "%.0f s", fifo.elapsedSeconds()), String.format(Locale.ROOT, "%.0f s", thermal.elapsedSeconds()));
        row(b, "jobs per hour", String.format(Locale.ROOT, "%.1f", fifo.jobsPerHour()), String.format(Locale.ROOT, "%.1f (%.0f %% of FIFO)", thermal.jobsPerHour(), 100 * ratio));
        row(b, "mixing chamber out of its hold band", String.format(Locale.ROOT, "%.0f s", fifo.outOfBandSeconds()), String.format(Locale.ROOT, "%.0f s", thermal.outOfBandSeconds()));
        row(b, "its longest stretch out of the band", String.format(Locale.ROOT, "%.0f s", fifo.longestOutSeconds()),
                String.format(Locale.ROOT, "%.0f s", thermal.longestOutSeconds()));
        row(b, "mixing chamber peak (setpoint 20 mK, band to 30 mK)", String.format(Locale.ROOT, "%.2f mK", fifo.mxcMaxKelvin() * 1e3), String.format(Locale.ROOT, "%.2f mK", thermal.mxcMaxKelvin() * 1e3));
        row(b, "trips", fifo.trips().isEmpty() ? "0" : fifo.trips().size() + " (" + String.join(", ", fifo.trips()) + ")",
                thermal.trips().isEmpty() ? "0" : thermal.trips().size() + " (" + String.join(", ", thermal.trips()) + ")");
        row(b, "jobs interrupted / refused", fifo.count(JobState.JOB_INTERRUPTED) + " / " + fifo.count(JobState.JOB_REFUSED),
                thermal.count(JobState.JOB_INTERRUPTED) + " / " + thermal.count(JobState.JOB_REFUSED));
        row(b, "board energy of the jobs", String.format(Locale.ROOT, "%.2f J", energy(fifo)), String.format(Locale.ROOT, "%.2f J", energy(thermal)));
        b.append(String.format(Locale.ROOT, "%nGoal (thermal: in band the whole time, zero trips, at least 80 %% of FIFO's throughput; FIFO leaves the band or trips): **%s**.%n%n",
                goal ? "met" : "not met"));
        b.append("Machine: ").append(cpu()).append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.runtime.version"))
                .append(String.format(Locale.ROOT, ", load average %.2f at the start. Wall time: FIFO %.1f s, thermal %.1f s for %.0f s and %.0f s simulated.%n%n",
                        load, fifo.wallSeconds(), thermal.wallSeconds(), fifo.simulatedSeconds(), thermal.simulatedSeconds()));
        b.append("## What the thermal scheduler does here\n\n"
                + "FIFO starts each job the moment the sequencer is free. The thermal scheduler (controller/README.md, \"Job queue\") starts a job "
                + "only when the 4 K plate's predicted load fits the budget, any cooldown reservation is over, and the mixing chamber has room "
                + "in its band for the job: its distance above setpoint plus the rise expected of the job's kind (learned from the kind's "
                + "measured jobs; 0.05 K per joule before the first) within 90 % of the band. While the head of the queue waits for room, "
                + "the highest-priority job that fits runs instead (backfill), so light jobs fill the time heavy ones would otherwise wait; "
                + "the plot's bars show it interleaving heavy (red) with light (green) jobs where FIFO runs heavy ones back to back.\n\n");
        b.append("Reading the figures: jobs per hour is jobs done over the time from the submissions to the end of the last job. "
                + "The out-of-band figures judge the true temperature in the plant; the interlock's hold-band trip (interlocks.loops.mxc: "
                + "120 s outside at a stretch, or 2 K·s integrated beyond the band) judges the controller's reading of it. A job's mixing-chamber excursion is measured above the "
                + "setpoint at its start, so it includes heat the job before it left behind; its recovery is the time back into the hold "
                + "band, 0 for the jobs that never left it. The pulse-line share (0.6 %) is a simulator estimate (sim-board/README.md).\n\n");
        if (!others.isEmpty()) {
            b.append("Other seeds, same count (the same command with `--other-seeds`; the goal is judged on the seed above):\n\n"
                    + "| seed | FIFO done | FIFO jobs/h | FIFO out of band | FIFO peak | FIFO trips | thermal done | thermal jobs/h | thermal out of band | thermal peak | thermal trips |\n"
                    + "|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (String o : others) {
                b.append(o).append('\n');
            }
            b.append('\n');
        }
        b.append("## Per job\n\nPulse power is the workload's (what the job was built for); energy, the mixing chamber's and 4 K plate's peak excursion "
                + "and the recovery into band are what the node measured for the job in each run.\n\n");
        b.append("| job | kind | prio | pulse mW | s | FIFO J | FIFO MXC mK | FIFO 4K mK | FIFO recovery s | thermal J | thermal MXC mK | thermal 4K mK | thermal recovery s |\n");
        b.append("|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < jobs.size(); i++) {
            JobWorkload.Job j = jobs.get(i);
            b.append(String.format(Locale.ROOT, "| %s | %s | %d | %.2f | %.0f | %s | %s |%n", j.id(), j.kind(), j.priority(), j.pulseWatts() * 1e3, j.seconds(),
                    cells(fifo.outcomes().get(i).result()), cells(thermal.outcomes().get(i).result())));
        }
        return b.toString();
    }

    private static String cells(JobResult r) {
        if (r == null) {
            return "– | – | – | –";
        }
        String state = r.getState() == JobState.JOB_DONE ? "" : " (" + r.getState().name().replace("JOB_", "").toLowerCase(Locale.ROOT) + ")";
        String rec = r.getRecovered() ? String.format(Locale.ROOT, "%.0f", r.getRecoverySeconds()) : "not recovered";
        return String.format(Locale.ROOT, "%.3f%s | %.2f | %.2f | %s", r.getEnergyJoules(), state, r.getMxcPeakExcursionKelvin() * 1e3,
                r.getPlate4KPeakExcursionKelvin() * 1e3, rec);
    }

    private static void row(StringBuilder b, String what, String fifo, String thermal) {
        b.append("| ").append(what).append(" | ").append(fifo).append(" | ").append(thermal).append(" |\n");
    }
}
