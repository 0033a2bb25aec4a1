package cryo.controller.sequencer;

import cryo.hal.pulse.PulseEntries;

/**
 * A validated sequence expanded into FIFO entries for one pass, sorted by start time, times
 * relative to the pass start. Immutable once built (off the ring thread); the ring thread only
 * reads it. 12 bytes an entry (start time and the index of its pulse definition, which also names
 * a late pulse) plus one parameter set and label per pulse definition.
 */
public final class CompiledSequence {
    private final String name;
    private final int version;
    private final PulseEntries entries;
    private final String[] labels;
    private final long[] originBlockStart;
    private final long[] originPeriod;
    private final long passTicks;

    CompiledSequence(String name, int version, PulseEntries entries, String[] labels,
                     long[] originBlockStart, long[] originPeriod, long passTicks) {
        this.name = name;
        this.version = version;
        this.entries = entries;
        this.labels = labels;
        this.originBlockStart = originBlockStart;
        this.originPeriod = originPeriod;
        this.passTicks = passTicks;
    }

    public String name() {
        return name;
    }

    public int version() {
        return version;
    }

    public PulseEntries entries() {
        return entries;
    }

    public int size() {
        return entries.size();
    }

    /** Length of one pass (the loop period before any throttling), ticks. */
    public long passTicks() {
        return passTicks;
    }

    /** Names pulse definition {@code definition} as the user wrote it, e.g. {@code blocks[0] "echo".pulses[1] "y"}. Error path only. */
    public String label(int definition) {
        return definition >= 0 && definition < labels.length ? labels[definition] : "definition " + definition;
    }

    /** Names entry {@code i} as the user wrote it, e.g. {@code blocks[0] "echo".pulses[1] "y" repetition 3}. Error path only. */
    public String describe(int i) {
        int o = entries.definition(i);
        String label = labels[o];
        long period = originPeriod[o];
        if (period <= 0) {
            return label;
        }
        return label + " repetition " + (entries.startTicks(i) - originBlockStart[o]) / period;
    }
}
