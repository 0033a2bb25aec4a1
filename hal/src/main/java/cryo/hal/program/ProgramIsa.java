package cryo.hal.program;

/**
 * The board sequencer core's instruction set. An instruction is two 32-bit words:
 *
 * <pre>
 * word 0: OP (bits 24..30) | PASS_END flag (bit 31) | A (bits 0..23)
 * word 1: B
 * </pre>
 *
 * <ul>
 *   <li>{@code HALT}: the program ends.</li>
 *   <li>{@code PLAY A=count B=first}: pushes entries {@code first .. first+count-1} of the entry
 *       table, each at the time cursor plus its offset.</li>
 *   <li>{@code WAIT A:B}: moves the time cursor on by a 56-bit tick count (on the pulse grid).</li>
 *   <li>{@code LOOP B=count}: runs the instructions up to its {@code END_LOOP} count times
 *       (1..2^32-1), nested at most {@value cryo.hal.regmap.CryoCmosRegisters#PROG_LOOP_DEPTH} deep.</li>
 *   <li>{@code END_LOOP A=target}: back to {@code target} (the instruction after its LOOP) while
 *       iterations are left.</li>
 *   <li>{@code JUMP A=target}: unconditional, outside every loop (a program that plays forever).</li>
 *   <li>{@code SYNC_TIME A:B}: the time cursor becomes the program's start time plus A:B ticks
 *       (an error if that is earlier than the cursor).</li>
 *   <li>{@code SYNC_TRIGGER}: waits for a trigger; the cursor becomes the trigger time plus
 *       {@value cryo.hal.regmap.CryoCmosRegisters#PROG_TRIGGER_LATENCY_TICKS} ticks if that is later.</li>
 * </ul>
 *
 * PASS_END on an END_LOOP or JUMP marks the end of one pass of the program: the core counts it,
 * and after a STOP_AFTER_PASS request it falls through instead of jumping back.
 *
 * <p>An entry is two words: the offset from the time cursor (u32 ticks) and the index of its
 * pulse definition (six words: {@link cryo.hal.pulse.PulseEntryCodec} words 2..7). Pure static
 * helpers.
 */
public final class ProgramIsa {
    public static final int OP_HALT = 0;
    public static final int OP_PLAY = 1;
    public static final int OP_WAIT = 2;
    public static final int OP_LOOP = 3;
    public static final int OP_END_LOOP = 4;
    public static final int OP_JUMP = 5;
    public static final int OP_SYNC_TIME = 6;
    public static final int OP_SYNC_TRIGGER = 7;
    static final String[] NAMES = {"HALT", "PLAY", "WAIT", "LOOP", "END_LOOP", "JUMP", "SYNC_TIME", "SYNC_TRIGGER"};

    public static final int PASS_END = 1 << 31;
    public static final int INSTRUCTION_WORDS = 2;
    public static final int ENTRY_WORDS = 2;
    public static final int DEFINITION_WORDS = cryo.hal.pulse.PulseEntryCodec.PARAM_WORDS;
    /** Largest A field (24 bits). */
    public static final int MAX_A = 0xFF_FFFF;
    /** Largest WAIT / SYNC_TIME tick count (56 bits). */
    public static final long MAX_TICKS = (1L << 56) - 1;

    private ProgramIsa() {
    }

    public static int op(int word0) {
        return (word0 >>> 24) & 0x7F;
    }

    public static boolean passEnd(int word0) {
        return (word0 & PASS_END) != 0;
    }

    public static int a(int word0) {
        return word0 & MAX_A;
    }

    public static long ticks(int word0, int word1) {
        return (long) a(word0) << 32 | (word1 & 0xFFFF_FFFFL);
    }

    public static int word0(int op, int a, boolean passEnd) {
        return op << 24 | (a & MAX_A) | (passEnd ? PASS_END : 0);
    }

    public static String name(int op) {
        return op >= 0 && op < NAMES.length ? NAMES[op] : "opcode " + op;
    }
}
