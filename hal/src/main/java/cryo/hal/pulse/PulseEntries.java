package cryo.hal.pulse;

/**
 * A compact array of pulse entries in start-time order: each entry is a start time (relative to
 * a pass start) and the index of its parameter set in a table of definitions (six packed words
 * each). A pulse repeated by a block is one definition and many 12-byte entries, so a 262,144-entry
 * pass takes about 3 MB, not the 8.4 MB of a copy of the parameters per entry. Built once off the
 * ring thread; the ring thread only reads it while streaming.
 */
public final class PulseEntries {
    private final long[] startTicks;
    private final int[] definition;
    private final int[] params;
    private int size;
    private int definitions;

    /** Room for {@code capacity} entries, each with its own parameter set. */
    public PulseEntries(int capacity) {
        this(capacity, capacity);
    }

    /** Room for {@code capacity} entries sharing at most {@code definitionCapacity} parameter sets. */
    public PulseEntries(int capacity, int definitionCapacity) {
        if (capacity < 0 || definitionCapacity < 0) {
            throw new IllegalArgumentException("capacities must be >= 0, were " + capacity + " entries and " + definitionCapacity + " definitions");
        }
        startTicks = new long[capacity];
        definition = new int[capacity];
        params = new int[Math.multiplyExact(definitionCapacity, PulseEntryCodec.PARAM_WORDS)];
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return startTicks.length;
    }

    /** Parameter sets defined so far. */
    public int definitions() {
        return definitions;
    }

    /** Adds a parameter set (the caller has validated every field); returns its index for {@link #add(long, int)}. */
    public int define(int channel, int envelope, long durationTicks, double amplitude, double phaseRadians,
                      double carrierHz, double sigmaTicks, double dragBeta) {
        PulseEntryCodec.encodeParams(params, definitions * PulseEntryCodec.PARAM_WORDS, channel, envelope, durationTicks,
                amplitude, phaseRadians, carrierHz, sigmaTicks, dragBeta);
        return definitions++;
    }

    /** Appends one entry playing parameter set {@code definition} at {@code start}. */
    public void add(long start, int definition) {
        if (definition < 0 || definition >= definitions) {
            throw new IllegalArgumentException("definition " + definition + " outside 0.." + (definitions - 1));
        }
        startTicks[size] = start;
        this.definition[size] = definition;
        size++;
    }

    /** Appends one entry with a parameter set of its own; the caller has validated every field. */
    public void add(long start, int channel, int envelope, long durationTicks, double amplitude, double phaseRadians,
                    double carrierHz, double sigmaTicks, double dragBeta) {
        add(start, define(channel, envelope, durationTicks, amplitude, phaseRadians, carrierHz, sigmaTicks, dragBeta));
    }

    public long startTicks(int i) {
        return startTicks[i];
    }

    /** The parameter set entry {@code i} plays. */
    public int definition(int i) {
        return definition[i];
    }

    /** The packed parameter table; entry i's six words start at {@link #paramsOffset(int) paramsOffset(i)}. */
    public int[] params() {
        return params;
    }

    public int paramsOffset(int i) {
        return definition[i] * PulseEntryCodec.PARAM_WORDS;
    }

    public int channel(int i) {
        return PulseEntryCodec.channel(params[paramsOffset(i) + 1]);
    }

    public long durationTicks(int i) {
        return PulseEntryCodec.duration(params[paramsOffset(i)]);
    }

    public PulseEntry entry(int i, long offsetTicks) {
        return PulseEntry.decode(startTicks[i] + offsetTicks, params, paramsOffset(i));
    }

    /** Reorders entries by the given permutation (off the ring thread, at compile time); the parameter table stays. */
    public void permute(int[] order) {
        long[] t = new long[size];
        int[] d = new int[size];
        for (int i = 0; i < size; i++) {
            t[i] = startTicks[order[i]];
            d[i] = definition[order[i]];
        }
        System.arraycopy(t, 0, startTicks, 0, size);
        System.arraycopy(d, 0, definition, 0, size);
    }
}
