package cryo.controller.sequencer;

import static cryo.controller.sequencer.Sequences.channels;
import static cryo.controller.sequencer.Sequences.pulse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.v1.Envelope;
import cryo.v1.PulseSequence;
import cryo.v1.RepeatBlock;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per validation rule; each checks the error text names the pulse, the field and the limit. */
class SequenceValidationTest {
    private final SequenceCompiler compiler = new SequenceCompiler(SequencerConfig.defaults(0.1));

    @TempDir
    Path dir;

    private String error(PulseSequence s) {
        SequenceException e = assertThrows(SequenceException.class, () -> compiler.compile(s));
        return String.join("\n", e.errors());
    }

    @Test
    void theExperimentIsValid() throws Exception {
        CompiledSequence c = compiler.compile(Sequences.experiment());
        assertEquals(6 + 5 * 3, c.size());
        assertEquals(30_000, c.passTicks());
        for (int i = 1; i < c.size(); i++) {
            assertTrue(c.entries().startTicks(i) >= c.entries().startTicks(i - 1), "sorted by start");
        }
    }

    @Test
    void overlappingPulsesOnOneChannel() {
        String e = error(channels("s")
                .addPulses(pulse("x90", "q0", 0, 40, Envelope.ENVELOPE_SQUARE))
                .addPulses(pulse("y90", "q0", 36, 40, Envelope.ENVELOPE_SQUARE)).build());
        assertEquals("pulses[1] \"y90\": overlaps pulses[0] \"x90\" on board channel 0 (starts at 36 ticks, the other ends at 40 ticks)", e);
    }

    @Test
    void overlapWithARepetitionNamesTheRepetition() {
        String e = error(channels("s")
                .addPulses(pulse("long", "q0", 8_000, 400, Envelope.ENVELOPE_SQUARE))
                .addBlocks(RepeatBlock.newBuilder().setName("train").setCount(10).setPeriodTicks(1000)
                        .addPulses(pulse("p", "q0", 0, 40, Envelope.ENVELOPE_SQUARE))).build());
        assertTrue(e.contains("blocks[0] \"train\".pulses[0] \"p\" repetition 8: overlaps pulses[0] \"long\" on board channel 0"), e);
    }

    @Test
    void amplitudeBeyondTheChannelLimit() {
        String e = error(channels("s").addPulses(pulse("hot", "flux", 0, 40, Envelope.ENVELOPE_SQUARE).setAmplitude(0.7)).build());
        assertEquals("pulses[0] \"hot\": amplitude 0.7 beyond channel \"flux\" limit max_amplitude 0.5", e);
    }

    @Test
    void durationBelowTheBoardResolution() {
        String e = error(channels("s").addPulses(pulse("blip", "q0", 0, 8, Envelope.ENVELOPE_SQUARE)).build());
        assertEquals("pulses[0] \"blip\": duration_ticks 8 below the board's resolution of 16 ticks", e);
    }

    @Test
    void timestampOffTheTickGrid() {
        String e = error(channels("s").addPulses(pulse("x", "q0", 1002, 40, Envelope.ENVELOPE_SQUARE)).build());
        assertEquals("pulses[0] \"x\": start_ticks 1002 is not on the board's 4-tick grid (nearest 1000 or 1004)", e);
    }

    @Test
    void durationOffTheTickGrid() {
        String e = error(channels("s").addPulses(pulse("x", "q0", 0, 42, Envelope.ENVELOPE_SQUARE)).build());
        assertEquals("pulses[0] \"x\": duration_ticks 42 is not on the board's 4-tick grid", e);
    }

    @Test
    void unknownChannel() {
        String e = error(channels("s").addPulses(pulse("x", "q9", 0, 40, Envelope.ENVELOPE_SQUARE)).build());
        assertEquals("pulses[0] \"x\": channel \"q9\" is not declared (declared: flux, mark, q0, q1, ro)", e);
    }

    @Test
    void repetitionOverflowingTheTimeline() {
        String e = error(channels("s").setLengthTicks(100_000)
                .addBlocks(RepeatBlock.newBuilder().setName("rabi").setStartTicks(1000).setCount(100).setPeriodTicks(1000)
                        .addPulses(pulse("drive", "q0", 0, 400, Envelope.ENVELOPE_SQUARE))).build());
        assertEquals("blocks[0] \"rabi\".pulses[0] \"drive\": repetition 99 (count 100 × period_ticks 1000 from start_ticks 1000) "
                + "ends at 100400 ticks, beyond length_ticks 100000", e);
    }

    @Test
    void repetitionOverflowingSixtyFourBitsIsCaughtWithoutWrapping() {
        String e = error(channels("s")
                .addBlocks(RepeatBlock.newBuilder().setName("forever").setCount(-1).setPeriodTicks(1L << 40)
                        .addPulses(pulse("drive", "q0", 0, 400, Envelope.ENVELOPE_SQUARE))).build());
        assertTrue(e.startsWith("blocks[0] \"forever\": count 4294967295 × 1 pulses expands the sequence to 4294967295 entries, "
                + "the limit is 262144 entries a pass"), e);
    }

    @Test
    void pulseLongerThanItsBlockPeriod() {
        String e = error(channels("s")
                .addBlocks(RepeatBlock.newBuilder().setName("b").setCount(3).setPeriodTicks(100)
                        .addPulses(pulse("wide", "q0", 0, 120, Envelope.ENVELOPE_SQUARE))).build());
        assertEquals("blocks[0] \"b\".pulses[0] \"wide\": ends at 120 ticks into the block, beyond its period_ticks 100 "
                + "(its repetitions would overlap)", e);
    }

    @Test
    void pulseEndingAfterTheSequenceLength() {
        String e = error(channels("s").setLengthTicks(1000).addPulses(pulse("late", "q0", 980, 40, Envelope.ENVELOPE_SQUARE)).build());
        assertEquals("pulses[0] \"late\": ends at 1020 ticks (start_ticks + duration_ticks), beyond length_ticks 1000", e);
    }

    @Test
    void gaussianNeedsASigma() {
        String e = error(channels("s").addPulses(pulse("g", "q0", 0, 40, Envelope.ENVELOPE_GAUSSIAN).setSigmaTicks(0)).build());
        assertEquals("pulses[0] \"g\": sigma_ticks 0.0 outside 1..duration_ticks (40) for ENVELOPE_GAUSSIAN", e);
    }

    @Test
    void envelopeMustBeGiven() {
        String e = error(channels("s").addPulses(pulse("x", "q0", 0, 40, Envelope.ENVELOPE_UNSPECIFIED)).build());
        assertEquals("pulses[0] \"x\": envelope must be one of ENVELOPE_SQUARE, ENVELOPE_GAUSSIAN, ENVELOPE_COSINE, ENVELOPE_DRAG", e);
    }

    @Test
    void nonFiniteAmplitude() {
        String e = error(channels("s").addPulses(pulse("x", "q0", 0, 40, Envelope.ENVELOPE_SQUARE).setAmplitude(Double.NaN)).build());
        assertEquals("pulses[0] \"x\": amplitude NaN must be finite and >= 0 (use phase_radians for sign)", e);
    }

    @Test
    void negativeDurationFromTheWireIsAHugeUnsignedValue() {
        // uint64 on the wire: -40 arrives as 2^64 - 40
        String e = error(channels("s").addPulses(pulse("x", "q0", 0, -40, Envelope.ENVELOPE_SQUARE)).build());
        assertEquals("pulses[0] \"x\": duration_ticks 18446744073709551576 exceeds the longest pulse of 4294967292 ticks", e);
    }

    @Test
    void everyErrorIsReportedNotJustTheFirst() {
        SequenceException ex = assertThrows(SequenceException.class, () -> compiler.compile(channels("s")
                .addPulses(pulse("a", "q0", 2, 40, Envelope.ENVELOPE_SQUARE))
                .addPulses(pulse("b", "nope", 0, 8, Envelope.ENVELOPE_SQUARE)).build()));
        assertEquals(3, ex.errors().size(), ex.errors().toString());
    }

    @Test
    void channelDeclarationsAreChecked() {
        String e = error(PulseSequence.newBuilder().setName("s")
                .addChannels(cryo.v1.PulseChannel.newBuilder().setName("a").setKind(cryo.v1.ChannelKind.CHANNEL_DRIVE).setBoardChannel(9).setMaxAmplitude(1))
                .build());
        assertEquals("channels[0] \"a\": board_channel 9 outside 0..7", e);
    }

    @Test
    void aBillionPulsesAreRefusedInBoundedTimeAndMemory() {
        PulseSequence s = channels("huge").addBlocks(RepeatBlock.newBuilder().setName("spam").setCount(1_000_000_000).setPeriodTicks(100)
                .addPulses(pulse("p", "q0", 0, 40, Envelope.ENVELOPE_SQUARE))).build();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        String e = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> error(s)); // a hang guard, not a speed claim
        long allocated = mx.getCurrentThreadAllocatedBytes() - before;
        assertEquals("blocks[0] \"spam\": count 1000000000 × 1 pulses expands the sequence to 1000000000 entries, "
                + "the limit is 262144 entries a pass", e);
        assertTrue(allocated < 1_000_000, "refused without expanding: " + allocated + " bytes allocated");
    }
}
