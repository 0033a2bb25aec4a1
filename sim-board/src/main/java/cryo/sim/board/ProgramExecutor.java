package cryo.sim.board;

import cryo.hal.program.ProgramChecker;
import cryo.hal.program.ProgramCrc;
import cryo.hal.program.ProgramCursor;
import cryo.hal.program.ProgramError;
import cryo.hal.program.ProgramIsa;

import static cryo.hal.regmap.CryoCmosRegisters.*;

/**
 * The board's sequencer core (device side of the PROG_* registers): program memory, entry table
 * and definition table filled by upload bursts; a load that checks sizes, the CRC-32 and the
 * structure ({@link ProgramChecker}); arm at a board time; and an executor that runs the program
 * ({@link ProgramCursor}) in board time at the board's event rate, one event per
 * {@value cryo.hal.regmap.CryoCmosRegisters#PROG_EVENT_TICKS} ns, pushing entries into the same
 * FIFO the host streams into. An entry whose time has passed when the core reaches it is an
 * underflow: the core aborts, the FIFO is cleared and nothing plays late.
 *
 * <p>Its events are interleaved with the FIFO's plays at their exact board times by
 * {@link SimPulseEngine#advance}, however coarse the simulation's steps are: what plays does not
 * depend on when the host or the simulation thread runs.
 *
 * <p>Thread contract: called by {@link SimPulseEngine} under the board's lock only. No allocation
 * while running; a load allocates its check.
 */
final class ProgramExecutor {
    private final int[] instr = new int[PROG_INSTRUCTIONS * ProgramIsa.INSTRUCTION_WORDS];
    private final int[] entries = new int[PROG_ENTRIES * ProgramIsa.ENTRY_WORDS];
    private final int[] defs = new int[PROG_DEFINITIONS * ProgramIsa.DEFINITION_WORDS];
    private final ProgramCursor cursor = new ProgramCursor();

    private int instrCount;
    private int entryCount;
    private int defCount;
    private int crcExpected;
    private int crcLoaded;
    private boolean loaded;
    private int state = PROG_STATE_EMPTY;
    private ProgramError error = ProgramError.NONE;
    private int errorIndex;
    private long startTicks;
    private long latchedEventsHi;

    // executor
    /** Board time the core can execute its next event. */
    private long readyTicks;
    private boolean pending;
    private boolean waitingTrigger;
    private boolean triggerLatched;
    private long triggerTicks;
    private long events;
    private int lateEntry;

    static boolean owns(int address) {
        return (address >= PROG_INSTR_CAPACITY && address <= PROG_MIN_ARM_LEAD_TICKS_REG)
                || (address >= PROG_ADDR && address < PROG_DATA_BASE + PROG_DATA_WORDS);
    }

    boolean active() {
        return state == PROG_STATE_ARMED || state == PROG_STATE_RUNNING;
    }

    /**
     * Board time of the core's next event, or Long.MAX_VALUE when it has none (not running,
     * waiting for a trigger). With an entry waiting for room in a full FIFO it is no earlier than
     * {@code fifoFreeTicks}, when the FIFO's head plays.
     */
    long nextEventTicks(boolean fifoFull, long fifoFreeTicks) {
        if (!active() || waitingTrigger) {
            return Long.MAX_VALUE;
        }
        return pending && fifoFull ? Math.max(readyTicks, fifoFreeTicks) : readyTicks;
    }

    /** Executes the event due at {@code t} (== {@link #nextEventTicks}); the FIFO has room for a pending entry. */
    void runEvent(long t, SimPulseEngine fifo) {
        if (state == PROG_STATE_ARMED && t >= startTicks) {
            state = PROG_STATE_RUNNING;
        }
        if (pending) {
            pending = false;
            int r = fifo.pushFromProgram(cursor.entryTicks, defs, entries[cursor.entryIndex * ProgramIsa.ENTRY_WORDS + 1]
                    * ProgramIsa.DEFINITION_WORDS, t);
            if (r == SimPulseEngine.PUSH_LATE) {
                lateEntry = cursor.entryIndex;
                abort(ProgramError.UNDERFLOW, cursor.entryIndex, fifo);
                return;
            }
            if (r == SimPulseEngine.PUSH_ORDER) {
                abort(ProgramError.ORDER, cursor.entryIndex, fifo);
                return;
            }
            events++;
            readyTicks = t + PROG_EVENT_TICKS;
            return;
        }
        switch (cursor.step()) {
            case ProgramCursor.ENTRY:
                pending = true; // pushed in this same event slot (once the FIFO has room)
                return;
            case ProgramCursor.TRIGGER:
                readyTicks = t + PROG_EVENT_TICKS;
                if (triggerLatched) {
                    resumeAfterTrigger();
                } else {
                    waitingTrigger = true;
                }
                return;
            case ProgramCursor.DONE:
                state = PROG_STATE_DONE;
                return;
            case ProgramCursor.ERROR:
                abort(cursor.error, cursor.pc(), fifo);
                return;
            default:
                readyTicks = t + PROG_EVENT_TICKS;
        }
    }

    private void resumeAfterTrigger() {
        triggerLatched = false;
        waitingTrigger = false;
        readyTicks = Math.max(readyTicks, triggerTicks);
        cursor.resume(Math.max(readyTicks, triggerTicks) + PROG_TRIGGER_LATENCY_TICKS);
    }

    /** Stops the core (the FIFO's own halt is the engine's). Idempotent for a program not running. */
    void abort(ProgramError why, int index, SimPulseEngine fifo) {
        if (!active()) {
            return;
        }
        state = PROG_STATE_ABORTED;
        error = why;
        errorIndex = index;
        pending = false;
        waitingTrigger = false;
        if (why == ProgramError.UNDERFLOW || why == ProgramError.ORDER || why == ProgramError.SYNC_PAST || why == ProgramError.BUSY) {
            fifo.haltFifo(); // nothing plays after a program stops in error
        }
    }

    // ---- registers ----

    int read(int a) {
        if (a >= PROG_LOOP_COUNTER_BASE && a < PROG_LOOP_COUNTER_BASE + PROG_LOOP_DEPTH) {
            return (int) cursor.loopLeft(a - PROG_LOOP_COUNTER_BASE);
        }
        switch (a) {
            case PROG_INSTR_CAPACITY: return PROG_INSTRUCTIONS;
            case PROG_ENTRY_CAPACITY: return PROG_ENTRIES;
            case PROG_DEF_CAPACITY: return PROG_DEFINITIONS;
            case PROG_LOOP_DEPTH_MAX: return PROG_LOOP_DEPTH;
            case PROG_EVENT_TICKS_REG: return PROG_EVENT_TICKS;
            case PROG_STATE: return state;
            case PROG_ERROR: return error.code;
            case PROG_ERROR_INDEX: return errorIndex;
            case PROG_INSTR_COUNT: return instrCount;
            case PROG_ENTRY_COUNT: return entryCount;
            case PROG_DEF_COUNT: return defCount;
            case PROG_CRC: return crcExpected;
            case PROG_CRC_LOADED: return crcLoaded;
            case PROG_START_TIME_LO: return (int) startTicks;
            case PROG_START_TIME_HI: return (int) (startTicks >>> 32);
            case PROG_PC: return cursor.pc();
            case PROG_LOOP_DEPTH_NOW: return cursor.depth();
            case PROG_EVENTS_LO:
                latchedEventsHi = events >>> 32;
                return (int) events;
            case PROG_EVENTS_HI: return (int) latchedEventsHi;
            case PROG_LATE_ENTRY: return lateEntry;
            case PROG_PASSES: return (int) cursor.passes();
            case PROG_MIN_ARM_LEAD_TICKS_REG: return PROG_MIN_ARM_LEAD_TICKS;
            default: return 0;
        }
    }

    private int uploadAddress;

    /** A register write at board time {@code nowTicks}; {@code fifo} is halted when the write stops a program in error. */
    void write(int a, int v, long nowTicks, long processedTicks, SimPulseEngine fifo) {
        if (a == PROG_ADDR || (a >= PROG_DATA_BASE && a < PROG_DATA_BASE + PROG_DATA_WORDS)) {
            if (active()) {
                abort(ProgramError.BUSY, a, fifo); // memory changing under a running program: stop it, play nothing
                return;
            }
            if (a == PROG_ADDR) {
                uploadAddress = v;
                return;
            }
            store(uploadAddress >>> 24, (uploadAddress & 0xFF_FFFF) + (a - PROG_DATA_BASE), v);
            return;
        }
        switch (a) {
            case PROG_INSTR_COUNT:
            case PROG_ENTRY_COUNT:
            case PROG_DEF_COUNT:
            case PROG_CRC:
                if (active()) {
                    abort(ProgramError.BUSY, a, fifo);
                    return;
                }
                unload();
                if (a == PROG_INSTR_COUNT) {
                    instrCount = v;
                } else if (a == PROG_ENTRY_COUNT) {
                    entryCount = v;
                } else if (a == PROG_DEF_COUNT) {
                    defCount = v;
                } else {
                    crcExpected = v;
                }
                return;
            case PROG_START_TIME_LO:
                startTicks = (startTicks & 0xFFFF_FFFF_0000_0000L) | (v & 0xFFFF_FFFFL);
                return;
            case PROG_START_TIME_HI:
                startTicks = (startTicks & 0xFFFF_FFFFL) | (long) v << 32;
                return;
            case PROG_CONTROL:
                control(v, nowTicks, processedTicks, fifo);
                return;
            default:
        }
    }

    private void control(int v, long nowTicks, long processedTicks, SimPulseEngine fifo) {
        if ((v & PROG_CONTROL_ABORT) != 0) {
            if (active()) {
                abort(ProgramError.HALTED, 0, fifo);
                fifo.haltFifo();
            }
            return;
        }
        if ((v & PROG_CONTROL_LOAD) != 0) {
            if (active()) {
                abort(ProgramError.BUSY, PROG_CONTROL, fifo);
                return;
            }
            load();
        }
        if ((v & PROG_CONTROL_ARM) != 0) {
            arm(nowTicks, processedTicks, fifo);
        }
        if ((v & PROG_CONTROL_STOP_AFTER_PASS) != 0 && active()) {
            cursor.stopAfterPass();
        }
        if ((v & PROG_CONTROL_TRIGGER) != 0 && active()) {
            triggerLatched = true;
            triggerTicks = Math.max(nowTicks, processedTicks);
            if (waitingTrigger) {
                resumeAfterTrigger();
            }
        }
    }

    private void load() {
        unload();
        ProgramChecker c = new ProgramChecker();
        if (Integer.compareUnsigned(instrCount, PROG_INSTRUCTIONS) > 0 || Integer.compareUnsigned(entryCount, PROG_ENTRIES) > 0
                || Integer.compareUnsigned(defCount, PROG_DEFINITIONS) > 0) {
            c.check(instr, instrCount, entries, entryCount, defs, defCount); // names the size that does not fit
            refuse(c.error(), c.index());
            return;
        }
        crcLoaded = ProgramCrc.of(instr, instrCount, entries, entryCount, defs, defCount);
        if (crcLoaded != crcExpected) {
            refuse(ProgramError.CRC_MISMATCH, 0);
            return;
        }
        if (!c.check(instr, instrCount, entries, entryCount, defs, defCount)) {
            refuse(c.error(), c.index());
            return;
        }
        loaded = true;
        state = PROG_STATE_LOADED;
        error = ProgramError.NONE;
        errorIndex = 0;
    }

    private void arm(long nowTicks, long processedTicks, SimPulseEngine fifo) {
        if (active()) {
            abort(ProgramError.BUSY, PROG_CONTROL, fifo);
            return;
        }
        if (!loaded) {
            refuse(ProgramError.NOT_LOADED, 0);
            return;
        }
        long now = Math.max(nowTicks, processedTicks);
        if (startTicks - now < PROG_MIN_ARM_LEAD_TICKS) {
            error = ProgramError.START_TOO_SOON;
            errorIndex = 0;
            state = PROG_STATE_LOADED;
            return;
        }
        fifo.startForProgram();
        cursor.reset(instr, instrCount, entries, startTicks);
        readyTicks = now;
        pending = false;
        waitingTrigger = false;
        triggerLatched = false;
        events = 0;
        error = ProgramError.NONE;
        errorIndex = 0;
        state = PROG_STATE_ARMED;
    }

    private void refuse(ProgramError why, int index) {
        error = why;
        errorIndex = index;
        state = PROG_STATE_EMPTY;
    }

    /** Memory or counts changed: the program must be loaded again (a stopped one keeps its state and error to read). */
    private void unload() {
        loaded = false;
        if (state == PROG_STATE_LOADED) {
            state = PROG_STATE_EMPTY;
        }
    }

    /** Board time has reached {@code nowTicks}: an armed program whose start has come is running. */
    void reached(long nowTicks) {
        if (state == PROG_STATE_ARMED && nowTicks >= startTicks) {
            state = PROG_STATE_RUNNING;
        }
    }

    private void store(int region, int word, int v) {
        int[] mem = region == PROG_REGION_INSTRUCTIONS ? instr : region == PROG_REGION_ENTRIES ? entries
                : region == PROG_REGION_DEFINITIONS ? defs : null;
        unload();
        if (mem == null || word < 0 || word >= mem.length) {
            error = ProgramError.ADDRESS;
            errorIndex = region << 24 | (word & 0xFF_FFFF);
            return;
        }
        mem[word] = v;
    }

    /** Fault knob: the core loses {@code ticks} of board time (a stalled core), so what it pushes next may be late. */
    void stall(long ticks) {
        if (active()) {
            readyTicks += ticks;
        }
    }

    // ---- test view ----

    int state() {
        return state;
    }

    ProgramError error() {
        return error;
    }

    long events() {
        return events;
    }
}
