package cryo.hal.pulse;

/**
 * One FIFO entry, decoded: what the board plays (or played). Parameters keep the exact encoded
 * values (f32, u16 phase), so played and requested compare exactly. For tests, tools and logs;
 * the streaming path works on the packed words.
 */
public record PulseEntry(long boardTicks, int channel, int envelope, long durationTicks, float amplitude,
                         int phaseU16, float carrierHz, float sigmaTicks, float dragBeta) {

    /** Decodes the eight entry words at {@code w[offset..offset+8)}. */
    public static PulseEntry decode(int[] w, int offset) {
        int w3 = w[offset + 3];
        return new PulseEntry(PulseEntryCodec.time(w[offset], w[offset + 1]), PulseEntryCodec.channel(w3),
                PulseEntryCodec.envelope(w3), PulseEntryCodec.duration(w[offset + 2]),
                Float.intBitsToFloat(w[offset + 4]), PulseEntryCodec.phaseU16(w3), Float.intBitsToFloat(w[offset + 5]),
                Float.intBitsToFloat(w[offset + 6]), Float.intBitsToFloat(w[offset + 7]));
    }

    /** Decodes a time and the six parameter words at {@code p[offset..offset+6)}. */
    public static PulseEntry decode(long boardTicks, int[] p, int offset) {
        int w3 = p[offset + 1];
        return new PulseEntry(boardTicks, PulseEntryCodec.channel(w3), PulseEntryCodec.envelope(w3),
                PulseEntryCodec.duration(p[offset]), Float.intBitsToFloat(p[offset + 2]), PulseEntryCodec.phaseU16(w3),
                Float.intBitsToFloat(p[offset + 3]), Float.intBitsToFloat(p[offset + 4]), Float.intBitsToFloat(p[offset + 5]));
    }

    public double phaseRadians() {
        return PulseEntryCodec.u16ToPhase(phaseU16);
    }

    @Override
    public String toString() {
        return String.format("t=%d ch%d env%d dur=%d amp=%s phase=%d carrier=%s sigma=%s beta=%s", boardTicks, channel,
                envelope, durationTicks, amplitude, phaseU16, carrierHz, sigmaTicks, dragBeta);
    }
}
