package cryo.hal.pulse;

/**
 * A compact, fixed-size array of pulse entries: start times (relative to a pass start) and the
 * six packed parameter words of each, 32 bytes an entry. Built once off the ring thread; the ring
 * thread only reads it while streaming. Entries are kept in start-time order.
 */
public final class PulseEntries {
    private final long[] startTicks;
    private final int[] params;
    private int size;

    public PulseEntries(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must be >= 0, was " + capacity);
        }
        startTicks = new long[capacity];
        params = new int[capacity * PulseEntryCodec.PARAM_WORDS];
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return startTicks.length;
    }

    /** Appends one entry; the caller has validated every field. */
    public void add(long start, int channel, int envelope, long durationTicks, double amplitude, double phaseRadians,
                    double carrierHz, double sigmaTicks, double dragBeta) {
        startTicks[size] = start;
        PulseEntryCodec.encodeParams(params, size * PulseEntryCodec.PARAM_WORDS, channel, envelope, durationTicks,
                amplitude, phaseRadians, carrierHz, sigmaTicks, dragBeta);
        size++;
    }

    public long startTicks(int i) {
        return startTicks[i];
    }

    /** The packed parameter words; entry i occupies {@code [i*6, i*6+6)}. */
    public int[] params() {
        return params;
    }

    public int channel(int i) {
        return PulseEntryCodec.channel(params[i * PulseEntryCodec.PARAM_WORDS + 1]);
    }

    public long durationTicks(int i) {
        return PulseEntryCodec.duration(params[i * PulseEntryCodec.PARAM_WORDS]);
    }

    public PulseEntry entry(int i, long offsetTicks) {
        return PulseEntry.decode(startTicks[i] + offsetTicks, params, i * PulseEntryCodec.PARAM_WORDS);
    }

    /** Reorders entries by the given permutation (off the ring thread, at compile time). */
    public void permute(int[] order) {
        long[] t = new long[size];
        int[] p = new int[size * PulseEntryCodec.PARAM_WORDS];
        for (int i = 0; i < size; i++) {
            int from = order[i];
            t[i] = startTicks[from];
            System.arraycopy(params, from * PulseEntryCodec.PARAM_WORDS, p, i * PulseEntryCodec.PARAM_WORDS,
                    PulseEntryCodec.PARAM_WORDS);
        }
        System.arraycopy(t, 0, startTicks, 0, size);
        System.arraycopy(p, 0, params, 0, p.length);
    }
}
