package cryo.controller.sequencer;

import static cryo.controller.sequencer.Sequences.channels;
import static cryo.controller.sequencer.Sequences.pulse;

import cryo.v1.Envelope;
import cryo.v1.PulseSequence;
import cryo.v1.RepeatBlock;
import java.lang.management.ManagementFactory;
import org.HdrHistogram.Histogram;

/**
 * Not a unit test: {@code java -cp ... cryo.controller.sequencer.SequencerBenchmark}. Measures
 * (1) compiling a 100 000-pulse sequence (literal pulses, no repeat blocks): time and bytes
 * allocated per pulse, and (2) lock-step streaming through the real ring, driver, frames and the
 * simulated board at a 1 ms ring tick and 10 ms lookahead: entries per second of host CPU,
 * slack histogram, ring-thread allocation.
 */
public final class SequencerBenchmark {
    public static void main(String[] args) throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SequencerConfig config = SequencerConfig.defaults(0.1);
        PulseSequence.Builder b = channels("bench");
        String[] ch = {"q0", "q1", "flux", "ro"};
        Envelope[] env = {Envelope.ENVELOPE_GAUSSIAN, Envelope.ENVELOPE_DRAG, Envelope.ENVELOPE_SQUARE, Envelope.ENVELOPE_COSINE};
        for (int i = 0; i < 100_000; i++) {
            b.addPulses(pulse("p" + i, ch[i % 4], (i / 4) * 200L, 80, env[i % 4]).setAmplitude(0.3));
        }
        PulseSequence s = b.build();
        SequenceCompiler compiler = new SequenceCompiler(config);
        long bestNanos = Long.MAX_VALUE;
        long bytes = 0;
        for (int round = 0; round < 15; round++) {
            long a0 = mx.getCurrentThreadAllocatedBytes();
            long t0 = System.nanoTime();
            CompiledSequence c = compiler.compile(s);
            long t = System.nanoTime() - t0;
            bytes = mx.getCurrentThreadAllocatedBytes() - a0;
            bestNanos = Math.min(bestNanos, t);
            if (c.size() != 100_000) {
                throw new AssertionError();
            }
        }
        System.out.printf("compile 100000 pulses: best %.1f ms (%.0f ns/pulse), %.1f bytes allocated/pulse (compiled form keeps 36)%n",
                bestNanos / 1e6, bestNanos / 1e5, bytes / 1e5);

        // streaming: 1 ms tick, 10 ms lookahead, 100 entries per ms pass = 100 000 entries/s of board time
        SequencerConfig sc = config.withLookaheadTicks(10_000_000);
        RepeatBlock.Builder train = RepeatBlock.newBuilder().setName("train").setCount(25).setPeriodTicks(40_000);
        for (int i = 0; i < 4; i++) {
            train.addPulses(pulse("p" + i, ch[i], i * 100L, 40, Envelope.ENVELOPE_SQUARE).setAmplitude(0.05));
        }
        PulseSequence stream = channels("stream").addBlocks(train).setLengthTicks(1_000_000).build();
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 60;
        try (SequencerHarness h = new SequencerHarness(sc, cryo.sim.plant.MixingChamberPlant.typical(), 0.001)) {
            h.board.pulseEngine().recordPlayed(0);
            String answer = h.start(stream, 0);
            if (!answer.startsWith("accepted")) {
                throw new AssertionError(answer);
            }
            h.driver.run(5); // warm-up
            long id = h.controller.ring().thread().getId();
            long written0 = h.sequencer.entriesWritten();
            long a0 = mx.getThreadAllocatedBytes(id);
            long t0 = System.nanoTime();
            h.driver.run(seconds);
            long wall = System.nanoTime() - t0;
            long entries = h.sequencer.entriesWritten() - written0;
            long alloc = mx.getThreadAllocatedBytes(id) - a0;
            Histogram hist = h.sequencer.slackHistogram();
            System.out.printf("stream (lock-step, 1 ms tick, 10 ms lookahead): %d entries over %.0f s board time in %.2f s wall "
                            + "= %.0f entries/s host throughput (%.1fx real time); state %s, underflows %d (board %d); "
                            + "ring-thread allocation %d bytes (%.4f B/entry)%n",
                    entries, seconds, wall / 1e9, entries / (wall / 1e9), seconds / (wall / 1e9), h.sequencer.state(),
                    h.sequencer.underflows(), h.board.pulseEngine().underflowCount(), alloc, alloc / (double) entries);
            System.out.printf("slack: min %.3f ms, p50 %.3f ms, p99 %.3f ms, p99.99 %.3f ms%n", hist.getMinValue() / 1e6,
                    hist.getValueAtPercentile(50) / 1e6, hist.getValueAtPercentile(99) / 1e6, hist.getValueAtPercentile(99.99) / 1e6);
        }
    }
}
