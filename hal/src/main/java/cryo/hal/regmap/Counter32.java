package cryo.hal.regmap;

/**
 * The board's counters (PULSE_*_COUNT, THERMn_SAMPLE_COUNT, ...) are 32-bit registers that wrap
 * to 0. A host keeps its own long total from the unsigned differences between reads; a raw value
 * compared with one read earlier goes wrong at the wrap. Correct while fewer than 2^32 counts
 * happen between two reads. Pure, allocation-free, any thread.
 */
public final class Counter32 {
    private Counter32() {
    }

    /** Counts from {@code before} to {@code now}, both register values (only their low 32 bits matter). */
    public static long delta(long now, long before) {
        return (now - before) & 0xFFFF_FFFFL;
    }
}
