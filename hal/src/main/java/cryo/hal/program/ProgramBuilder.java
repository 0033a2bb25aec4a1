package cryo.hal.program;

import cryo.hal.pulse.PulseEntryCodec;
import java.util.Arrays;

import static cryo.hal.program.ProgramIsa.*;

/**
 * Assembles a {@link BoardProgram}: definitions, entries and instructions appended in order.
 * Refuses a field that cannot be encoded (a loop count above 2^32-1, a tick count beyond 56
 * bits) with one line naming it; everything else (ranges, nesting, grid) is the board's check,
 * run by {@link BoardProgram#check()} before upload. Off the ring thread.
 */
public final class ProgramBuilder {
    private int[] instr = new int[64];
    private int ni;
    private int[] entries = new int[64];
    private int ne;
    private int[] defs = new int[6 * 16];
    private int nd;

    /** Adds a pulse definition (the caller has validated the fields); returns its index. */
    public int define(int channel, int envelope, long durationTicks, double amplitude, double phaseRadians,
                      double carrierHz, double sigmaTicks, double dragBeta) {
        defs = grow(defs, (nd + 1) * DEFINITION_WORDS);
        PulseEntryCodec.encodeParams(defs, nd * DEFINITION_WORDS, channel, envelope, durationTicks, amplitude, phaseRadians,
                carrierHz, sigmaTicks, dragBeta);
        return nd++;
    }

    /** Adds a definition from its six packed words. */
    public int define(int[] params, int offset) {
        defs = grow(defs, (nd + 1) * DEFINITION_WORDS);
        System.arraycopy(params, offset, defs, nd * DEFINITION_WORDS, DEFINITION_WORDS);
        return nd++;
    }

    /** Adds an entry at {@code offsetTicks} from the time cursor; returns its index. */
    public int entry(long offsetTicks, int definition) {
        if (offsetTicks < 0 || offsetTicks > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("entry offset " + offsetTicks + " ticks outside 0..4294967295");
        }
        entries = grow(entries, (ne + 1) * ENTRY_WORDS);
        entries[ne * ENTRY_WORDS] = (int) offsetTicks;
        entries[ne * ENTRY_WORDS + 1] = definition;
        return ne++;
    }

    public int entries() {
        return ne;
    }

    public int instructions() {
        return ni;
    }

    public int definitions() {
        return nd;
    }

    public ProgramBuilder play(int first, int count) {
        if (count < 1 || count > MAX_A) {
            throw new IllegalArgumentException("PLAY count " + count + " outside 1.." + MAX_A);
        }
        return emit(word0(OP_PLAY, count, false), first);
    }

    public ProgramBuilder waitTicks(long ticks) {
        return emitTicks(OP_WAIT, "WAIT", ticks);
    }

    public ProgramBuilder loop(long count) {
        if (count < 0 || count > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("LOOP count " + count + " outside 1..4294967295");
        }
        return emit(word0(OP_LOOP, 0, false), (int) count);
    }

    /** Makes instruction {@code index} a LOOP of {@code count} (a compiler that learns the outer count last). */
    public ProgramBuilder loopAt(int index, long count) {
        if (index < 0 || index >= ni) {
            throw new IllegalArgumentException("instruction " + index + " outside 0.." + (ni - 1));
        }
        if (count < 0 || count > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("LOOP count " + count + " outside 1..4294967295");
        }
        instr[index * INSTRUCTION_WORDS] = word0(OP_LOOP, 0, false);
        instr[index * INSTRUCTION_WORDS + 1] = (int) count;
        return this;
    }

    public ProgramBuilder endLoop(int target, boolean passEnd) {
        return emit(word0(OP_END_LOOP, target, passEnd), 0);
    }

    public ProgramBuilder jump(int target, boolean passEnd) {
        return emit(word0(OP_JUMP, target, passEnd), 0);
    }

    public ProgramBuilder syncTime(long ticksFromStart) {
        return emitTicks(OP_SYNC_TIME, "SYNC_TIME", ticksFromStart);
    }

    public ProgramBuilder syncTrigger() {
        return emit(word0(OP_SYNC_TRIGGER, 0, false), 0);
    }

    public ProgramBuilder halt() {
        return emit(word0(OP_HALT, 0, false), 0);
    }

    /** A raw instruction (tests of the board's checks). */
    public ProgramBuilder raw(int word0, int word1) {
        return emit(word0, word1);
    }

    public BoardProgram build() {
        return new BoardProgram(Arrays.copyOf(instr, ni * INSTRUCTION_WORDS), Arrays.copyOf(entries, ne * ENTRY_WORDS),
                Arrays.copyOf(defs, nd * DEFINITION_WORDS));
    }

    private ProgramBuilder emitTicks(int op, String name, long ticks) {
        if (ticks < 0 || ticks > MAX_TICKS) {
            throw new IllegalArgumentException(name + " " + ticks + " ticks outside 0.." + MAX_TICKS);
        }
        return emit(word0(op, (int) (ticks >>> 32), false), (int) ticks);
    }

    private ProgramBuilder emit(int w0, int w1) {
        instr = grow(instr, (ni + 1) * INSTRUCTION_WORDS);
        instr[ni * INSTRUCTION_WORDS] = w0;
        instr[ni * INSTRUCTION_WORDS + 1] = w1;
        ni++;
        return this;
    }

    private static int[] grow(int[] a, int need) {
        return need <= a.length ? a : Arrays.copyOf(a, Math.max(need, a.length * 2));
    }
}
