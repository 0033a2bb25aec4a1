package cryo.hal.pulse;

import cryo.hal.regmap.CryoCmosRegisters;

/**
 * The eight 32-bit words of one pulse FIFO entry, as written to a staging slot:
 *
 * <pre>
 * 0 TIME_LO    board time of the pulse start, ns, low word
 * 1 TIME_HI    high word
 * 2 DURATION   ns (u32)
 * 3 channel (bits 0..7) | envelope (8..15, cryo.v1.Envelope number) | phase (16..31, u16 fraction of a turn)
 * 4 AMPLITUDE  f32, full scale = 1.0
 * 5 CARRIER    f32 Hz
 * 6 SIGMA      f32 ns (Gaussian, DRAG)
 * 7 DRAG       f32 beta, ns (DRAG); writing this word pushes the entry
 * </pre>
 *
 * The host keeps words 2..7 ({@value #PARAM_WORDS} words) per compiled entry and adds the time
 * when it streams. Pure static helpers; no allocation.
 */
public final class PulseEntryCodec {
    public static final int WORDS = CryoCmosRegisters.PULSE_ENTRY_WORDS;
    /** Words per entry without the time (what a compiled sequence stores). */
    public static final int PARAM_WORDS = WORDS - 2;

    public static final int ENVELOPE_SQUARE = 1;
    public static final int ENVELOPE_GAUSSIAN = 2;
    public static final int ENVELOPE_COSINE = 3;
    public static final int ENVELOPE_DRAG = 4;

    private static final double TWO_PI = 2 * Math.PI;

    private PulseEntryCodec() {
    }

    /** Phase in radians to the u16 fraction of a turn the board's NCO takes (about 96 µrad steps). */
    public static int phaseToU16(double phaseRadians) {
        double turns = phaseRadians / TWO_PI;
        turns -= Math.floor(turns);
        return (int) Math.round(turns * 65536.0) & 0xFFFF;
    }

    public static double u16ToPhase(int phaseU16) {
        return (phaseU16 & 0xFFFF) * TWO_PI / 65536.0;
    }

    /** Writes the six parameter words (entry words 2..7) at {@code dst[offset..offset+6)}. */
    public static void encodeParams(int[] dst, int offset, int channel, int envelope, long durationTicks, double amplitude,
                                    double phaseRadians, double carrierHz, double sigmaTicks, double dragBeta) {
        dst[offset] = (int) durationTicks;
        dst[offset + 1] = (channel & 0xFF) | (envelope & 0xFF) << 8 | phaseToU16(phaseRadians) << 16;
        dst[offset + 2] = Float.floatToRawIntBits((float) amplitude);
        dst[offset + 3] = Float.floatToRawIntBits((float) carrierHz);
        dst[offset + 4] = Float.floatToRawIntBits((float) sigmaTicks);
        dst[offset + 5] = Float.floatToRawIntBits((float) dragBeta);
    }

    public static long time(int lo, int hi) {
        return (lo & 0xFFFF_FFFFL) | ((long) hi << 32);
    }

    public static long duration(int durationWord) {
        return durationWord & 0xFFFF_FFFFL;
    }

    public static int channel(int word3) {
        return word3 & 0xFF;
    }

    public static int envelope(int word3) {
        return (word3 >>> 8) & 0xFF;
    }

    public static int phaseU16(int word3) {
        return word3 >>> 16;
    }
}
