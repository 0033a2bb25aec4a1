package cryo.hal.program;

import cryo.hal.regmap.CryoCmosRegisters;

import static cryo.hal.program.ProgramIsa.*;

/**
 * The sequencer core's semantics, one event at a time: {@link #step()} executes one instruction or
 * emits one entry (its board time and index). The simulated board's executor runs it against its
 * FIFO at the board's event rate; the host's upload-time proof runs the same cursor, so what is
 * proven is what the board does. Runs only programs {@link ProgramChecker} accepted.
 *
 * <p>Not thread-safe. No allocation after construction.
 */
public final class ProgramCursor {
    /** {@link #step()} results. */
    public static final int ENTRY = 1;
    public static final int INSTRUCTION = 2;
    public static final int TRIGGER = 3;
    public static final int DONE = 4;
    public static final int ERROR = 5;

    private int[] instr = new int[0];
    private int instrCount;
    private int[] entries = new int[0];
    private int pc;
    private final long[] loopLeft = new long[CryoCmosRegisters.PROG_LOOP_DEPTH];
    private int depth;
    private long startTicks;
    private long cursorTicks;
    private int playNext;
    private int playEnd;
    private boolean done;
    private boolean stopAfterPass;
    private long passes;

    /** The entry the last ENTRY step emitted: board time and table index. */
    public long entryTicks;
    public int entryIndex;
    /** The instruction the last ERROR step stopped at, and why. */
    public ProgramError error = ProgramError.NONE;

    /** Starts a checked program from its first instruction with the time cursor at {@code startTicks}. */
    public void reset(int[] instr, int instrCount, int[] entries, long startTicks) {
        this.instr = instr;
        this.instrCount = instrCount;
        this.entries = entries;
        this.startTicks = startTicks;
        cursorTicks = startTicks;
        pc = 0;
        depth = 0;
        playNext = 0;
        playEnd = 0;
        done = false;
        stopAfterPass = false;
        passes = 0;
        error = ProgramError.NONE;
    }

    /** One event: emits the next entry of a PLAY, or executes one instruction. */
    public int step() {
        if (playNext < playEnd) {
            int e = playNext++;
            entryIndex = e;
            entryTicks = cursorTicks + (entries[e * ENTRY_WORDS] & 0xFFFF_FFFFL);
            return ENTRY;
        }
        if (done || pc >= instrCount) {
            done = true;
            return DONE;
        }
        int w0 = instr[pc * INSTRUCTION_WORDS];
        int w1 = instr[pc * INSTRUCTION_WORDS + 1];
        switch (op(w0)) {
            case OP_PLAY:
                playNext = w1;
                playEnd = w1 + a(w0);
                pc++;
                return INSTRUCTION;
            case OP_WAIT:
                cursorTicks += ticks(w0, w1);
                pc++;
                return INSTRUCTION;
            case OP_LOOP:
                loopLeft[depth++] = w1 & 0xFFFF_FFFFL;
                pc++;
                return INSTRUCTION;
            case OP_END_LOOP: {
                boolean end = passEnd(w0);
                if (end) {
                    passes++;
                }
                if (--loopLeft[depth - 1] > 0 && !(end && stopAfterPass)) {
                    pc = a(w0);
                } else {
                    depth--;
                    pc++;
                }
                return INSTRUCTION;
            }
            case OP_JUMP: {
                boolean end = passEnd(w0);
                if (end) {
                    passes++;
                }
                pc = end && stopAfterPass ? pc + 1 : a(w0);
                return INSTRUCTION;
            }
            case OP_SYNC_TIME: {
                long t = startTicks + ticks(w0, w1);
                if (t < cursorTicks) {
                    error = ProgramError.SYNC_PAST;
                    return ERROR;
                }
                cursorTicks = t;
                pc++;
                return INSTRUCTION;
            }
            case OP_SYNC_TRIGGER:
                pc++;
                return TRIGGER;
            default: // HALT (the checker refused every other opcode)
                done = true;
                return DONE;
        }
    }

    /** After a TRIGGER step: the trigger came; the cursor moves to {@code resumeTicks} if that is later. */
    public void resume(long resumeTicks) {
        if (resumeTicks > cursorTicks) {
            cursorTicks = resumeTicks;
        }
    }

    /** The next pass-end instruction falls through instead of jumping back. */
    public void stopAfterPass() {
        stopAfterPass = true;
    }

    public int pc() {
        return pc;
    }

    public int depth() {
        return depth;
    }

    /** Iterations left in the open loop at {@code level} (0 = outermost), 0 when not open. */
    public long loopLeft(int level) {
        return level < depth ? loopLeft[level] : 0;
    }

    public long passes() {
        return passes;
    }

    public long cursorTicks() {
        return cursorTicks;
    }

    public boolean done() {
        return done;
    }
}
