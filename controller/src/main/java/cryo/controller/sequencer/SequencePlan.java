package cryo.controller.sequencer;

import cryo.hal.regmap.CryoCmosRegisters;
import cryo.v1.StartSequence;
import java.util.Arrays;

/**
 * A StartSequence made ready to play, off the ring thread: the compiled entries, the loop count
 * and period (stretched when throttled), the thermal figure, and the path. A sequence that fits
 * the board's program memory plays from there ({@code program}, proven at upload not to underflow,
 * {@link ProgramProof}); a larger one streams ({@code program} null). Refused here, with the
 * figure, when over budget, when its program cannot be proven, or (streaming) too dense for the
 * FIFO at the configured lookahead.
 *
 * @param loops        passes to play, 0 = forever
 * @param periodTicks  board time from one pass start to the next
 * @param program      the board program, or null when the sequence streams
 * @param path         why it takes its path, one line
 */
public record SequencePlan(CompiledSequence compiled, long loops, long periodTicks, double averagePowerWatts,
                           double budgetWatts, String note, cryo.hal.program.BoardProgram program, String path) {

    public static final String PROGRAM = "program";
    public static final String STREAM = "stream";

    public static SequencePlan of(StartSequence start, SequencerConfig config) throws SequenceException {
        CompiledSequence c = new SequenceCompiler(config).compile(start.getSequence());
        return of(start.getSequence(), c, Integer.toUnsignedLong(start.getLoops()), start.getThrottle(), config);
    }

    public static SequencePlan of(CompiledSequence c, long loops, boolean throttle, SequencerConfig config) throws SequenceException {
        return of(null, c, loops, throttle, config);
    }

    /** @param s the sequence as written (null: its program can only be flat) */
    public static SequencePlan of(cryo.v1.PulseSequence s, CompiledSequence c, long loops, boolean throttle, SequencerConfig config)
            throws SequenceException {
        ThermalBudget budget = new ThermalBudget(config.dissipation(), config.windowTicks());
        ThermalBudget.Verdict v = budget.check(c, loops, throttle, config.budgetWatts());
        if (!v.accepted()) {
            throw new SequenceException(v.message());
        }
        String streamWhy = "streaming is configured (sequencer programs off)";
        if (config.programs()) {
            ProgramCompiler.Result r = ProgramCompiler.compile(s, c, loops, v.periodTicks());
            if (r.program() != null) {
                ProgramProof.Verdict proof = ProgramProof.prove(r.program(), loops, v.periodTicks(), c.name());
                if (!proof.proven()) {
                    throw new SequenceException(proof.message());
                }
                cryo.hal.program.BoardProgram p = r.program();
                String why = String.format("program: fits board memory (%s: %d of %d instructions, %d of %d entries, %d of %d definitions, "
                                + "CRC-32 0x%08X); proven against the board's %.3g M events/s and %d-entry FIFO, smallest lead %s",
                        r.why(), p.instructionCount(), cryo.hal.regmap.CryoCmosRegisters.PROG_INSTRUCTIONS, p.entryCount(),
                        cryo.hal.regmap.CryoCmosRegisters.PROG_ENTRIES, p.definitionCount(), cryo.hal.regmap.CryoCmosRegisters.PROG_DEFINITIONS,
                        p.crc(), ProgramProof.EVENTS_PER_SECOND / 1e6, CryoCmosRegisters.PULSE_FIFO_ENTRIES,
                        ThermalBudget.seconds(proof.minSlackTicks()));
                return new SequencePlan(c, loops, v.periodTicks(), v.averagePowerWatts(), v.budgetWatts(), v.message(), p, why);
            }
            streamWhy = "too large for board memory (" + r.why() + ")";
        }
        long needed = maxEntriesWithin(c, v.periodTicks(), config.lookaheadTicks());
        if (loops > 0) {
            needed = Math.min(needed, loops * c.size()); // a finite run cannot need more than it has
        }
        if (needed > CryoCmosRegisters.PULSE_FIFO_ENTRIES) {
            throw new SequenceException(String.format("sequence \"%s\": needs %d FIFO entries within the %s lookahead, the board FIFO holds %d; "
                    + "spread the pulses or lower sequencer.lookaheadTicks (it must stay above the control tick)",
                    c.name(), needed, ThermalBudget.seconds(config.lookaheadTicks()), CryoCmosRegisters.PULSE_FIFO_ENTRIES));
        }
        return new SequencePlan(c, loops, v.periodTicks(), v.averagePowerWatts(), v.budgetWatts(), v.message(), null,
                "stream: " + streamWhy + "; the host keeps the FIFO " + ThermalBudget.seconds(config.lookaheadTicks()) + " ahead");
    }

    /** Most entries starting within any window of {@code windowTicks} when passes repeat every {@code periodTicks}. */
    static long maxEntriesWithin(CompiledSequence c, long periodTicks, long windowTicks) {
        double[] ones = new double[c.size()];
        Arrays.fill(ones, 1.0);
        long q = windowTicks / periodTicks;
        long r = windowTicks - q * periodTicks;
        return q * c.size() + Math.round(ThermalBudget.maxWindow(c.entries(), ones, periodTicks, r + 1));
    }

    public boolean streams() {
        return program == null;
    }

    /** Entries a whole run writes, 0 when looping forever. */
    public long entriesTotal() {
        return loops == 0 ? 0 : loops * compiled.size();
    }
}
