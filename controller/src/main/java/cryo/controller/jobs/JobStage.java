package cryo.controller.jobs;

import cryo.controller.heater.HeaterLoop;
import cryo.controller.interlock.Interlock;
import cryo.controller.ring.ControlEvent;
import cryo.controller.ring.EventType;
import cryo.controller.ring.RingStage;
import cryo.controller.sequencer.PulseSequencerStage;
import cryo.controller.sequencer.SequenceException;
import cryo.controller.telemetry.StatusSnapshot;
import cryo.hal.device.BoardClock;
import cryo.v1.Command;
import cryo.v1.JobQueueState;
import cryo.v1.JobState;
import cryo.v1.KindFigure;
import cryo.v1.StoredJob;
import java.util.Map;

/**
 * The job queue on the ring, after the pulse sequencer: SubmitJob and CancelJob; on every tick the
 * running job followed through the sequencer (done, or interrupted by a trip, an abort or a stop),
 * every job still measured (energy, excursions, recovery: {@link JobMeter}), and, while a job
 * waits and the sequencer is free, the admission decision ({@link Admission}) for the one the
 * policy picks ({@link JobQueue#next}). State changes happen at job boundaries only; there the
 * queue is handed to the {@link JobStore} (written off the ring) with an audit line.
 *
 * <p>Ring thread only, except {@link #restore} (start-up, before the ring runs). No allocation on
 * a tick that crosses no job boundary.
 */
public final class JobStage implements RingStage {
    private final JobsConfig config;
    private final JobCompiler compiler;
    private final PulseSequencerStage sequencer;
    private final Interlock interlock;
    private final HeaterLoop mxcLoop;
    private final double holdBandKelvin;
    private final int mxcSensor;
    private final int plateSensor;
    private final JobQueue queue;
    private final CooldownModel cooldown;
    private final HeadroomModel headroom = new HeadroomModel(PRIOR_RISE_KELVIN_PER_JOULE);
    private final JobMeter meter;
    private final double staticWatts;
    private final double budgetWatts;
    private JobStore store;

    /**
     * Rise of the mixing chamber per joule of board heat expected of a kind never measured: on the
     * simulated cryostat with pulse-line heating a 0.2 J job of 30-40 s lifts it 8-10 mK
     * (docs/JOBS.md); a kind's own rise replaces it after its first measured job.
     */
    static final double PRIOR_RISE_KELVIN_PER_JOULE = 0.05;

    // ring thread state
    private long runningRun;
    private Admission.Verdict verdict = Admission.Verdict.ADMIT;
    private long cooldownUntilTicks;
    private long nowTicks;
    private long done;
    private long interrupted;
    private long cancelled;
    private long refused;
    /** The queue as of the last job boundary, for the status builder's thread. */
    private volatile JobQueueState listed = JobQueueState.getDefaultInstance();

    /**
     * @param mxcLoop     the loop regulating the mixing chamber, null when none (no band to judge)
     * @param mxcSensor   the mixing chamber's sensor index, -1 when none
     * @param plateSensor the 4 K plate's sensor index, -1 when none
     */
    public JobStage(JobsConfig config, JobCompiler compiler, PulseSequencerStage sequencer, Interlock interlock,
                    HeaterLoop mxcLoop, double holdBandKelvin, int mxcSensor, int plateSensor) {
        this.config = config;
        this.compiler = compiler;
        this.sequencer = sequencer;
        this.interlock = interlock;
        this.mxcLoop = mxcLoop;
        this.holdBandKelvin = holdBandKelvin;
        this.mxcSensor = mxcSensor;
        this.plateSensor = plateSensor;
        this.queue = new JobQueue(config.capacity());
        this.cooldown = new CooldownModel(config.priorSecondsPerJoule());
        this.meter = new JobMeter(BoardClock.fromSeconds(config.settleSeconds()), BoardClock.fromSeconds(config.recoveryTimeoutSeconds()));
        this.staticWatts = compiler.config().dissipation().staticWatts();
        this.budgetWatts = compiler.config().budgetWatts();
    }

    /**
     * Where the queue is persisted and job events audited (null: in memory only). Before the ring
     * runs, after {@link #restore}: what the restore changed is audited and stored at once.
     */
    public void setStore(JobStore store) {
        this.store = store;
        if (store != null && !restoredAudits.isEmpty()) {
            restoredAudits.forEach(store::audit);
            restoredAudits.clear();
            store.save(listed);
        }
    }

    private final java.util.List<JobStore.AuditLine> restoredAudits = new java.util.ArrayList<>();

    /** Any thread, before queuing a command: a SubmitJob checked and compiled (see {@link JobCompiler}); null for others. */
    public Object prepare(Command c) {
        return compiler.prepare(c);
    }

    /**
     * Start-up, before the ring runs: the stored queue back. Waiting jobs are compiled again (one
     * that no longer compiles, say under a smaller budget, is refused with the reason); a job that
     * was running is reported interrupted and not run again; learned cooldowns return.
     *
     * @return one line per job that did not come back as it was (empty when all did)
     */
    public java.util.List<String> restore(JobQueueState s) {
        java.util.List<String> notes = new java.util.ArrayList<>();
        done = s.getJobsDone();
        interrupted = s.getJobsInterrupted();
        cancelled = s.getJobsCancelled();
        refused = s.getJobsRefused();
        for (KindFigure k : s.getKindsList()) {
            cooldown.restore(k.getKind(), k.getSecondsPerJoule(), k.getSamples());
            headroom.restore(k.getKind(), k.getRiseKelvin(), k.getRiseSamples());
        }
        for (StoredJob sj : s.getJobsList()) {
            JobState st = sj.getResult().getState();
            JobRecord r;
            if (st == JobState.JOB_QUEUED) {
                try {
                    r = compiler.compile(sj.getJob(), sj.getJob().getId());
                    r.restore(sj.getResult());
                    r.submittedTicks = nowTicks; // board time restarts with the node: the wait is counted from here
                } catch (SequenceException | RuntimeException e) {
                    r = stored(sj);
                    r.state = JobState.JOB_REFUSED;
                    r.reason = "after a restart the job no longer compiles: " + e.getMessage();
                    refused++;
                    notes.add("job " + r.id + ": " + r.reason);
                    restoredAudits.add(new JobStore.AuditLine(r.id, r.job.getOwner(), "refused", r.reason));
                }
            } else {
                r = stored(sj);
                if (st == JobState.JOB_RUNNING) {
                    r.state = JobState.JOB_INTERRUPTED;
                    r.reason = "the node stopped while the job ran (" + r.loopsDone + " loop(s) done); not run again";
                    interrupted++;
                    notes.add("job " + r.id + ": " + r.reason);
                    restoredAudits.add(new JobStore.AuditLine(r.id, r.job.getOwner(), "interrupted", r.reason));
                }
            }
            r.order = sj.getOrder();
            queue.restore(r);
        }
        queue.restoreNextOrder(s.getNextOrder());
        listed = state();
        return notes;
    }

    private static JobRecord stored(StoredJob sj) {
        JobRecord r = new JobRecord(sj.getJob(), sj.getJob().getId(), null, new double[] {0}, sj.getPredictedHeatJoules(), 0);
        r.restore(sj.getResult());
        return r;
    }

    @Override
    public void onEvent(ControlEvent e) {
        if (e.type == EventType.COMMAND) {
            switch (e.command.getActionCase()) {
                case SUBMIT_JOB: submit(e); break;
                case CANCEL_JOB: cancel(e); break;
                default: break;
            }
            return;
        }
        if (e.type == EventType.TICK) {
            tick(e);
        }
    }

    // ---- commands (allocation allowed) ----

    private void submit(ControlEvent e) {
        nowTicks = e.boardTicks;
        Object p = e.prepared;
        if (p == null) {
            e.outcome.refuse("submit_job was not prepared before it was queued (submit it through Controller.submit)");
            return;
        }
        if (p instanceof String why) {
            e.outcome.refuse(why);
            return;
        }
        JobRecord r = (JobRecord) p;
        String why = queue.offer(r, e.boardTicks);
        if (why != null) {
            e.outcome.refuse(why);
            return;
        }
        e.outcome.accept(String.format("job %s queued (%d of %d waiting or running, policy %s): predicted heat %.4g J, "
                        + "average 4 K load %.3f mW of %.3f mW budget", r.id, queue.size(), queue.capacity(), config.scheduler().configName,
                r.predictedJoules, r.averageWatts * 1e3, budgetWatts * 1e3));
        boundary();
        audit(r, "queued", String.format("priority %d, kind %s, predicted %.4g J", r.priority(), r.kind, r.predictedJoules));
    }

    private void cancel(ControlEvent e) {
        nowTicks = e.boardTicks;
        String id = e.command.getCancelJob().getJobId();
        JobRecord r = queue.find(id);
        if (r == null || !r.active()) {
            e.outcome.refuse("cancel_job.job_id \"" + clip(id) + "\": no queued or running job has this id ("
                    + (r == null ? "unknown" : "already " + stateName(r.state)) + "; " + queue.size() + " waiting or running)");
            return;
        }
        String by = "cancelled by " + (e.command.getOperatorId().isEmpty() ? "an operator" : e.command.getOperatorId());
        if (r.state == JobState.JOB_RUNNING) {
            sequencer.abortFor("job " + r.id + " " + by);
            updateEnergy(r);
            queue.finish(r, JobState.JOB_CANCELLED, by + " while it ran", e.boardTicks);
            reserve(r);
        } else {
            queue.finish(r, JobState.JOB_CANCELLED, by + " before it started", e.boardTicks);
        }
        cancelled++;
        e.outcome.accept("job " + r.id + " " + r.reason);
        boundary();
        audit(r, "cancelled", r.reason);
    }

    // ---- the tick (no allocation unless a job boundary is crossed) ----

    private void tick(ControlEvent e) {
        long now = e.boardTicks;
        nowTicks = now;
        double mxcK = mxcSensor >= 0 ? e.temperatureKelvin[mxcSensor] : Double.NaN;
        double plateK = plateSensor >= 0 ? e.temperatureKelvin[plateSensor] : Double.NaN;
        double setpoint = mxcSetpointKelvin();
        // no loop on the mixing chamber: no band, a job counts as recovered once it ended and settled;
        // a loop that does not regulate (off after a trip): not in band until it regulates again
        boolean inBand = Double.isNaN(holdBandKelvin)
                || !Double.isNaN(setpoint) && !Double.isNaN(mxcK) && Math.abs(mxcK - setpoint) <= holdBandKelvin;

        JobRecord r = queue.running();
        if (r != null) {
            follow(r, now);
        }
        boolean measured = false;
        if (queue.running() != null) {
            meter.observe(queue.running(), mxcK, plateK, inBand, false, now);
        }
        long until = 0;
        for (int i = 0; i < queue.finishedCount(); i++) {
            JobRecord f = queue.finished(i);
            if (f.measuring && meter.observe(f, mxcK, plateK, inBand, true, now)) {
                measured = true;
                if (f.recovered) {
                    cooldown.learn(f.kind, f.recoverySeconds, f.energyJoules);
                }
                if (!Double.isNaN(f.mxcReadAtStartKelvin) && !Double.isNaN(f.mxcStartKelvin)) {
                    headroom.learn(f.kind, f.mxcStartKelvin + f.mxcPeakKelvin - f.mxcReadAtStartKelvin);
                }
            }
            if (f.measuring && f.reservedUntilTicks > until) {
                until = f.reservedUntilTicks;
            }
        }
        cooldownUntilTicks = until;
        if (measured) {
            boundary();
            for (int i = 0; i < queue.finishedCount(); i++) {
                JobRecord f = queue.finished(i);
                if (!f.measuring && !f.measuredReported) {
                    f.measuredReported = true;
                    audit(f, "measured", figures(f));
                }
            }
        }
        if (queue.waitingCount() == 0) {
            verdict = Admission.Verdict.ADMIT;
            return;
        }
        JobRecord head = queue.next(config.scheduler(), now, config.agingSeconds());
        verdict = decide(head, mxcK, setpoint, now);
        if (verdict == Admission.Verdict.MXC_NO_HEADROOM && now - head.submittedTicks < BoardClock.fromSeconds(config.agingSeconds())) {
            // backfill: while the head waits for room in the band, a waiting job whose expected rise fits
            // runs (highest effective priority first); not once the head has waited an aging step, so a
            // big job is never kept out by a stream of small ones
            JobRecord fit = null;
            double best = 0;
            for (int i = 0; i < queue.waitingCount(); i++) {
                JobRecord w = queue.waiting(i);
                double p = JobQueue.effectivePriority(w.job.getPriority(), w.submittedTicks, now, config.agingSeconds());
                if (w != head && (fit == null || p > best || p == best && w.order < fit.order)
                        && decide(w, mxcK, setpoint, now) == Admission.Verdict.ADMIT) {
                    fit = w;
                    best = p;
                }
            }
            if (fit != null) {
                head = fit;
                verdict = Admission.Verdict.ADMIT;
            }
        }
        if (verdict == Admission.Verdict.ADMIT) {
            head.mxcReadAtStartKelvin = mxcK;
            start(head, Double.isNaN(setpoint) ? mxcK : setpoint, plateK, now);
        }
    }

    /** The admission verdict for one waiting job now. Allocates nothing. */
    private Admission.Verdict decide(JobRecord r, double mxcK, double setpoint, long now) {
        JobRecord running = queue.running();
        double joules = Double.isNaN(r.declaredJoules()) ? r.predictedJoules : r.declaredJoules();
        return Admission.decide(config.scheduler(), interlock.tripped(), sequencer.busy() || running != null,
                mxcK, setpoint, holdBandKelvin, headroom.riseKelvin(r.kind, joules), running == null ? 0 : running.averageWatts,
                r.averageWatts, staticWatts, budgetWatts, cooldownUntilTicks, now);
    }

    /** The rise of the mixing chamber expected per job kind (learned from measured jobs; the prior for new kinds). */
    public HeadroomModel headroom() {
        return headroom;
    }

    private void follow(JobRecord r, long now) {
        updateEnergy(r);
        if (sequencer.runs() != runningRun) {
            end(r, JobState.JOB_INTERRUPTED, "another sequence replaced it", now);
            return;
        }
        String st = sequencer.state();
        if (st == PulseSequencerStage.DONE) {
            long loops = Integer.toUnsignedLong(r.job.getLoops());
            if (r.loopsDone >= loops) {
                end(r, JobState.JOB_DONE, "", now);
            } else {
                end(r, JobState.JOB_INTERRUPTED, "stopped (StopSequence) after " + r.loopsDone + " of " + loops + " loop(s)", now);
            }
        } else if (st == PulseSequencerStage.ABORTED) {
            end(r, JobState.JOB_INTERRUPTED, sequencer.lastError(), now);
        }
    }

    private void end(JobRecord r, JobState state, String reason, long now) {
        queue.finish(r, state, reason, now);
        if (state == JobState.JOB_DONE) {
            done++;
        } else {
            interrupted++;
        }
        reserve(r);
        boundary();
        audit(r, stateName(state), (reason.isEmpty() ? "" : reason + "; ") + String.format("%.4g J on the board, %d loop(s)",
                r.energyJoules, r.loopsDone));
    }

    /** The cooldown reservation after a job that put heat on the board; released early once it is measured recovered. */
    private void reserve(JobRecord r) {
        double s = cooldown.reservationSeconds(r.kind, r.energyJoules, r.declaredJoules());
        r.reservedUntilTicks = r.endedTicks + BoardClock.fromSeconds(Math.min(s, config.recoveryTimeoutSeconds()));
    }

    private void updateEnergy(JobRecord r) {
        if (r.plan == null) {
            return;
        }
        int size = r.plan.compiled().size();
        long played = sequencer.entriesPlayed();
        if (size > 0 && played >= 0) {
            long passes = played / size;
            r.energyJoules = passes * r.passPrefixJoules[size] + r.passPrefixJoules[(int) (played - passes * size)];
            r.loopsDone = passes;
        }
    }

    private void start(JobRecord head, double mxcReferenceKelvin, double plateK, long now) {
        if (!sequencer.startPlan(head.plan)) {
            queue.finish(head, JobState.JOB_REFUSED, sequencer.startNote(), now);
            refused++;
            verdict = Admission.Verdict.ADMIT;
            boundary();
            audit(head, "refused", head.reason);
            return;
        }
        runningRun = sequencer.runs();
        queue.start(head, now);
        meter.begin(head, mxcReferenceKelvin, plateK);
        boundary();
        audit(head, "started", sequencer.startNote());
    }

    private double mxcSetpointKelvin() {
        if (mxcLoop == null || !mxcLoop.closedLoop()) {
            return Double.NaN;
        }
        return mxcLoop.setpointKelvin();
    }

    // ---- boundaries: persistence and audit (allocation allowed) ----

    private void boundary() {
        JobQueueState st = state();
        listed = st;
        if (store != null) {
            store.save(st);
        }
    }

    private void audit(JobRecord r, String verdict, String detail) {
        if (store != null) {
            store.audit(new JobStore.AuditLine(r == null ? "-" : r.id, r == null ? "-" : r.job.getOwner(), verdict, detail));
        }
    }

    static String figures(JobRecord r) {
        return String.format("%.4g J on the board, mixing chamber peak +%.3g mK, 4 K plate peak +%.3g mK, %s",
                r.energyJoules, r.mxcPeakKelvin * 1e3, r.platePeakKelvin * 1e3,
                r.recovered ? String.format("recovered into band %.1f s after the end", r.recoverySeconds) : "not recovered within jobs.recoveryTimeoutSeconds");
    }

    /** The queue as stored (and as the status builder lists it). Allocates. */
    public JobQueueState state() {
        JobQueueState.Builder b = JobQueueState.newBuilder()
                .setJobsDone(done).setJobsInterrupted(interrupted).setJobsCancelled(cancelled).setJobsRefused(refused)
                .setNextOrder(queue.nextOrder());
        for (JobRecord r : queue.all()) {
            b.addJobs(StoredJob.newBuilder().setJob(r.job).setResult(r.result()).setOrder(r.order).setPredictedHeatJoules(r.predictedJoules));
        }
        java.util.TreeMap<String, KindFigure.Builder> kinds = new java.util.TreeMap<>();
        for (Map.Entry<String, double[]> k : cooldown.figures().entrySet()) {
            kinds.computeIfAbsent(k.getKey(), n -> KindFigure.newBuilder().setKind(n))
                    .setSecondsPerJoule(k.getValue()[0]).setSamples((int) k.getValue()[1]);
        }
        for (Map.Entry<String, double[]> k : headroom.figures().entrySet()) {
            kinds.computeIfAbsent(k.getKey(), n -> KindFigure.newBuilder().setKind(n))
                    .setRiseKelvin(k.getValue()[0]).setRiseSamples((int) k.getValue()[1]);
        }
        for (KindFigure.Builder k : kinds.values()) {
            b.addKinds(k);
        }
        return b.build();
    }

    static String stateName(JobState s) {
        return s.name().substring("JOB_".length()).toLowerCase(java.util.Locale.ROOT);
    }

    private static String clip(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

    // ---- status (ring thread, no allocation) ----

    /** Copies the scheduler's figures and the live figures of the jobs being measured into a snapshot. */
    public void copyTo(StatusSnapshot s) {
        JobRecord running = queue.running();
        s.jobsListed = listed;
        s.schedulerPolicy = config.scheduler().configName;
        s.schedulerQueued = queue.waitingCount();
        s.schedulerCapacity = queue.capacity();
        s.schedulerRunningJobId = running == null ? "" : running.id;
        s.schedulerLoadWatts = running == null ? staticWatts : running.averageWatts;
        s.schedulerBudgetWatts = budgetWatts;
        s.schedulerCooldownRemainingSeconds = Math.max(0, cooldownUntilTicks - nowTicks) * 1e-9;
        s.schedulerWaitingFor = verdict.text;
        s.jobsDone = done;
        s.jobsInterrupted = interrupted;
        s.jobsCancelled = cancelled;
        s.jobsRefused = refused;
        int n = 0;
        if (running != null) {
            n = live(s, n, running);
        }
        for (int i = 0; i < queue.finishedCount() && n < StatusSnapshot.MAX_LIVE_JOBS; i++) {
            if (queue.finished(i).measuring) {
                n = live(s, n, queue.finished(i));
            }
        }
        s.liveJobCount = n;
    }

    private static int live(StatusSnapshot s, int n, JobRecord r) {
        s.liveJobId[n] = r.id;
        s.liveEnergyJoules[n] = r.energyJoules;
        s.liveMxcPeakKelvin[n] = r.mxcPeakKelvin;
        s.livePlatePeakKelvin[n] = r.platePeakKelvin;
        s.liveLoopsDone[n] = r.loopsDone;
        return n + 1;
    }

    /** The queue as of the last job boundary (any thread). */
    public JobQueueState listed() {
        return listed;
    }

    public JobQueue queue() {
        return queue;
    }

    public CooldownModel cooldown() {
        return cooldown;
    }

    public JobsConfig config() {
        return config;
    }

    public Admission.Verdict verdict() {
        return verdict;
    }

    public long cooldownUntilTicks() {
        return cooldownUntilTicks;
    }
}
