package cryo.controller.sequencer;

import cryo.controller.alarm.AlarmSet;
import cryo.controller.interlock.Interlock;
import cryo.controller.ring.ControlEvent;
import cryo.controller.ring.EventType;
import cryo.controller.ring.RingStage;
import cryo.controller.telemetry.StatusSnapshot;
import cryo.hal.bus.BusException;
import cryo.hal.cmos.CryoCmosBoard;
import cryo.hal.device.BoardClock;
import cryo.hal.pulse.PulseEngineDriver;
import cryo.hal.pulse.PulseEngineStatus;
import cryo.hal.pulse.PulseEntries;
import cryo.hal.regmap.Counter32;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.v1.AlarmCause;
import cryo.v1.Command;
import cryo.v1.Severity;
import org.HdrHistogram.Histogram;

/**
 * Fourth stage: the pulse sequencer (ARTIQ RTIO / Klipper style). A StartSequence is compiled
 * where it is submitted ({@link #prepare}, off the ring thread) into a compact entry array; on
 * the ring, each pass reads the engine's counters (one transfer), reads board time, and writes
 * the entries due within the lookahead in bursts of eight. The slack of every entry (how far
 * ahead of board time it was written) goes into a preallocated histogram.
 *
 * <p>Lateness is never silent: an entry the host finds already due is not written, and any
 * underflow the board reports aborts the sequence at once (engine halted, FIFO cleared) with an
 * alarm and the cause in Status.sequencer. A tripped interlock refuses starts and halts a running
 * sequence in the same ring pass (the interlock's safe state already halted the engine).
 *
 * <p>Ring thread only, except {@link #prepare}/{@link #forget} (any thread). No allocation on a
 * tick while streaming; command handling and error paths build messages.
 */
public final class PulseSequencerStage implements RingStage {
    public static final String IDLE = "idle";
    public static final String RUNNING = "running";
    /** Program path: the program is being uploaded, loaded and armed (a few bursts a pass). */
    public static final String UPLOADING = "uploading";
    public static final String STOPPING = "stopping";
    public static final String ABORTED = "aborted";
    public static final String DONE = "done";

    /** StartSequence commands compiled but not yet taken by the ring; more are refused. */
    static final int MAX_WAITING = 4;
    private static final long SLACK_MAX_TICKS = 100 * BoardClock.TICKS_PER_SECOND;

    private final PulseEngineDriver engine;
    private final CryoCmosBoard board;
    private final Interlock interlock;
    private final SequencerConfig config;
    private final ProgramRun programRun;
    /** StartSequence commands prepared and not yet taken by the ring (or forgotten). */
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();
    private final PulseEngineStatus st = new PulseEngineStatus();
    private final Histogram slack = new Histogram(SLACK_MAX_TICKS, 3);
    private volatile SequencerAlarms alarms = SequencerAlarms.NONE;

    // run state: ring thread only
    private String state = IDLE;
    private String name = "";
    private String lastError = "";
    private SequencePlan plan;
    private PulseEntries entries;
    private long startTicks;
    private long pass;
    private int next;
    private boolean allWritten;
    private long written;
    private long loopsDone;
    private long underflows;
    private long minSlackTicks;
    /** PULSE_PLAYED_COUNT at the last read (a u32 that wraps); {@link #played} grows by the unsigned difference. */
    private long lastPlayedRaw;
    private long baseUnderflow;
    private long baseRejected;
    private long played;
    private int stallPasses;
    private long runs;
    private String startNote = "";

    public PulseSequencerStage(PulseEngineDriver engine, CryoCmosBoard board, Interlock interlock, SequencerConfig config) {
        this.engine = engine;
        this.board = board;
        this.interlock = interlock;
        this.config = config;
        this.programRun = new ProgramRun(new cryo.hal.program.ProgramDriver(board));
    }

    public void setAlarms(SequencerAlarms alarms) {
        this.alarms = alarms == null ? SequencerAlarms.NONE : alarms;
    }

    /** Where the sequencer's alarms go now (tests chain their own listener behind it). */
    public SequencerAlarms alarms() {
        return alarms;
    }

    /**
     * The controller's wiring: a sequencer alarm becomes a latched WARNING in the alarm set (no
     * sensor, no loop; not critical, so it does not trip the interlock). Its cause is a one-off
     * event, so the interlock stage marks it gone on the next pass and it stays in the set, in
     * Status, the journal and the alarm stream until an operator acknowledges it. Ring thread.
     */
    public static SequencerAlarms alarmsTo(AlarmSet set) {
        return (cause, message, value, limit, boardTicks) ->
                set.raise(cause, Severity.SEVERITY_WARNING, -1, -1, value, limit, boardTicks);
    }

    /**
     * Any thread, before the command is queued: compiles a StartSequence (validation, expansion,
     * thermal budget) so the ring thread only streams. The result (a plan, or the text of why
     * not) travels with the command in its ring event ({@code ControlEvent.prepared}); null for
     * other commands. Call {@link #forget} when the command could not be queued.
     */
    public Object prepare(Command c) {
        if (c.getActionCase() != Command.ActionCase.START_SEQUENCE) {
            return null;
        }
        if (waiting.incrementAndGet() > MAX_WAITING) {
            return "too many sequences waiting to start (" + MAX_WAITING + "); try again";
        }
        try {
            return SequencePlan.of(c.getStartSequence(), config);
        } catch (SequenceException e) {
            return String.join("; ", e.errors());
        } catch (RuntimeException e) {
            return "sequence could not be compiled: " + e;
        }
    }

    /** What {@link #prepare} made for a command that was never queued: no longer waiting. */
    public void forget(Command c) {
        if (c.getActionCase() == Command.ActionCase.START_SEQUENCE) {
            waiting.decrementAndGet();
        }
    }

    /** Test hook: a slowed host. The next {@code passes} ring passes do nothing for the sequencer. */
    public void stallForTest(int passes) {
        stallPasses = passes;
    }

    @Override
    public void onEvent(ControlEvent e) {
        if (e.type == EventType.TICK) {
            if (state == RUNNING || state == STOPPING || state == UPLOADING) {
                service(e);
            }
            return;
        }
        if (e.type != EventType.COMMAND) {
            return;
        }
        switch (e.command.getActionCase()) {
            case START_SEQUENCE: start(e); break;
            case STOP_SEQUENCE: stop(e); break;
            case ABORT_SEQUENCE: abortCommand(e); break;
            default: break;
        }
    }

    // ---- commands (allocation allowed) ----

    private void start(ControlEvent e) {
        Object r = e.prepared;
        waiting.decrementAndGet();
        if (r == null) {
            e.outcome.refuse("start_sequence was not compiled before it was queued (submit it through Controller.submit)");
            return;
        }
        if (r instanceof String why) {
            e.outcome.refuse(why);
            return;
        }
        if (startPlan((SequencePlan) r)) {
            e.outcome.accept(startNote);
        } else {
            e.outcome.refuse(startNote);
        }
    }

    /** Whether a sequence is playing or about to (uploading, running, stopping). */
    public boolean busy() {
        return state == RUNNING || state == STOPPING || state == UPLOADING;
    }

    /** Sequences started since the node started (a job knows its run by this number). */
    public long runs() {
        return runs;
    }

    /** Why the last {@link #startPlan} refused, or what it started. */
    public String startNote() {
        return startNote;
    }

    /**
     * Ring thread: starts a compiled plan (a StartSequence's, or a queued job's). True when it
     * started; {@link #startNote} says what started, or why not (interlock tripped, busy, board).
     */
    public boolean startPlan(SequencePlan p) {
        if (interlock.tripped()) {
            startNote = "interlock is tripped (" + interlock.cause() + "): no sequence starts until it is acknowledged and clear";
            return false;
        }
        if (busy()) {
            startNote = "sequence \"" + name + "\" is " + state + "; stop or abort it first";
            return false;
        }
        long now;
        try {
            engine.halt();
            engine.clear();
            engine.readStatus(st);
            now = board.boardTimeTicks();
            engine.run();
        } catch (BusException ex) {
            haltQuietly();
            startNote = "board: " + ex.getMessage();
            return false;
        }
        if (p.program() != null) {
            String why = programRun.begin(p.program());
            if (!why.isEmpty()) {
                haltQuietly();
                startNote = why;
                return false;
            }
        }
        runs++;
        plan = p;
        entries = p.compiled().entries();
        name = p.compiled().name();
        long grid = CryoCmosRegisters.PULSE_GRID_TICKS;
        long t0 = now + config.lookaheadTicks();
        startTicks = t0 + (grid - t0 % grid) % grid;
        pass = 0;
        next = 0;
        allWritten = false;
        written = 0;
        loopsDone = 0;
        underflows = 0;
        minSlackTicks = Long.MAX_VALUE;
        lastPlayedRaw = st.playedCount;
        baseUnderflow = st.underflowCount;
        baseRejected = st.rejectedCount;
        played = 0;
        lastError = "";
        slack.reset();
        if (p.program() != null) {
            state = UPLOADING;
            startTicks = 0;
            startNote = String.format("sequence \"%s\" v%d: %d entries a pass, %s, period %s; %s; %s; uploading %d words",
                    name, p.compiled().version(), entries.size(), p.loops() == 0 ? "looping forever" : p.loops() + " loop(s)",
                    ThermalBudget.seconds(p.periodTicks()), p.note(), p.path(), p.program().words());
            return true;
        }
        state = RUNNING;
        startNote = String.format("sequence \"%s\" v%d: %d entries a pass, %s, period %s; %s; %s; first pass at board time %d",
                name, p.compiled().version(), entries.size(), p.loops() == 0 ? "looping forever" : p.loops() + " loop(s)",
                ThermalBudget.seconds(p.periodTicks()), p.note(), p.path(), startTicks);
        stream(now);
        return true;
    }

    /** Ring thread: halts what plays (a cancelled job's sequence): engine halted, FIFO cleared, state aborted with {@code why}. */
    public void abortFor(String why) {
        boolean active = busy();
        haltQuietly();
        if (active) {
            state = ABORTED;
            lastError = why;
            allWritten = true;
        }
    }

    public long loopsDone() {
        return loopsDone;
    }

    private void stop(ControlEvent e) {
        if (state == UPLOADING) {
            e.outcome.refuse("sequence \"" + name + "\" is still uploading; abort it instead");
            return;
        }
        if (state != RUNNING) {
            // as abort: stopping what is not running is done already, and both answer alike (accepted)
            e.outcome.accept(state == STOPPING ? "sequence \"" + name + "\" is already stopping" : "no sequence was running; nothing to stop");
            return;
        }
        if (plan.program() != null) {
            try {
                programRun.driver.stopAfterPass();
            } catch (BusException ex) {
                e.outcome.refuse("board: " + ex.getMessage());
                return;
            }
            state = STOPPING;
            e.outcome.accept("sequence \"" + name + "\" stops at the end of the pass the board's core is fetching (pass "
                    + programRun.status.passes + ")");
            return;
        }
        state = STOPPING;
        e.outcome.accept("sequence \"" + name + "\" stops at the end of pass " + pass);
    }

    private void abortCommand(ControlEvent e) {
        boolean active = state == RUNNING || state == STOPPING || state == UPLOADING;
        haltQuietly();
        if (active) {
            state = ABORTED;
            lastError = "aborted by operator";
            e.outcome.accept("sequence \"" + name + "\" aborted: engine halted, FIFO cleared");
        } else {
            e.outcome.accept("no sequence was running; engine halted");
        }
    }

    // ---- streaming (ring thread, no allocation) ----

    private void service(ControlEvent e) {
        if (interlock.tripped()) {
            haltQuietly(); // the safe state already halted it; this repeats it in case that transfer failed
            abort("interlock tripped (" + interlock.cause() + "): sequence halted, FIFO cleared", e.boardTicks);
            return;
        }
        if (stallPasses > 0) {
            stallPasses--;
            return;
        }
        if (plan.program() != null) {
            serviceProgram(e);
            return;
        }
        try {
            engine.readStatus(st);
            readPlayed();
            loopsDone = entries.size() == 0 ? 0 : played / entries.size();
            if (st.underflowCount != baseUnderflow) {
                boardUnderflow(e.boardTicks);
                return;
            }
            if (st.rejectedCount != baseRejected) {
                haltQuietly();
                abort("the board refused " + Counter32.delta(st.rejectedCount, baseRejected) + " entries (status bits 0x"
                        + Integer.toHexString(st.statusBits) + "); sequence aborted", e.boardTicks);
                return;
            }
            long now = board.boardTimeTicks();
            if (!allWritten) {
                stream(now);
            }
            if (allWritten && state != ABORTED && played >= written) {
                engine.halt();
                state = DONE;
            }
        } catch (BusException ex) {
            e.busFailed(ex);
            haltQuietly();
            abort("board bus failed while streaming (" + ex.getMessage() + "); sequence aborted so nothing plays late", e.boardTicks);
        }
    }

    // ---- program path (ring thread, no allocation on the success path) ----

    private void serviceProgram(ControlEvent e) {
        try {
            if (state == UPLOADING) {
                String why = programRun.step(board.boardTimeTicks());
                if (!why.isEmpty()) {
                    haltQuietly();
                    abort("program refused: " + why, e.boardTicks);
                    return;
                }
                if (programRun.armed()) {
                    startTicks = programRun.status.startTicks;
                    state = RUNNING;
                }
                return;
            }
            engine.readStatus(st);
            programRun.read();
            cryo.hal.program.ProgramStatus ps = programRun.status;
            readPlayed();
            written = ps.events;
            loopsDone = entries.size() == 0 ? 0 : played / entries.size();
            if (st.underflowCount != baseUnderflow) {
                programUnderflow(e.boardTicks, ps);
                return;
            }
            if (st.rejectedCount != baseRejected) {
                haltQuietly();
                abort("the board refused " + Counter32.delta(st.rejectedCount, baseRejected) + " entries of the program (status bits 0x"
                        + Integer.toHexString(st.statusBits) + "); sequence aborted", e.boardTicks);
                return;
            }
            if (ps.state == cryo.hal.regmap.CryoCmosRegisters.PROG_STATE_ABORTED) {
                haltQuietly();
                cryo.hal.program.ProgramError why = ps.error();
                abort("the board aborted the program: " + why.name() + " (" + why.meaning + "), index " + ps.errorIndex, e.boardTicks);
                return;
            }
            if (ps.state == cryo.hal.regmap.CryoCmosRegisters.PROG_STATE_DONE && played >= ps.events) {
                engine.halt();
                state = DONE;
            }
        } catch (BusException ex) {
            e.busFailed(ex);
            haltQuietly();
            abort("board bus failed while the program played (" + ex.getMessage() + "); sequence aborted", e.boardTicks);
        }
    }

    private void programUnderflow(long boardTicks, cryo.hal.program.ProgramStatus ps) {
        long late = Counter32.delta(st.underflowCount, baseUnderflow);
        underflows += late;
        haltQuietly();
        int def = ps.lateEntry >= 0 && ps.lateEntry < programRun.program().entryCount() ? programRun.program().entryDefinition(ps.lateEntry) : -1;
        String msg = "underflow: the board's core reached program entry " + ps.lateEntry + " (" + plan.compiled().label(def)
                + ") due at board time " + st.lateTimeTicks + " after that time had passed; the board aborted the program and cleared "
                + "the FIFO, nothing played late";
        abort(msg, boardTicks);
        alarms.raise(AlarmCause.PULSE_UNDERFLOW, msg, Math.max(0, boardTicks - st.lateTimeTicks), cryo.hal.regmap.CryoCmosRegisters.PROG_EVENT_TICKS,
                boardTicks);
    }

    /**
     * Adds the entries played since the last read. The board's counter is 32 bits and wraps after
     * 2^32 entries (about 4.6 min at 15.6 M entries/s), so only the unsigned difference between
     * reads counts, never the raw value against the one at start.
     */
    private void readPlayed() {
        played += Counter32.delta(st.playedCount, lastPlayedRaw);
        lastPlayedRaw = st.playedCount;
    }

    /** Writes every entry due by {@code now + lookahead} that fits in the FIFO. */
    private void stream(long now) {
        int free = st.fifoFree;
        long horizon = now + config.lookaheadTicks();
        int size = entries.size();
        try {
            while (free > 0) {
                if (next == size) {
                    pass++;
                    next = 0;
                    if (state == STOPPING || (plan.loops() > 0 && pass >= plan.loops())) {
                        allWritten = true;
                        return;
                    }
                }
                long offset = startTicks + pass * plan.periodTicks();
                int end = next;
                while (end < size && end - next < free) {
                    long t = entries.startTicks(end) + offset;
                    if (t > horizon) {
                        break;
                    }
                    long s = t - now;
                    if (s <= 0) {
                        hostUnderflow(end, t, now);
                        return;
                    }
                    slack.recordValue(Math.min(s, SLACK_MAX_TICKS));
                    if (s < minSlackTicks) {
                        minSlackTicks = s;
                    }
                    end++;
                }
                if (end > next) {
                    engine.push(entries, next, end - next, offset);
                    written += end - next;
                    free -= end - next;
                    next = end;
                }
                if (next < size) {
                    return; // horizon reached or FIFO full
                }
            }
        } catch (BusException ex) {
            haltQuietly();
            abort("board bus failed while streaming (" + ex.getMessage() + "); sequence aborted so nothing plays late", now);
        }
    }

    private void hostUnderflow(int i, long dueTicks, long now) {
        underflows++;
        haltQuietly();
        String msg = "underflow: " + plan.compiled().describe(i) + " of pass " + pass + ", due at board time " + dueTicks
                + ", was " + (now - dueTicks) + " ticks late when the host came to write it (lookahead "
                + config.lookaheadTicks() + " ticks); sequence aborted, nothing played late";
        abort(msg, now);
        alarms.raise(AlarmCause.PULSE_UNDERFLOW, msg, now - dueTicks, config.lookaheadTicks(), now);
    }

    private void boardUnderflow(long boardTicks) {
        long late = Counter32.delta(st.underflowCount, baseUnderflow);
        underflows += late;
        haltQuietly();
        String msg = "underflow: the board dropped " + late + " late entr" + (late == 1 ? "y" : "ies") + " (last due at board time "
                + st.lateTimeTicks + describeAt(st.lateTimeTicks) + "); sequence aborted, nothing played late";
        abort(msg, boardTicks);
        // value: how late the last dropped entry was when the host noticed (ticks), against the lookahead
        alarms.raise(AlarmCause.PULSE_UNDERFLOW, msg, Math.max(0, boardTicks - st.lateTimeTicks), config.lookaheadTicks(), boardTicks);
    }

    private String describeAt(long t) {
        long rel = t - startTicks;
        if (rel < 0 || plan == null) {
            return "";
        }
        long p = rel / plan.periodTicks();
        long within = rel - p * plan.periodTicks();
        int lo = 0;
        int hi = entries.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (entries.startTicks(mid) < within) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return entries.startTicks(lo) == within ? ": " + plan.compiled().describe(lo) + " of pass " + p : "";
    }

    private void abort(String why, long boardTicks) {
        state = ABORTED;
        lastError = why;
        allWritten = true;
    }

    private void haltQuietly() {
        try {
            engine.halt();
        } catch (BusException ex) {
            // the interlock's safe state and the board's watchdog are the next layers
        }
    }

    // ---- status ----

    /** Ring thread (telemetry stage): copies the sequencer's figures into a snapshot. */
    public void copyTo(StatusSnapshot s) {
        s.sequenceName = name;
        s.sequencerState = state;
        s.sequencerEntriesWritten = written;
        s.sequencerEntriesTotal = plan == null ? 0 : plan.entriesTotal();
        s.sequencerLoopsDone = loopsDone;
        s.sequencerLoopsRequested = plan == null ? 0 : plan.loops();
        s.sequencerUnderflows = underflows;
        s.sequencerMinSlackTicks = minSlackTicks == Long.MAX_VALUE ? 0 : minSlackTicks;
        s.sequencerAveragePowerWatts = plan == null ? 0 : plan.averagePowerWatts();
        s.sequencerBudgetWatts = config.budgetWatts();
        s.sequencerLastError = lastError;
        s.sequencerPath = plan == null ? "" : plan.program() != null ? SequencePlan.PROGRAM : SequencePlan.STREAM;
        s.sequencerEntriesPlayed = played;
        cryo.hal.program.ProgramStatus ps = programRun.status;
        boolean program = plan != null && plan.program() != null;
        s.programState = program ? cryo.hal.program.ProgramStatus.stateName(ps.state) : "";
        s.programCrc = program ? ps.crcLoaded : 0;
        s.programInstructions = program ? ps.instructions : 0;
        s.programEntries = program ? ps.entries : 0;
        s.programPc = program ? ps.pc : 0;
        s.programLoopDepth = program ? Math.min(ps.depth, s.programLoopCounters.length) : 0;
        for (int d = 0; d < s.programLoopDepth; d++) {
            s.programLoopCounters[d] = ps.loopLeft[d];
        }
    }

    public String state() {
        return state;
    }

    public String lastError() {
        return lastError;
    }

    public long entriesWritten() {
        return written;
    }

    public long entriesPlayed() {
        return played;
    }

    public long underflows() {
        return underflows;
    }

    public long minSlackTicks() {
        return minSlackTicks;
    }

    public SequencePlan plan() {
        return plan;
    }

    /** Board time the current sequence's first pass starts at. */
    public long startTicks() {
        return startTicks;
    }

    /** Slack of every entry written since the last start, ticks. Read it when the ring is idle. */
    public Histogram slackHistogram() {
        return slack;
    }

    public SequencerConfig config() {
        return config;
    }
}
