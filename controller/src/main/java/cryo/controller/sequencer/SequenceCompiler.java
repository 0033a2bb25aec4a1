package cryo.controller.sequencer;

import cryo.hal.pulse.PulseEntries;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.v1.Envelope;
import cryo.v1.Pulse;
import cryo.v1.PulseChannel;
import cryo.v1.PulseSequence;
import cryo.v1.RepeatBlock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a {@link PulseSequence} against the board and expands it into FIFO entries. Every rule
 * is checked before anything is allocated in proportion to the sequence's claimed size, so a
 * hostile sequence (huge counts, 10⁹ repetitions, values that wrap) is refused in bounded time and
 * memory. Each error names the pulse (index and name), the field and the limit.
 *
 * <p>Runs off the ring thread (where the StartSequence command is submitted, or in the CLI).
 */
public final class SequenceCompiler {
    /** Longest timeline a pass may span: 2^42 ns (about 73 minutes); keeps sort keys in 64 bits. */
    public static final long MAX_TIMELINE_TICKS = (1L << 42) - 1;
    /** Longest single pulse: the DURATION word is 32 bits. */
    public static final long MAX_DURATION_TICKS = 0xFFFF_FFFFL - (0xFFFF_FFFFL % CryoCmosRegisters.PULSE_GRID_TICKS);
    /** Carrier frequencies the board's NCO reaches. */
    public static final double MAX_CARRIER_HZ = 10e9;
    /** |DRAG beta| limit, ticks. */
    public static final double MAX_DRAG_BETA = 1e6;
    public static final int MAX_BLOCKS = 4096;
    public static final int MAX_NAME_CHARS = 128;
    /** Errors reported at most; the rest are counted. */
    public static final int MAX_ERRORS = 50;

    private final SequencerConfig config;
    private final long grid = CryoCmosRegisters.PULSE_GRID_TICKS;
    private final long minDuration = CryoCmosRegisters.PULSE_MIN_DURATION_TICKS;

    public SequenceCompiler(SequencerConfig config) {
        this.config = config;
    }

    /** Validates and compiles; throws with every error found (capped at {@value #MAX_ERRORS}). */
    public CompiledSequence compile(PulseSequence s) throws SequenceException {
        Errors errors = new Errors();
        Map<String, PulseChannel> channels = checkChannels(s, errors);
        long total = checkCounts(s, errors);
        if (errors.any()) {
            throw errors.exception();
        }
        long length = s.getLengthTicks();
        if (length != 0) {
            if (length < 0 || length > MAX_TIMELINE_TICKS) {
                errors.add("length_ticks " + Long.toUnsignedString(length) + " exceeds the timeline limit of " + MAX_TIMELINE_TICKS + " ticks");
            } else if (length % grid != 0) {
                errors.add("length_ticks " + length + " is not on the board's " + grid + "-tick grid");
            }
        }
        long limitEnd = length > 0 && length <= MAX_TIMELINE_TICKS ? length : MAX_TIMELINE_TICKS;
        String limitName = length > 0 ? "length_ticks " + length : "the timeline limit of " + MAX_TIMELINE_TICKS + " ticks";
        long lastEnd = 0;
        for (int i = 0; i < s.getPulsesCount(); i++) {
            Pulse p = s.getPulses(i);
            if (checkPulse(p, null, i, channels, errors)) {
                long end = p.getStartTicks() + p.getDurationTicks();
                if (end > limitEnd) {
                    errors.add(label(null, i, p) + ": ends at " + end + " ticks (start_ticks + duration_ticks), beyond " + limitName);
                }
                lastEnd = Math.max(lastEnd, end);
            }
        }
        for (int b = 0; b < s.getBlocksCount(); b++) {
            RepeatBlock block = s.getBlocks(b);
            String blabel = "blocks[" + b + "] \"" + block.getName() + "\"";
            long count = Integer.toUnsignedLong(block.getCount());
            long period = block.getPeriodTicks();
            long start = block.getStartTicks();
            boolean ok = true;
            if (start < 0 || start > MAX_TIMELINE_TICKS) {
                errors.add(blabel + ": start_ticks " + Long.toUnsignedString(start) + " exceeds the timeline limit of " + MAX_TIMELINE_TICKS + " ticks");
                ok = false;
            } else if (start % grid != 0) {
                errors.add(blabel + ": start_ticks " + start + " is not on the board's " + grid + "-tick grid");
                ok = false;
            }
            if (period <= 0 || period > MAX_TIMELINE_TICKS) {
                errors.add(blabel + ": period_ticks " + Long.toUnsignedString(period) + " outside " + grid + ".." + MAX_TIMELINE_TICKS);
                ok = false;
            } else if (period % grid != 0) {
                errors.add(blabel + ": period_ticks " + period + " is not on the board's " + grid + "-tick grid");
                ok = false;
            }
            long blockEnd = 0;
            int lastPulse = -1;
            for (int i = 0; i < block.getPulsesCount(); i++) {
                Pulse p = block.getPulses(i);
                if (!checkPulse(p, blabel, i, channels, errors)) {
                    ok = false;
                    continue;
                }
                long end = p.getStartTicks() + p.getDurationTicks();
                if (period > 0 && end > period) {
                    errors.add(label(blabel, i, p) + ": ends at " + end + " ticks into the block, beyond its period_ticks " + period
                            + " (its repetitions would overlap)");
                    ok = false;
                }
                if (end > blockEnd) {
                    blockEnd = end;
                    lastPulse = i;
                }
            }
            if (ok && lastPulse >= 0) {
                // last repetition's end = start + (count-1)*period + blockEnd, checked without overflow
                long room = limitEnd - start - blockEnd;
                if (room < 0 || (count - 1) > room / period) {
                    Pulse p = block.getPulses(lastPulse);
                    String end = room < 0 ? "past the limit" : "at " + multiplyForMessage(start, count, period, blockEnd) + " ticks";
                    errors.add(blabel + ".pulses[" + lastPulse + "] \"" + p.getName() + "\": repetition " + (count - 1)
                            + " (count " + count + " × period_ticks " + period + " from start_ticks " + start + ") ends " + end
                            + ", beyond " + limitName);
                } else {
                    lastEnd = Math.max(lastEnd, start + (count - 1) * period + blockEnd);
                }
            }
        }
        if (errors.any()) {
            throw errors.exception();
        }
        if (total == 0) {
            throw new SequenceException("sequence \"" + s.getName() + "\" has no pulses (pulses[] and blocks[].pulses[] are empty)");
        }
        long pass = length > 0 ? length : lastEnd;
        return expand(s, channels, (int) total, pass);
    }

    private static String multiplyForMessage(long start, long count, long period, long blockEnd) {
        return java.math.BigInteger.valueOf(count - 1).multiply(java.math.BigInteger.valueOf(period))
                .add(java.math.BigInteger.valueOf(start + blockEnd)).toString();
    }

    private Map<String, PulseChannel> checkChannels(PulseSequence s, Errors errors) {
        Map<String, PulseChannel> byName = new HashMap<>();
        if (s.getName().isEmpty() || s.getName().length() > MAX_NAME_CHARS) {
            errors.add("name: a sequence needs a name of 1.." + MAX_NAME_CHARS + " characters (was " + s.getName().length() + ")");
        }
        if (s.getChannelsCount() > CryoCmosRegisters.PULSE_CHANNELS) {
            errors.add("channels: " + s.getChannelsCount() + " declared, the board has " + CryoCmosRegisters.PULSE_CHANNELS + " pulse channels");
            return byName;
        }
        boolean[] boardUsed = new boolean[CryoCmosRegisters.PULSE_CHANNELS];
        for (int i = 0; i < s.getChannelsCount(); i++) {
            PulseChannel c = s.getChannels(i);
            String label = "channels[" + i + "] \"" + c.getName() + "\"";
            if (c.getName().isEmpty() || c.getName().length() > MAX_NAME_CHARS) {
                errors.add(label + ": name must be 1.." + MAX_NAME_CHARS + " characters");
                continue;
            }
            if (byName.containsKey(c.getName())) {
                errors.add(label + ": name is declared twice");
                continue;
            }
            if (c.getKind() == cryo.v1.ChannelKind.CHANNEL_KIND_UNSPECIFIED || c.getKind() == cryo.v1.ChannelKind.UNRECOGNIZED) {
                errors.add(label + ": kind must be one of CHANNEL_DRIVE, CHANNEL_FLUX_BIAS, CHANNEL_READOUT, CHANNEL_MARKER");
            }
            int bc = c.getBoardChannel();
            if (bc < 0 || bc >= CryoCmosRegisters.PULSE_CHANNELS) {
                errors.add(label + ": board_channel " + Integer.toUnsignedString(bc) + " outside 0.." + (CryoCmosRegisters.PULSE_CHANNELS - 1));
                continue;
            }
            if (boardUsed[bc]) {
                errors.add(label + ": board_channel " + bc + " is already used by another channel");
                continue;
            }
            boardUsed[bc] = true;
            double max = c.getMaxAmplitude();
            if (!(max > 0) || max > 1.0) {
                errors.add(label + ": max_amplitude " + max + " outside (0, 1] (full scale = 1.0)");
                continue;
            }
            byName.put(c.getName(), c);
        }
        return byName;
    }

    /** Total entries one pass expands to, or -1 after reporting that it is too many (no allocation). */
    private long checkCounts(PulseSequence s, Errors errors) {
        long limit = config.maxEntriesPerPass();
        if (s.getBlocksCount() > MAX_BLOCKS) {
            errors.add("blocks: " + s.getBlocksCount() + " declared, at most " + MAX_BLOCKS);
            return -1;
        }
        long total = s.getPulsesCount();
        if (total > limit) {
            errors.add("pulses: " + total + " pulses, the limit is " + limit + " entries a pass");
            return -1;
        }
        for (int b = 0; b < s.getBlocksCount(); b++) {
            RepeatBlock block = s.getBlocks(b);
            long count = Integer.toUnsignedLong(block.getCount());
            String blabel = "blocks[" + b + "] \"" + block.getName() + "\"";
            if (count == 0) {
                errors.add(blabel + ": count 0; a block plays at least once (count >= 1)");
                continue;
            }
            long n = block.getPulsesCount();
            if (n == 0) {
                errors.add(blabel + ": has no pulses");
                continue;
            }
            // count < 2^32 and n < 2^31: the product fits a long
            long add = count * n;
            if (add > limit - total) {
                errors.add(blabel + ": count " + count + " × " + n + " pulses expands the sequence to " + (total + add)
                        + " entries, the limit is " + limit + " entries a pass");
                return -1;
            }
            total += add;
        }
        return total;
    }

    /** @return true when the pulse's own fields are valid */
    /**
     * How an error names a pulse: {@code pulses[3] "x"} or {@code blocks[0] "echo".pulses[1] "y"}.
     * Built only when there is an error (a label per pulse was most of the compiler's allocation).
     */
    private static String label(String blockLabel, int index, Pulse p) {
        return (blockLabel == null ? "" : blockLabel + ".") + "pulses[" + index + "] \"" + p.getName() + "\"";
    }

    private boolean checkPulse(Pulse p, String blockLabel, int index, Map<String, PulseChannel> channels, Errors errors) {
        int before = errors.count;
        PulseChannel c = channels.get(p.getChannel());
        if (c == null) {
            errors.add(label(blockLabel, index, p) + ": channel \"" + p.getChannel() + "\" is not declared (declared: "
                    + String.join(", ", channels.keySet().stream().sorted().toList()) + ")");
        }
        long start = p.getStartTicks();
        if (start < 0 || start > MAX_TIMELINE_TICKS) {
            errors.add(label(blockLabel, index, p) + ": start_ticks " + Long.toUnsignedString(start) + " exceeds the timeline limit of " + MAX_TIMELINE_TICKS + " ticks");
        } else if (start % grid != 0) {
            errors.add(label(blockLabel, index, p) + ": start_ticks " + start + " is not on the board's " + grid + "-tick grid (nearest "
                    + (start / grid * grid) + " or " + (start / grid * grid + grid) + ")");
        }
        long d = p.getDurationTicks();
        if (d < 0 || d > MAX_DURATION_TICKS) {
            errors.add(label(blockLabel, index, p) + ": duration_ticks " + Long.toUnsignedString(d) + " exceeds the longest pulse of " + MAX_DURATION_TICKS + " ticks");
        } else if (d < minDuration) {
            errors.add(label(blockLabel, index, p) + ": duration_ticks " + d + " below the board's resolution of " + minDuration + " ticks");
        } else if (d % grid != 0) {
            errors.add(label(blockLabel, index, p) + ": duration_ticks " + d + " is not on the board's " + grid + "-tick grid");
        }
        double a = p.getAmplitude();
        if (!Double.isFinite(a) || a < 0) {
            errors.add(label(blockLabel, index, p) + ": amplitude " + a + " must be finite and >= 0 (use phase_radians for sign)");
        } else if (c != null && a > c.getMaxAmplitude()) {
            errors.add(label(blockLabel, index, p) + ": amplitude " + a + " beyond channel \"" + c.getName() + "\" limit max_amplitude " + c.getMaxAmplitude());
        }
        if (!Double.isFinite(p.getPhaseRadians())) {
            errors.add(label(blockLabel, index, p) + ": phase_radians " + p.getPhaseRadians() + " must be finite");
        }
        double carrier = p.getCarrierHz();
        if (!Double.isFinite(carrier) || Math.abs(carrier) > MAX_CARRIER_HZ) {
            errors.add(label(blockLabel, index, p) + ": carrier_hz " + carrier + " outside ±" + MAX_CARRIER_HZ + " Hz");
        }
        Envelope env = p.getEnvelope();
        if (env == Envelope.ENVELOPE_UNSPECIFIED || env == Envelope.UNRECOGNIZED) {
            errors.add(label(blockLabel, index, p) + ": envelope must be one of ENVELOPE_SQUARE, ENVELOPE_GAUSSIAN, ENVELOPE_COSINE, ENVELOPE_DRAG");
        } else if (env == Envelope.ENVELOPE_GAUSSIAN || env == Envelope.ENVELOPE_DRAG) {
            double sigma = p.getSigmaTicks();
            if (!(sigma >= 1) || !Double.isFinite(sigma) || (d > 0 && sigma > d)) {
                errors.add(label(blockLabel, index, p) + ": sigma_ticks " + sigma + " outside 1..duration_ticks (" + d + ") for " + env);
            }
            if (env == Envelope.ENVELOPE_DRAG && (!Double.isFinite(p.getDragBeta()) || Math.abs(p.getDragBeta()) > MAX_DRAG_BETA)) {
                errors.add(label(blockLabel, index, p) + ": drag_beta " + p.getDragBeta() + " outside ±" + MAX_DRAG_BETA);
            }
        }
        return errors.count == before;
    }

    private CompiledSequence expand(PulseSequence s, Map<String, PulseChannel> channels, int total, long passTicks)
            throws SequenceException {
        int defs = s.getPulsesCount();
        for (RepeatBlock b : s.getBlocksList()) {
            defs += b.getPulsesCount();
        }
        String[] labels = new String[defs];
        long[] blockStart = new long[defs];
        long[] period = new long[defs];
        // one parameter set per pulse definition (a block's repetitions share it): definition index == def
        PulseEntries raw = new PulseEntries(total, defs);
        int def = 0;
        for (int i = 0; i < s.getPulsesCount(); i++, def++) {
            Pulse p = s.getPulses(i);
            labels[def] = label(null, i, p);
            raw.add(p.getStartTicks(), define(raw, p, channels));
        }
        for (int b = 0; b < s.getBlocksCount(); b++) {
            RepeatBlock block = s.getBlocks(b);
            String blabel = "blocks[" + b + "] \"" + block.getName() + "\"";
            int first = def;
            for (int i = 0; i < block.getPulsesCount(); i++, def++) {
                labels[def] = label(blabel, i, block.getPulses(i));
                blockStart[def] = block.getStartTicks();
                period[def] = block.getPeriodTicks();
                define(raw, block.getPulses(i), channels);
            }
            long count = Integer.toUnsignedLong(block.getCount());
            for (long r = 0; r < count; r++) {
                long offset = block.getStartTicks() + r * block.getPeriodTicks();
                for (int i = 0; i < block.getPulsesCount(); i++) {
                    raw.add(offset + block.getPulses(i).getStartTicks(), first + i);
                }
            }
        }
        // sort by (start, expansion order): start < 2^42, index < 2^20
        long[] keys = new long[total];
        for (int i = 0; i < total; i++) {
            keys[i] = raw.startTicks(i) << 20 | i;
        }
        Arrays.sort(keys);
        int[] order = new int[total];
        for (int i = 0; i < total; i++) {
            order[i] = (int) (keys[i] & 0xFFFFF);
        }
        keys = null;
        raw.permute(order);
        CompiledSequence compiled = new CompiledSequence(s.getName(), s.getVersion(), raw, labels, blockStart, period, passTicks);
        checkOverlaps(compiled);
        return compiled;
    }

    private static int define(PulseEntries e, Pulse p, Map<String, PulseChannel> channels) {
        int envelope = p.getEnvelopeValue();
        return e.define(channels.get(p.getChannel()).getBoardChannel(), envelope, p.getDurationTicks(),
                p.getAmplitude(), p.getPhaseRadians(), p.getCarrierHz(),
                envelope == Envelope.ENVELOPE_GAUSSIAN_VALUE || envelope == Envelope.ENVELOPE_DRAG_VALUE ? p.getSigmaTicks() : 0.0,
                envelope == Envelope.ENVELOPE_DRAG_VALUE ? p.getDragBeta() : 0.0);
    }

    private static void checkOverlaps(CompiledSequence c) throws SequenceException {
        PulseEntries e = c.entries();
        long[] channelEnd = new long[CryoCmosRegisters.PULSE_CHANNELS];
        int[] channelLast = new int[CryoCmosRegisters.PULSE_CHANNELS];
        Arrays.fill(channelLast, -1);
        Errors errors = new Errors();
        for (int i = 0; i < e.size(); i++) {
            int ch = e.channel(i);
            long start = e.startTicks(i);
            if (channelLast[ch] >= 0 && start < channelEnd[ch]) {
                errors.add(c.describe(i) + ": overlaps " + c.describe(channelLast[ch]) + " on board channel " + ch
                        + " (starts at " + start + " ticks, the other ends at " + channelEnd[ch] + " ticks)");
            }
            long end = start + e.durationTicks(i);
            if (end > channelEnd[ch] || channelLast[ch] < 0) {
                channelEnd[ch] = end;
                channelLast[ch] = i;
            }
        }
        if (errors.any()) {
            throw errors.exception();
        }
    }

    /** Collects errors up to a cap; counts the rest. */
    static final class Errors {
        final List<String> list = new ArrayList<>();
        int count;

        void add(String error) {
            count++;
            if (list.size() < MAX_ERRORS) {
                list.add(error);
            }
        }

        boolean any() {
            return count > 0;
        }

        SequenceException exception() {
            List<String> l = new ArrayList<>(list);
            if (count > list.size()) {
                l.add("... and " + (count - list.size()) + " more errors");
            }
            return new SequenceException(l);
        }
    }
}
