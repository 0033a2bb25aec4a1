package cryo.controller.sequencer;

import cryo.hal.device.BoardClock;
import cryo.hal.pulse.PulseDissipation;

/**
 * The pulse sequencer's settings.
 *
 * @param lookaheadTicks     how far ahead of board time the host keeps the FIFO filled; must exceed
 *                           the ring's pass period (the control tick), or every entry arrives late
 * @param budgetWatts        the 4 K plate's budget for the Cryo-CMOS board's average dissipation
 * @param windowTicks        the sliding window the average power is taken over
 * @param maxEntriesPerPass  most FIFO entries one pass of a sequence may expand to (bounds compile memory: 12 bytes each, plus a parameter set per pulse definition)
 * @param dissipation        the board's dissipation model (static + per-channel full-scale dynamic power)
 * @param programs           play a sequence that fits the board's program memory from there (true), or stream every sequence
 */
public record SequencerConfig(long lookaheadTicks, double budgetWatts, long windowTicks, int maxEntriesPerPass,
                              PulseDissipation dissipation, boolean programs) {
    /** Upper bound for {@link #maxEntriesPerPass}: entry indices and times share one 64-bit sort key. */
    public static final int ENTRIES_LIMIT = 1 << 20;

    public SequencerConfig {
        if (lookaheadTicks < 1_000 || lookaheadTicks > 10 * BoardClock.TICKS_PER_SECOND) {
            throw new IllegalArgumentException("sequencer.lookaheadTicks " + lookaheadTicks + " outside 1000..10000000000 (1 µs..10 s)");
        }
        if (!(budgetWatts > 0) || !Double.isFinite(budgetWatts)) {
            throw new IllegalArgumentException("sequencer.budgetWatts must be > 0 and finite, was " + budgetWatts);
        }
        if (windowTicks < 1_000_000 || windowTicks > 3600 * BoardClock.TICKS_PER_SECOND) {
            throw new IllegalArgumentException("sequencer.windowTicks " + windowTicks + " outside 1000000..3600000000000 (1 ms..1 h)");
        }
        if (maxEntriesPerPass < 1 || maxEntriesPerPass > ENTRIES_LIMIT) {
            throw new IllegalArgumentException("sequencer.maxEntriesPerPass " + maxEntriesPerPass + " outside 1.." + ENTRIES_LIMIT);
        }
        if (dissipation == null) {
            throw new IllegalArgumentException("sequencer.dissipation is required");
        }
    }

    /**
     * Defaults for a ring ticking every {@code tickIntervalSeconds}: lookahead 2.5 ticks (250 ms at
     * the shipped 100 ms), 10 mW budget over a 1 s window, 262 144 entries a pass.
     */
    public static SequencerConfig defaults(double tickIntervalSeconds) {
        return new SequencerConfig(BoardClock.fromSeconds(2.5 * tickIntervalSeconds), 10e-3, BoardClock.TICKS_PER_SECOND,
                1 << 18, PulseDissipation.DEFAULT, true);
    }

    /**
     * Defaults with the streaming lookahead measured on this host ({@link HostStalls}): the tick,
     * the worst stall a calibration run saw ({@code worstStallNanos}) and a margin, at most 10 s.
     */
    public static SequencerConfig measured(double tickIntervalSeconds, long worstStallNanos) {
        return defaults(tickIntervalSeconds).withLookaheadTicks(Math.min(10 * BoardClock.TICKS_PER_SECOND,
                HostStalls.lookaheadTicks(tickIntervalSeconds, worstStallNanos)));
    }

    public SequencerConfig withLookaheadTicks(long ticks) {
        return new SequencerConfig(ticks, budgetWatts, windowTicks, maxEntriesPerPass, dissipation, programs);
    }

    public SequencerConfig withBudgetWatts(double watts) {
        return new SequencerConfig(lookaheadTicks, watts, windowTicks, maxEntriesPerPass, dissipation, programs);
    }

    public SequencerConfig withMaxEntriesPerPass(int n) {
        return new SequencerConfig(lookaheadTicks, budgetWatts, windowTicks, n, dissipation, programs);
    }

    /** {@code false}: every sequence streams (the streaming benchmark, sequences the host must feed). */
    public SequencerConfig withPrograms(boolean on) {
        return new SequencerConfig(lookaheadTicks, budgetWatts, windowTicks, maxEntriesPerPass, dissipation, on);
    }
}
