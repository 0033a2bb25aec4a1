package cryo.controller.sequencer;

import cryo.hal.program.BoardProgram;
import cryo.hal.program.ProgramBuilder;
import cryo.hal.pulse.PulseEntries;
import cryo.v1.Pulse;
import cryo.v1.PulseSequence;
import cryo.v1.RepeatBlock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static cryo.hal.regmap.CryoCmosRegisters.*;

/**
 * Turns a compiled sequence into a program for the board's sequencer core. Structured when the
 * sequence's loose pulses and repeat blocks occupy separate stretches of the timeline: a block of
 * count N becomes {@code LOOP N-1 { PLAY its pulses; WAIT period }} and one last PLAY, so a block
 * costs its own pulses in the entry table whatever its count; otherwise flat (every entry of a
 * pass in the table). The sequence's passes are an outer {@code LOOP loops} (or a {@code JUMP}
 * when it loops forever) marked PASS_END, so STOP ends it after a pass. The pass period is the
 * plan's (stretched when throttled). Entries play exactly where the compiled sequence puts them,
 * in the same order. Off the ring thread.
 */
public final class ProgramCompiler {
    /** A program, or why the sequence stays on the streaming path. */
    public record Result(BoardProgram program, String why) {
    }

    private static final long MAX_OFFSET = 0xFFFF_FFFFL - 0xFFFF_FFFFL % PULSE_GRID_TICKS;

    private ProgramCompiler() {
    }

    /**
     * @param s     the sequence as written (null: only the flat form is tried)
     * @param c     its compiled pass
     * @param loops passes, 0 = forever
     */
    public static Result compile(PulseSequence s, CompiledSequence c, long loops, long periodTicks) {
        PulseEntries e = c.entries();
        if (e.definitions() > PROG_DEFINITIONS) {
            return new Result(null, e.definitions() + " pulse definitions, the board's definition table holds " + PROG_DEFINITIONS);
        }
        String structuredWhy = "";
        if (s != null) {
            ProgramBuilder b = start(e);
            String why = structured(s, b, e, periodTicks);
            if (why.isEmpty()) {
                return finish(b, loops, periodTicks, c.passTicks(), "structured");
            }
            structuredWhy = why;
        }
        ProgramBuilder b = start(e);
        if (e.size() > PROG_ENTRIES) {
            return new Result(null, "one pass is " + e.size() + " entries" + (structuredWhy.isEmpty() ? "" : " (" + structuredWhy + ")")
                    + ", the board's entry table holds " + PROG_ENTRIES);
        }
        flat(b, e, periodTicks);
        return finish(b, loops, periodTicks, c.passTicks(), structuredWhy.isEmpty() ? "flat" : "flat (" + structuredWhy + ")");
    }

    private static ProgramBuilder start(PulseEntries e) {
        ProgramBuilder b = new ProgramBuilder();
        for (int d = 0; d < e.definitions(); d++) {
            b.define(e.params(), d * cryo.hal.pulse.PulseEntryCodec.PARAM_WORDS);
        }
        b.waitTicks(0); // index 0: the outer LOOP, or a no-op when the sequence loops forever (set by finish)
        return b;
    }

    private static void waitTo(ProgramBuilder b, long from, long to) {
        if (to > from) {
            b.waitTicks(to - from);
        }
    }

    private static Result finish(ProgramBuilder body, long loops, long periodTicks, long passTicks, String form) {
        if (body.entries() > PROG_ENTRIES) {
            return new Result(null, "the " + form + " program needs " + body.entries() + " entries, the board's entry table holds " + PROG_ENTRIES);
        }
        if (body.instructions() + 2 > PROG_INSTRUCTIONS) {
            return new Result(null, "the " + form + " program needs " + (body.instructions() + 2) + " instructions, the board holds "
                    + PROG_INSTRUCTIONS);
        }
        if (loops == 0) {
            body.jump(1, true); // forever: back to the body's start (index 0 stays a no-op WAIT 0)
        } else {
            body.loopAt(0, loops);
            body.endLoop(1, true).halt();
        }
        return new Result(body.build(), form);
    }

    /** Every entry of the pass, in PLAYs whose offsets stay within 32 bits. */
    private static void flat(ProgramBuilder b, PulseEntries e, long periodTicks) {
        long at = 0;
        int i = 0;
        while (i < e.size()) {
            long groupStart = e.startTicks(i);
            waitTo(b, at, groupStart);
            at = Math.max(at, groupStart);
            int first = b.entries();
            int n = 0;
            while (i < e.size() && e.startTicks(i) - groupStart <= MAX_OFFSET && n < PROG_ENTRIES) {
                b.entry(e.startTicks(i) - groupStart, e.definition(i));
                i++;
                n++;
            }
            b.play(first, n);
        }
        waitTo(b, at, periodTicks);
    }

    private record Item(long start, long end, int block, int pulse) {
    }

    /** "" when assembled; else why the structure does not map (the caller falls back to flat). */
    private static String structured(PulseSequence s, ProgramBuilder b, PulseEntries e, long periodTicks) {
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < s.getPulsesCount(); i++) {
            Pulse p = s.getPulses(i);
            items.add(new Item(p.getStartTicks(), p.getStartTicks() + p.getDurationTicks(), -1, i));
        }
        int defBase = s.getPulsesCount();
        int[] blockDefBase = new int[s.getBlocksCount()];
        for (int k = 0; k < s.getBlocksCount(); k++) {
            RepeatBlock block = s.getBlocks(k);
            blockDefBase[k] = defBase;
            defBase += block.getPulsesCount();
            long first = Long.MAX_VALUE;
            long end = 0;
            for (Pulse p : block.getPulsesList()) {
                first = Math.min(first, p.getStartTicks());
                end = Math.max(end, p.getStartTicks() + p.getDurationTicks());
                if (p.getStartTicks() > MAX_OFFSET) {
                    return "blocks[" + k + "] has a pulse more than 2^32 ticks into its period";
                }
            }
            long count = Integer.toUnsignedLong(block.getCount());
            items.add(new Item(block.getStartTicks() + first, block.getStartTicks() + (count - 1) * block.getPeriodTicks() + end, k, -1));
        }
        items.sort(Comparator.comparingLong(Item::start).thenComparingInt(Item::block));
        long maxEnd = 0;
        long maxBlockEnd = 0;
        for (Item it : items) {
            // loose pulses may overlap each other (one PLAY plays them in time order); a block must have the timeline to itself
            if (it.start() < (it.block() >= 0 ? maxEnd : maxBlockEnd)) {
                return "its blocks and pulses overlap in time";
            }
            maxEnd = Math.max(maxEnd, it.end());
            if (it.block() >= 0) {
                maxBlockEnd = Math.max(maxBlockEnd, it.end());
            }
        }
        long at = 0;
        int i = 0;
        while (i < items.size()) {
            Item it = items.get(i);
            if (it.block() < 0) {
                // consecutive loose pulses: one PLAY, offsets from the first
                long groupStart = it.start();
                waitTo(b, at, groupStart);
                at = groupStart;
                int first = b.entries();
                int n = 0;
                while (i < items.size() && items.get(i).block() < 0 && items.get(i).start() - groupStart <= MAX_OFFSET) {
                    b.entry(items.get(i).start() - groupStart, items.get(i).pulse());
                    i++;
                    n++;
                }
                b.play(first, n);
                continue;
            }
            RepeatBlock block = s.getBlocks(it.block());
            long start = block.getStartTicks();
            waitTo(b, at, start);
            at = start;
            Integer[] order = new Integer[block.getPulsesCount()];
            for (int j = 0; j < order.length; j++) {
                order[j] = j;
            }
            java.util.Arrays.sort(order, Comparator.comparingLong((Integer j) -> block.getPulses(j).getStartTicks()).thenComparingInt(j -> j));
            int first = b.entries();
            for (Integer j : order) {
                b.entry(block.getPulses(j).getStartTicks(), blockDefBase[it.block()] + j);
            }
            long count = Integer.toUnsignedLong(block.getCount());
            if (count > 1) {
                int body = b.instructions() + 1;
                b.loop(count - 1).play(first, order.length).waitTicks(block.getPeriodTicks()).endLoop(body, false);
                at += (count - 1) * block.getPeriodTicks();
            }
            b.play(first, order.length);
            i++;
        }
        waitTo(b, at, periodTicks);
        return "";
    }
}
