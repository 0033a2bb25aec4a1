package cryo.controller.sequencer;

import cryo.hal.program.BoardProgram;
import cryo.hal.program.ProgramCursor;
import cryo.hal.regmap.CryoCmosRegisters;

import static cryo.hal.regmap.CryoCmosRegisters.*;

/**
 * Proves at upload that a program cannot underflow on the board: runs the board's own cursor
 * ({@link ProgramCursor}) against a model of its core, one event (instruction or entry push) per
 * {@value cryo.hal.regmap.CryoCmosRegisters#PROG_EVENT_TICKS} ns, a FIFO of
 * {@value cryo.hal.regmap.CryoCmosRegisters#PULSE_FIFO_ENTRIES} entries whose slots free as
 * entries play, and the shortest arm lead the board accepts. Every entry must be pushed before its
 * time. Passes repeat identically, so once the core's work for a pass is shorter than its period
 * it can only gain on later passes: walking the first {@code FIFO/entries-a-pass + 3} passes
 * covers every window (the start, the FIFO filling, the steady state); a sequence whose pass
 * needs more core time than its period is refused outright.
 *
 * <p>A refusal names the densest window (where the core's lead ran out), the event rate that
 * window needs and the rate the board has. Off the ring thread; O(entries walked).
 */
public final class ProgramProof {
    /** The board's event rate, events a second. */
    public static final double EVENTS_PER_SECOND = 1e9 / PROG_EVENT_TICKS;

    /** The verdict: proven (with the smallest slack seen, ticks) or refused with one line. */
    public record Verdict(boolean proven, long minSlackTicks, String message) {
    }

    /** The walk's bound: far above any program the compiler makes (passes are bounded by maxEntriesPerPass). */
    static final long MAX_EVENTS = 1L << 26;

    private ProgramProof() {
    }

    public static Verdict prove(BoardProgram p, long loops, long periodTicks, String name) {
        long entriesPerPass = 0;
        ProgramCursor cur = new ProgramCursor();
        int[] instr = p.region(PROG_REGION_INSTRUCTIONS);
        int[] entries = p.region(PROG_REGION_ENTRIES);
        final int depth = CryoCmosRegisters.PULSE_FIFO_ENTRIES;
        final long r = PROG_EVENT_TICKS;
        long[] fifo = new long[depth];
        int head = 0;
        int size = 0;
        long t0 = 0; // program start; the core starts fetching at the earliest arm the board accepts
        long e = t0 - PROG_MIN_ARM_LEAD_TICKS;
        long anchorTicks = e;
        long anchorEvents = 0;
        long events = 0;
        long minSlack = Long.MAX_VALUE;
        long passLimit = Long.MAX_VALUE;
        long eventsAtPassStart = 0;
        long eventsLastPass = -1;
        long entriesAtPassStart = 0;
        long passesSeen = 0;
        cur.reset(instr, p.instructionCount(), entries, t0);
        while (true) {
            int k = cur.step();
            if (k == ProgramCursor.DONE) {
                break;
            }
            if (k == ProgramCursor.TRIGGER) {
                return new Verdict(false, 0, "sequence \"" + name + "\": a SYNC_TRIGGER's time is not known at upload; no proof");
            }
            if (k == ProgramCursor.ERROR) {
                return new Verdict(false, 0, "sequence \"" + name + "\": the program stops with " + cur.error + " at instruction " + cur.pc());
            }
            if (++events > MAX_EVENTS) {
                return new Verdict(false, 0, "sequence \"" + name + "\": its program runs more than " + MAX_EVENTS
                        + " events before it repeats; no proof");
            }
            if (k == ProgramCursor.ENTRY) {
                long t = cur.entryTicks;
                while (size > 0 && fifo[head] <= e) { // played by now: slots free
                    head = (head + 1) % depth;
                    size--;
                }
                if (size == depth) { // full: the core waits for the oldest to play
                    e = fifo[head];
                    head = (head + 1) % depth;
                    size--;
                    anchorTicks = e;
                    anchorEvents = events - 1;
                }
                long slack = t - e;
                if (slack <= 0) {
                    return new Verdict(false, slack, refusal(name, anchorTicks, t, events - anchorEvents, periodTicks, size));
                }
                minSlack = Math.min(minSlack, slack);
                fifo[(head + size) % depth] = t;
                size++;
                entriesPerPass++;
            }
            e += r;
            if (k == ProgramCursor.INSTRUCTION && cur.passes() != passesSeen) {
                passesSeen = cur.passes();
                // a pass ended: its events; and how many passes the walk needs (first pass tells)
                eventsLastPass = events - eventsAtPassStart;
                eventsAtPassStart = events;
                long perPass = entriesPerPass - entriesAtPassStart;
                entriesAtPassStart = entriesPerPass;
                if (passLimit == Long.MAX_VALUE) {
                    passLimit = depth / Math.max(1, perPass) + 3;
                }
                if (cur.passes() >= passLimit) {
                    break;
                }
            }
        }
        boolean walkedAll = cur.done();
        if (!walkedAll && eventsLastPass * r >= periodTicks) {
            return new Verdict(false, 0, String.format("sequence \"%s\" cannot play from board memory: one pass (%s) needs %,d board events "
                    + "(%.0f events/s), the board makes %.0f events/s (one per %d ns)", name, ThermalBudget.seconds(periodTicks),
                    eventsLastPass, eventsLastPass / (periodTicks * 1e-9), EVENTS_PER_SECOND, r));
        }
        return new Verdict(true, minSlack == Long.MAX_VALUE ? 0 : minSlack, "");
    }

    private static String refusal(String name, long fromTicks, long toTicks, long events, long periodTicks, int queued) {
        long w = Math.max(1, toTicks - fromTicks);
        return String.format("sequence \"%s\" cannot be proven to play from board memory: in the window from %s to %s of the run "
                        + "(%s, pass %d) the board's core must execute %,d events with %,d entries already in its FIFO: "
                        + "%.0f events/s needed, %.0f events/s available (one per %d ns, FIFO %d entries); spread the pulses",
                name, at(fromTicks), at(toTicks), ThermalBudget.seconds(w), Math.max(0, toTicks) / periodTicks, events, queued,
                events / (w * 1e-9), EVENTS_PER_SECOND, PROG_EVENT_TICKS, PULSE_FIFO_ENTRIES);
    }

    private static String at(long ticks) {
        return ticks < 0 ? "the arm (" + (-ticks) + " ns before the start)" : "+" + ticks + " ns";
    }
}
