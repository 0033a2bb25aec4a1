package cryo.sim.board;

import cryo.hal.pulse.PulseDissipation;
import cryo.hal.pulse.PulseEntry;
import cryo.hal.pulse.PulseEntryCodec;
import java.util.ArrayList;
import java.util.List;

import static cryo.hal.regmap.CryoCmosRegisters.*;

/**
 * The board's pulse engine (device side of registers 0x0300..0x03FF): a FIFO of
 * {@value cryo.hal.regmap.CryoCmosRegisters#PULSE_FIFO_ENTRIES} timestamped entries, each played
 * at its board time on the board clock while RUN is set. An entry whose time has passed — pushed
 * late, or reached while the engine is stopped — is never played: it is dropped and counted in
 * PULSE_UNDERFLOW_COUNT with the UNDERFLOW status bit and FAULT_PULSE_UNDERFLOW latched.
 *
 * <p>Pushes are checked as the firmware would: channel and envelope in range, time and duration
 * on the {@value cryo.hal.regmap.CryoCmosRegisters#PULSE_GRID_TICKS} ns grid, duration at least
 * {@value cryo.hal.regmap.CryoCmosRegisters#PULSE_MIN_DURATION_TICKS} ns, times non-decreasing;
 * anything else is refused and counted.
 *
 * <p>The board's sequencer core ({@link ProgramExecutor}) feeds the same FIFO from program memory;
 * while a program is armed or running, host pushes are refused, and a halt or clear of the FIFO,
 * the watchdog and an opening relay abort it.
 *
 * <p>For tests it can record what it played (board time, channel, parameters). Thread contract:
 * called by {@link SimulatedBoard} under its lock only. No allocation on push or play (recording
 * writes into arrays sized once by {@link #recordPlayed}).
 */
public final class SimPulseEngine {
    static final int PUSH_OK = 0;
    static final int PUSH_LATE = 1;
    static final int PUSH_ORDER = 2;

    private final PulseDissipation dissipation;
    private final ProgramExecutor program = new ProgramExecutor();
    private final int[] fifo = new int[PULSE_FIFO_ENTRIES * PULSE_ENTRY_WORDS];
    private int head;
    private int size;
    private long tailTicks = Long.MIN_VALUE;
    private final int[] staging = new int[PULSE_SLOTS * PULSE_ENTRY_WORDS];

    private boolean running;
    private int statusLatched;
    private long underflowCount;
    private long playedCount;
    private long pushedCount;
    private long rejectedCount;
    private long lateTicks;
    private boolean newUnderflow;
    private double energySinceUpdateJoules;
    private double dynamicWatts;

    private long[] playedTicks = new long[0];
    private int[] playedWords = new int[0];
    private int recorded;
    private long lastPlayedTicks = Long.MIN_VALUE;
    private long playedOutOfTime;

    public SimPulseEngine(PulseDissipation dissipation) {
        this.dissipation = dissipation;
    }

    /** Whether an address belongs to the pulse engine's block. */
    public static boolean owns(int address) {
        return address >= PULSE_CONTROL && address <= 0x03FF;
    }

    // ---- firmware ----

    /** Board time the engine has played up to; set once by the board at its start time. */
    private long processedTicks;

    void startAt(long ticks) {
        processedTicks = ticks;
    }

    /**
     * Plays every queued entry whose time is at or before {@code nowTicks} (while running), or
     * drops it as late (while stopped); {@code cut} (watchdog) halts the engine and empties the FIFO.
     * The energy played accumulates until {@link #closeStep}.
     */
    void advance(long nowTicks, boolean cut) {
        if (cut && (running || size > 0 || program.active())) {
            program.abort(cryo.hal.program.ProgramError.HALTED, 1, this);
            running = false;
            size = 0;
        }
        if (nowTicks <= processedTicks) {
            return;
        }
        long previousTicks = processedTicks;
        // FIFO plays and the sequencer core's events, merged in board-time order (a play first on a tie: it frees a slot).
        // 'at' is the time of the last thing processed: a core that waited (for room in the FIFO) resumes no earlier,
        // so it never catches up faster than its event rate
        long at = previousTicks;
        while (true) {
            int o = head * PULSE_ENTRY_WORDS;
            long tPlay = size > 0 ? PulseEntryCodec.time(fifo[o], fifo[o + 1]) : Long.MAX_VALUE;
            long tEvent = Math.max(at, program.nextEventTicks(size == PULSE_FIFO_ENTRIES, tPlay));
            if (tPlay <= nowTicks && tPlay <= tEvent) {
                at = Math.max(at, tPlay);
                if (running) {
                    play(tPlay, o, previousTicks);
                } else {
                    late(tPlay);
                }
                head = (head + 1) % PULSE_FIFO_ENTRIES;
                size--;
            } else if (tEvent <= nowTicks) {
                at = tEvent;
                program.runEvent(tEvent, this);
            } else {
                break;
            }
        }
        program.reached(nowTicks);
        processedTicks = nowTicks;
    }

    /**
     * The sequencer core pushes an entry at board time {@code pushTicks}: its time and the six
     * definition words at {@code defs[offset..]}. Late (its time has passed) or out of order is
     * refused and counted, never queued.
     */
    int pushFromProgram(long t, int[] defs, int offset, long pushTicks) {
        if (t <= pushTicks) {
            late(t);
            return PUSH_LATE;
        }
        if (size > 0 && t < tailTicks) {
            rejectedCount++;
            statusLatched |= PULSE_STATUS_BAD_ENTRY;
            return PUSH_ORDER;
        }
        int tail = (head + size) % PULSE_FIFO_ENTRIES;
        int o = tail * PULSE_ENTRY_WORDS;
        fifo[o] = (int) t;
        fifo[o + 1] = (int) (t >>> 32);
        System.arraycopy(defs, offset, fifo, o + 2, PulseEntryCodec.PARAM_WORDS);
        size++;
        tailTicks = t;
        pushedCount++;
        return PUSH_OK;
    }

    /** Stops playing and empties the FIFO (a program's error, an abort). */
    void haltFifo() {
        running = false;
        size = 0;
    }

    /** An armed program starts from an empty, running FIFO. */
    void startForProgram() {
        size = 0;
        running = true;
    }

    /** The interlock relay opened: the engine halts, a program aborts, the FIFO empties. */
    void relayOpened() {
        program.abort(cryo.hal.program.ProgramError.HALTED, 2, this);
        haltFifo();
    }

    /** Ends a plant step of {@code dtTicks}: the dynamic power is the energy played in it over its length. */
    void closeStep(long dtTicks) {
        double dt = dtTicks * 1e-9;
        dynamicWatts = dt > 0 ? energySinceUpdateJoules / dt : 0.0;
        energySinceUpdateJoules = 0.0;
    }

    private void play(long t, int o, long previousTicks) {
        if (t <= previousTicks || t < lastPlayedTicks) {
            playedOutOfTime++; // cannot happen while pushes are checked; a test asserts it stays 0
        }
        lastPlayedTicks = t;
        playedCount++;
        int w3 = fifo[o + 3];
        energySinceUpdateJoules += dissipation.energyJoules(PulseEntryCodec.channel(w3), PulseEntryCodec.envelope(w3),
                PulseEntryCodec.duration(fifo[o + 2]), Float.intBitsToFloat(fifo[o + 4]),
                Float.intBitsToFloat(fifo[o + 6]), Float.intBitsToFloat(fifo[o + 7]));
        if (recorded < playedTicks.length) {
            playedTicks[recorded] = t;
            System.arraycopy(fifo, o, playedWords, recorded * PULSE_ENTRY_WORDS, PULSE_ENTRY_WORDS);
            recorded++;
        }
    }

    private void late(long t) {
        underflowCount++;
        statusLatched |= PULSE_STATUS_UNDERFLOW;
        lateTicks = t;
        newUnderflow = true;
    }

    private void push(int slot, long nowTicks) {
        int o = slot * PULSE_ENTRY_WORDS;
        long t = PulseEntryCodec.time(staging[o], staging[o + 1]);
        long d = PulseEntryCodec.duration(staging[o + 2]);
        int w3 = staging[o + 3];
        int ch = PulseEntryCodec.channel(w3);
        int env = PulseEntryCodec.envelope(w3);
        boolean bad = program.active() || ch >= PULSE_CHANNELS || env < PulseEntryCodec.ENVELOPE_SQUARE || env > PulseEntryCodec.ENVELOPE_DRAG
                || t < 0 || t % PULSE_GRID_TICKS != 0 || d % PULSE_GRID_TICKS != 0 || d < PULSE_MIN_DURATION_TICKS
                || (size > 0 && t < tailTicks);
        if (bad) {
            rejectedCount++;
            statusLatched |= PULSE_STATUS_BAD_ENTRY;
            return;
        }
        if (t <= nowTicks) {
            late(t); // its time has passed: never played
            return;
        }
        if (size == PULSE_FIFO_ENTRIES) {
            rejectedCount++;
            statusLatched |= PULSE_STATUS_OVERFLOW;
            return;
        }
        int tail = (head + size) % PULSE_FIFO_ENTRIES;
        System.arraycopy(staging, o, fifo, tail * PULSE_ENTRY_WORDS, PULSE_ENTRY_WORDS);
        size++;
        tailTicks = t;
        pushedCount++;
    }

    int read(int a) {
        if (ProgramExecutor.owns(a)) {
            return program.read(a);
        }
        switch (a) {
            case PULSE_CONTROL: return running ? PULSE_CONTROL_RUN : 0;
            case PULSE_FIFO_DEPTH: return PULSE_FIFO_ENTRIES;
            case PULSE_FIFO_FREE: return PULSE_FIFO_ENTRIES - size;
            case PULSE_UNDERFLOW_COUNT: return (int) underflowCount;
            case PULSE_PLAYED_COUNT: return (int) playedCount;
            case PULSE_STATUS: return statusLatched | (running ? PULSE_STATUS_RUNNING : 0);
            case PULSE_GRID_TICKS_REG: return PULSE_GRID_TICKS;
            case PULSE_MIN_DURATION_TICKS_REG: return PULSE_MIN_DURATION_TICKS;
            case PULSE_PUSHED_COUNT: return (int) pushedCount;
            case PULSE_REJECTED_COUNT: return (int) rejectedCount;
            case PULSE_LATE_TIME_LO: return (int) lateTicks;
            case PULSE_LATE_TIME_HI: return (int) (lateTicks >>> 32);
            default: return 0;
        }
    }

    void write(int a, int v, cryo.hal.device.BoardClock clock) {
        if (ProgramExecutor.owns(a)) {
            program.write(a, v, clock.nowTicks(), processedTicks, this);
            return;
        }
        if (a >= PULSE_SLOT_BASE && a < PULSE_SLOT_BASE + PULSE_SLOTS * PULSE_ENTRY_WORDS) {
            int i = a - PULSE_SLOT_BASE;
            staging[i] = v;
            if (i % PULSE_ENTRY_WORDS == PULSE_ENTRY_WORDS - 1) {
                push(i / PULSE_ENTRY_WORDS, clock.nowTicks()); // judged at the moment of the push
            }
            return;
        }
        if (a == PULSE_CONTROL) {
            if ((v & (PULSE_CONTROL_CLEAR_FIFO | PULSE_CONTROL_HALT)) != 0) {
                program.abort(cryo.hal.program.ProgramError.HALTED, 0, this); // its FIFO is going: the program stops with it
                size = 0;
            }
            running = (v & PULSE_CONTROL_HALT) == 0 && (v & PULSE_CONTROL_RUN) != 0;
        } else if (a == PULSE_STATUS) {
            statusLatched &= ~v;
        }
    }

    /** True once after each new underflow (the board latches FAULT_PULSE_UNDERFLOW). */
    boolean pollUnderflow() {
        boolean u = newUnderflow;
        newUnderflow = false;
        return u;
    }

    /** Dynamic dissipation over the last update step, watts. */
    double dynamicWatts() {
        return dynamicWatts;
    }

    // ---- test view ----

    /** The sequencer core's state (PROG_STATE_*). */
    public int programState() {
        return program.state();
    }

    public cryo.hal.program.ProgramError programError() {
        return program.error();
    }

    /**
     * Fault knob: the sequencer core stalls for {@code ticks} of board time (a firmware fault; a
     * healthy board's core never waits), so its next pushes may be late: an underflow the board
     * reports and aborts on. Call it under the board's lock (between updates in lock-step).
     */
    public void stallProgramForTest(long ticks) {
        program.stall(ticks);
    }

    /**
     * Test knob: the played counter starts at {@code count}, as a board that has played for a long
     * time since power-on could be. PULSE_PLAYED_COUNT shows its low 32 bits, so a value just below
     * 2^32 makes the register wrap to 0 within the next few entries. Call it under the board's lock
     * (between updates in lock-step).
     */
    public void setPlayedCountForTest(long count) {
        playedCount = count;
    }

    /** Entries the sequencer core pushed since it was armed. */
    public long programEvents() {
        return program.events();
    }

    /** Starts recording played entries, keeping at most {@code capacity}; clears the record. */
    public void recordPlayed(int capacity) {
        playedTicks = new long[capacity];
        playedWords = new int[capacity * PULSE_ENTRY_WORDS];
        recorded = 0;
    }

    /** What was played since {@link #recordPlayed}, in order, decoded. */
    public List<PulseEntry> played() {
        List<PulseEntry> l = new ArrayList<>(recorded);
        for (int i = 0; i < recorded; i++) {
            l.add(PulseEntry.decode(playedWords, i * PULSE_ENTRY_WORDS));
        }
        return l;
    }

    public long playedCount() {
        return playedCount;
    }

    public long underflowCount() {
        return underflowCount;
    }

    public long rejectedCount() {
        return rejectedCount;
    }

    public int queued() {
        return size;
    }

    public boolean running() {
        return running;
    }

    /** Entries played at other than their own time or out of order: must stay 0. */
    public long playedOutOfTime() {
        return playedOutOfTime;
    }

    /** The board time the earliest entry still queued will play at, or Long.MAX_VALUE when empty. */
    public long nextTicks() {
        return size == 0 ? Long.MAX_VALUE : PulseEntryCodec.time(fifo[head * PULSE_ENTRY_WORDS], fifo[head * PULSE_ENTRY_WORDS + 1]);
    }
}
