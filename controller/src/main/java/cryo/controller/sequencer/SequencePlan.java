package cryo.controller.sequencer;

import cryo.hal.regmap.CryoCmosRegisters;
import cryo.v1.StartSequence;
import java.util.Arrays;

/**
 * A StartSequence made ready to stream, off the ring thread: the compiled entries, the loop
 * count and period (stretched when throttled), and the thermal figure. Refused here, with the
 * figure, when over budget or too dense for the FIFO at the configured lookahead.
 *
 * @param loops        passes to play, 0 = forever
 * @param periodTicks  board time from one pass start to the next
 */
public record SequencePlan(CompiledSequence compiled, long loops, long periodTicks, double averagePowerWatts,
                           double budgetWatts, String note) {

    public static SequencePlan of(StartSequence start, SequencerConfig config) throws SequenceException {
        CompiledSequence c = new SequenceCompiler(config).compile(start.getSequence());
        return of(c, Integer.toUnsignedLong(start.getLoops()), start.getThrottle(), config);
    }

    public static SequencePlan of(CompiledSequence c, long loops, boolean throttle, SequencerConfig config) throws SequenceException {
        ThermalBudget budget = new ThermalBudget(config.dissipation(), config.windowTicks());
        ThermalBudget.Verdict v = budget.check(c, loops, throttle, config.budgetWatts());
        if (!v.accepted()) {
            throw new SequenceException(v.message());
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
        return new SequencePlan(c, loops, v.periodTicks(), v.averagePowerWatts(), v.budgetWatts(), v.message());
    }

    /** Most entries starting within any window of {@code windowTicks} when passes repeat every {@code periodTicks}. */
    static long maxEntriesWithin(CompiledSequence c, long periodTicks, long windowTicks) {
        double[] ones = new double[c.size()];
        Arrays.fill(ones, 1.0);
        long q = windowTicks / periodTicks;
        long r = windowTicks - q * periodTicks;
        return q * c.size() + Math.round(ThermalBudget.maxWindow(c.entries(), ones, periodTicks, r + 1));
    }

    /** Entries a whole run writes, 0 when looping forever. */
    public long entriesTotal() {
        return loops == 0 ? 0 : loops * compiled.size();
    }
}
