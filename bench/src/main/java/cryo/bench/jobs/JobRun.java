package cryo.bench.jobs;

import cryo.controller.app.Controller;
import cryo.controller.config.ConfigLoader;
import cryo.controller.config.ControllerConfig;
import cryo.controller.ring.ControlRing;
import cryo.controller.telemetry.StatusBuilder;
import cryo.controller.telemetry.StatusSnapshot;
import cryo.hal.bus.BusException;
import cryo.hal.device.BoardClock;
import cryo.hal.device.StageId;
import cryo.sim.board.LockStepDriver;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.sim.plant.CryostatPlant;
import cryo.sim.plant.EnergyAccount;
import cryo.sim.plant.PlantParameters;
import cryo.v1.Command;
import cryo.v1.JobEntry;
import cryo.v1.JobResult;
import cryo.v1.JobState;
import cryo.v1.Status;
import cryo.v1.SubmitJob;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run of a job workload through the real controller and its job queue, on the simulated
 * five-stage cryostat at base (pulse-line heating on, so jobs heat the mixing chamber), regulated
 * by the shipped cryo-cryostat.yaml with {@code jobs.scheduler} set to the policy under test, in
 * lock-step virtual time from a seed. The controller settles for {@link #SETTLE_SECONDS}, then
 * every job is submitted at once (SubmitJob commands through the ring, as from MQTT) and the run
 * lasts until every job has finished and the mixing chamber is back in band, or
 * {@code maxSeconds} have passed. Measured from the plant (what really happened): time the
 * mixing chamber spent out of its hold band, its peak, the board's power; from the interlock:
 * trips; from the node's own job results in Status: per-job energy, excursions, recovery.
 */
public final class JobRun {
    /** Virtual seconds the controller regulates before the jobs arrive (the soak's start-up). */
    public static final double SETTLE_SECONDS = 1200;
    /** Trace resolution, seconds. */
    public static final double SAMPLE_SECONDS = 1.0;

    /** One trace point: true mixing chamber and 4 K plate, board power over the last interval, the running job. */
    public record Sample(double seconds, double mxcKelvin, double plateKelvin, double boardWatts, String runningJob) {
    }

    /** A job as submitted and what the node reported for it last. */
    public record Outcome(JobWorkload.Job job, JobResult result) {
    }

    public record Result(String policy, long seed, int submitted, int done, double elapsedSeconds, double jobsPerHour,
                         double outOfBandSeconds, double longestOutSeconds, double mxcMaxKelvin, double setpointKelvin, double bandKelvin,
                         List<String> trips, List<Outcome> outcomes, List<Sample> samples, double simulatedSeconds,
                         double wallSeconds) {
        /** Jobs that ended in {@code state}. */
        public long count(JobState state) {
            return outcomes.stream().filter(o -> o.result() != null && o.result().getState() == state).count();
        }
    }

    private JobRun() {
    }

    /** The shipped cryostat configuration with {@code jobs.scheduler: policy}. */
    public static ControllerConfig config(String policy) {
        String text = resource(ConfigLoader.CRYOSTAT_RESOURCE) + "\njobs:\n  scheduler: " + policy + "\n";
        return ConfigLoader.parse("classpath:" + ConfigLoader.CRYOSTAT_RESOURCE + " + jobs.scheduler " + policy, text, JobRun::resource);
    }

    private static String resource(String name) throws IllegalStateException {
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("classpath:" + name + ": not found");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("classpath:" + name + ": " + e.getMessage(), e);
        }
    }

    public static Result run(String policy, List<JobWorkload.Job> jobs, long seed, double maxSeconds) throws BusException {
        long wall0 = System.nanoTime();
        ControllerConfig config = config(policy);
        SimulatedBoard board = SimulatedBoards.cryostatAtBase(PlantParameters.defaults().withPulseLineHeating(), seed);
        CryostatPlant plant = (CryostatPlant) board.plant();
        StatusBuilder statuses = new StatusBuilder(config);
        Map<String, JobResult> results = new LinkedHashMap<>();
        List<String> refusals = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        List<String> trips = new ArrayList<>();
        double setpoint;
        double band;
        double outOfBand = 0;
        double stretch = 0;
        double longest = 0;
        double mxcMax = 0;
        double lastEnd = 0;
        double simulated;
        try (Controller controller = Controller.create(config, board, board.clock(), ControlRing.defaultWaitStrategy(),
                (c, ok, why, t) -> {
                    if (!ok) {
                        synchronized (refusals) {
                            refusals.add(c.getCorrelationId() + ": " + why);
                        }
                    }
                })) {
            controller.start();
            LockStepDriver driver = new LockStepDriver(board, config.tickIntervalSeconds(), controller::step);
            var mxcLoop = controller.loops()[0];
            band = config.interlocks().loop(mxcLoop.loopId()).holdBandKelvin();
            driver.run(SETTLE_SECONDS);
            drain(controller, statuses, results);
            setpoint = mxcLoop.setpointKelvin();
            for (JobWorkload.Job j : jobs) {
                cryo.v1.Job.Builder b = cryo.v1.Job.newBuilder().setId(j.id()).setOwner(j.owner()).setPriority(j.priority())
                        .setKind(j.kind()).setSequence(j.sequence()).setLoops(j.loops());
                if (j.declaredJoules() > 0) {
                    b.setDeclaredHeatJoules(j.declaredJoules());
                }
                if (!controller.submit(Command.newBuilder().setCorrelationId("submit-" + j.id()).setOperatorId("bench")
                        .setSubmitJob(SubmitJob.newBuilder().setJob(b)).build())) {
                    throw new IllegalStateException("command ring full at " + j.id());
                }
                controller.awaitIdle();
            }
            synchronized (refusals) {
                if (!refusals.isEmpty()) {
                    throw new IllegalStateException("submissions refused: " + refusals);
                }
            }
            double t0 = BoardClock.toSeconds(board.clock().nowTicks());
            double boardJoules = plant.energyLedger().joulesIn(EnergyAccount.BOARD);
            double nextSample = 0;
            long seenTrips = controller.interlock().tripCount();
            String running = "";
            long ticks = Math.round(maxSeconds / config.tickIntervalSeconds());
            double dt = config.tickIntervalSeconds();
            for (long i = 0; i < ticks; i++) {
                driver.step();
                double t = BoardClock.toSeconds(board.clock().nowTicks()) - t0;
                double mxc = plant.temperatureKelvin(StageId.MXC);
                mxcMax = Math.max(mxcMax, mxc);
                boolean out = Math.abs(mxc - setpoint) > band;
                if (out) {
                    outOfBand += dt;
                    stretch += dt;
                    longest = Math.max(longest, stretch);
                } else {
                    stretch = 0;
                }
                if (controller.interlock().tripCount() != seenTrips) {
                    seenTrips = controller.interlock().tripCount();
                    trips.add(String.format(java.util.Locale.ROOT, "%.0f s: %s", BoardClock.toSeconds(controller.interlock().tripTicks()) - t0,
                            controller.interlock().cause().name()));
                }
                Status s = drain(controller, statuses, results);
                if (s != null) {
                    running = s.getScheduler().getRunningJobId();
                }
                if (t >= nextSample) {
                    double joules = plant.energyLedger().joulesIn(EnergyAccount.BOARD);
                    samples.add(new Sample(t, mxc, plant.temperatureKelvin(StageId.PLATE_4K), (joules - boardJoules) / SAMPLE_SECONDS, running));
                    boardJoules = joules;
                    nextSample += SAMPLE_SECONDS;
                }
                if (s != null && finished(jobs, results)) {
                    lastEnd = lastEnd(t0, results);
                    // and the mixing chamber back in band for a minute, so the tail of the last job counts
                    if (!out && t - lastEnd > 60) {
                        break;
                    }
                }
            }
            simulated = BoardClock.toSeconds(board.clock().nowTicks()) - t0;
            if (lastEnd == 0) {
                lastEnd = lastEnd(t0, results);
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        int done = 0;
        for (JobWorkload.Job j : jobs) {
            JobResult r = results.get(j.id());
            outcomes.add(new Outcome(j, r));
            if (r != null && r.getState() == JobState.JOB_DONE) {
                done++;
            }
        }
        double perHour = lastEnd > 0 ? done * 3600.0 / lastEnd : 0;
        return new Result(policy, seed, jobs.size(), done, lastEnd, perHour, outOfBand, longest, mxcMax, setpoint, band, List.copyOf(trips),
                outcomes, samples, simulated, (System.nanoTime() - wall0) * 1e-9);
    }

    /** Reads every status the node produced since the last call, keeping each job's latest result; the last status or null. */
    private static Status drain(Controller c, StatusBuilder b, Map<String, JobResult> results) {
        Status last = null;
        StatusSnapshot s;
        while ((s = c.statusChannel().poll()) != null) {
            last = b.build(s, 0, 0);
            c.statusChannel().release();
            for (JobEntry e : last.getScheduler().getJobsList()) {
                if (e.hasResult()) {
                    results.put(e.getId(), e.getResult());
                }
            }
        }
        return last;
    }

    private static boolean finished(List<JobWorkload.Job> jobs, Map<String, JobResult> results) {
        for (JobWorkload.Job j : jobs) {
            JobResult r = results.get(j.id());
            if (r == null || r.getState() == JobState.JOB_QUEUED || r.getState() == JobState.JOB_RUNNING) {
                return false;
            }
        }
        return true;
    }

    /** Seconds from the submissions to the end of the last job that ended. */
    private static double lastEnd(double t0, Map<String, JobResult> results) {
        double end = 0;
        for (JobResult r : results.values()) {
            if (r.getEndedBoardTicks() > 0) {
                end = Math.max(end, BoardClock.toSeconds(r.getEndedBoardTicks()) - t0);
            }
        }
        return end;
    }
}
