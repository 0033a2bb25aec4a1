package cryo.hal.program;

import cryo.hal.pulse.PulseEntryCodec;

import static cryo.hal.program.ProgramIsa.*;
import static cryo.hal.regmap.CryoCmosRegisters.*;

/**
 * The board's load-time check of a program, shared by the simulated board (which keeps only the
 * code and index, as firmware would) and the host (which checks before upload and says what is
 * wrong in one line naming the field and the limit). Sizes, then every instruction (opcode,
 * PLAY range, grid, loop counts, nesting, jump targets, pairing), every entry (definition index,
 * order within a PLAY), every definition (channel, envelope, duration). Stops at the first error.
 *
 * <p>Not thread-safe; one instance per check. The board calls it under its lock, at load only.
 */
public final class ProgramChecker {
    private ProgramError error = ProgramError.NONE;
    private int index;
    private String message = "";
    private final int[] loopStart = new int[PROG_LOOP_DEPTH + 1];

    public ProgramError error() {
        return error;
    }

    public int index() {
        return index;
    }

    /** One line naming the field and the limit ("" when the program is accepted). */
    public String message() {
        return message;
    }

    public boolean ok() {
        return error == ProgramError.NONE;
    }

    /** Checks a program; {@code ni}, {@code ne}, {@code nd} are record counts. Returns whether it is accepted. */
    public boolean check(int[] instr, int ni, int[] entries, int ne, int[] defs, int nd) {
        error = ProgramError.NONE;
        message = "";
        if (ni < 1 || ni > PROG_INSTRUCTIONS) {
            return fail(ProgramError.TOO_LARGE, PROG_REGION_INSTRUCTIONS, "PROG_INSTR_COUNT " + Integer.toUnsignedString(ni)
                    + " outside 1.." + PROG_INSTRUCTIONS + " (the board's program memory)");
        }
        if (ne < 0 || ne > PROG_ENTRIES) {
            return fail(ProgramError.TOO_LARGE, PROG_REGION_ENTRIES, "PROG_ENTRY_COUNT " + Integer.toUnsignedString(ne)
                    + " outside 0.." + PROG_ENTRIES + " (the board's entry table)");
        }
        if (nd < 0 || nd > PROG_DEFINITIONS) {
            return fail(ProgramError.TOO_LARGE, PROG_REGION_DEFINITIONS, "PROG_DEF_COUNT " + Integer.toUnsignedString(nd)
                    + " outside 0.." + PROG_DEFINITIONS + " (the board's definition table)");
        }
        for (int d = 0; d < nd; d++) {
            int o = d * DEFINITION_WORDS;
            long dur = PulseEntryCodec.duration(defs[o]);
            int ch = PulseEntryCodec.channel(defs[o + 1]);
            int env = PulseEntryCodec.envelope(defs[o + 1]);
            if (ch >= PULSE_CHANNELS) {
                return fail(ProgramError.BAD_DEFINITION, d, "definition " + d + ": channel " + ch + " outside 0.." + (PULSE_CHANNELS - 1));
            }
            if (env < PulseEntryCodec.ENVELOPE_SQUARE || env > PulseEntryCodec.ENVELOPE_DRAG) {
                return fail(ProgramError.BAD_DEFINITION, d, "definition " + d + ": envelope " + env + " outside 1..4");
            }
            if (dur < PULSE_MIN_DURATION_TICKS || dur % PULSE_GRID_TICKS != 0) {
                return fail(ProgramError.BAD_DEFINITION, d, "definition " + d + ": duration " + dur + " ticks must be >= "
                        + PULSE_MIN_DURATION_TICKS + " and on the " + PULSE_GRID_TICKS + "-tick grid");
            }
        }
        for (int e = 0; e < ne; e++) {
            long off = entries[e * ENTRY_WORDS] & 0xFFFF_FFFFL;
            int def = entries[e * ENTRY_WORDS + 1];
            if (def < 0 || def >= nd) {
                return fail(ProgramError.BAD_ENTRY, e, "entry " + e + ": definition " + Integer.toUnsignedString(def)
                        + " outside 0.." + (nd - 1));
            }
            if (off % PULSE_GRID_TICKS != 0) {
                return fail(ProgramError.BAD_ENTRY, e, "entry " + e + ": offset " + off + " ticks not on the " + PULSE_GRID_TICKS + "-tick grid");
            }
        }
        int depth = 0;
        int[] depthAt = new int[ni]; // loops open before each instruction (JUMP targets must be outside every loop)
        for (int pc = 0; pc < ni; pc++) {
            depthAt[pc] = depth;
            int w0 = instr[pc * INSTRUCTION_WORDS];
            int w1 = instr[pc * INSTRUCTION_WORDS + 1];
            int op = op(w0);
            String at = "instruction " + pc + " " + name(op);
            switch (op) {
                case OP_HALT:
                case OP_SYNC_TRIGGER:
                    break;
                case OP_PLAY: {
                    long first = w1 & 0xFFFF_FFFFL;
                    int count = a(w0);
                    if (count < 1 || first + count > ne) {
                        return fail(ProgramError.PLAY_RANGE, pc, at + ": entries " + first + " .. " + (first + count - 1)
                                + " outside the entry table 0.." + (ne - 1) + " (count >= 1)");
                    }
                    for (long e = first + 1; e < first + count; e++) {
                        if (Integer.compareUnsigned(entries[(int) e * ENTRY_WORDS], entries[(int) (e - 1) * ENTRY_WORDS]) < 0) {
                            return fail(ProgramError.ORDER, (int) e, at + ": entry " + e + " offset earlier than entry " + (e - 1)
                                    + " (entries of a PLAY must be in time order)");
                        }
                    }
                    break;
                }
                case OP_WAIT:
                case OP_SYNC_TIME:
                    if (ticks(w0, w1) % PULSE_GRID_TICKS != 0) {
                        return fail(ProgramError.OFF_GRID, pc, at + ": " + ticks(w0, w1) + " ticks not on the " + PULSE_GRID_TICKS + "-tick grid");
                    }
                    break;
                case OP_LOOP:
                    if (w1 == 0) {
                        return fail(ProgramError.LOOP_COUNT, pc, at + ": count 0 outside 1..4294967295");
                    }
                    if (depth == PROG_LOOP_DEPTH) {
                        return fail(ProgramError.NESTING, pc, at + ": nesting depth " + (depth + 1) + ", the board nests at most "
                                + PROG_LOOP_DEPTH + " loops");
                    }
                    loopStart[depth++] = pc;
                    break;
                case OP_END_LOOP: {
                    int target = a(w0);
                    if (target >= ni || target > pc) {
                        return fail(ProgramError.JUMP_RANGE, pc, at + ": target " + target + " outside 0.." + pc + " (back into its loop)");
                    }
                    if (depth == 0 || target != loopStart[depth - 1] + 1) {
                        return fail(ProgramError.UNMATCHED_LOOP, pc, at + ": target " + target + " is not the first instruction of an open LOOP"
                                + (depth == 0 ? " (no loop is open)" : " (expected " + (loopStart[depth - 1] + 1) + ")"));
                    }
                    depth--;
                    break;
                }
                case OP_JUMP: {
                    int target = a(w0);
                    if (target >= ni) {
                        return fail(ProgramError.JUMP_RANGE, pc, at + ": target " + target + " outside 0.." + (ni - 1));
                    }
                    if (depth != 0) {
                        return fail(ProgramError.JUMP_RANGE, pc, at + ": inside a loop (depth " + depth + "); JUMP only outside every loop");
                    }
                    break;
                }
                default:
                    return fail(ProgramError.BAD_OPCODE, pc, "instruction " + pc + ": opcode " + op + " outside 0..7");
            }
        }
        for (int pc = 0; pc < ni; pc++) {
            int w0 = instr[pc * INSTRUCTION_WORDS];
            if (op(w0) == OP_JUMP && depthAt[a(w0)] != 0) {
                return fail(ProgramError.JUMP_RANGE, pc, "instruction " + pc + " JUMP: target " + a(w0) + " is inside a loop (depth "
                        + depthAt[a(w0)] + "); JUMP only between instructions outside every loop");
            }
        }
        if (depth != 0) {
            return fail(ProgramError.UNMATCHED_LOOP, loopStart[depth - 1], "instruction " + loopStart[depth - 1]
                    + " LOOP: no END_LOOP closes it");
        }
        return true;
    }

    /** Marks the first error; messages are built only here (the board's load path, never the ring's). */
    private boolean fail(ProgramError e, int i, String why) {
        error = e;
        index = i;
        message = why;
        return false;
    }
}
