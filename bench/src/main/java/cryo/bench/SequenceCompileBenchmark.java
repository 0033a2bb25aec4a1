package cryo.bench;

import cryo.controller.sequencer.CompiledSequence;
import cryo.controller.sequencer.SequenceCompiler;
import cryo.controller.sequencer.SequencerConfig;
import cryo.v1.ChannelKind;
import cryo.v1.Envelope;
import cryo.v1.Pulse;
import cryo.v1.PulseChannel;
import cryo.v1.PulseSequence;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Compiling (validating, expanding, sorting, overlap-checking) a 100,000-pulse sequence of literal
 * pulses on four channels with four envelopes. Scores are per pulse ({@code @OperationsPerInvocation}),
 * so JMH's average time is ns/pulse and -prof gc's gc.alloc.rate.norm is bytes allocated per pulse.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SequenceCompileBenchmark {
    static final int PULSES = 100_000;

    private SequenceCompiler compiler;
    private PulseSequence sequence;

    @Setup(Level.Trial)
    public void setUp() {
        compiler = new SequenceCompiler(SequencerConfig.defaults(0.1));
        sequence = pulses(PULSES);
    }

    @Benchmark
    @OperationsPerInvocation(PULSES)
    public CompiledSequence compile100kPulses() throws Exception {
        return compiler.compile(sequence);
    }

    /** {@code n} literal pulses, round-robin over four channels and envelopes, 200 ns apart per channel. */
    static PulseSequence pulses(int n) {
        PulseSequence.Builder b = PulseSequence.newBuilder().setName("compile-bench").setVersion(1)
                .addChannels(PulseChannel.newBuilder().setName("q0").setKind(ChannelKind.CHANNEL_DRIVE).setBoardChannel(0).setMaxAmplitude(0.8))
                .addChannels(PulseChannel.newBuilder().setName("q1").setKind(ChannelKind.CHANNEL_DRIVE).setBoardChannel(1).setMaxAmplitude(0.8))
                .addChannels(PulseChannel.newBuilder().setName("flux").setKind(ChannelKind.CHANNEL_FLUX_BIAS).setBoardChannel(2).setMaxAmplitude(0.5))
                .addChannels(PulseChannel.newBuilder().setName("ro").setKind(ChannelKind.CHANNEL_READOUT).setBoardChannel(5).setMaxAmplitude(1.0));
        String[] ch = {"q0", "q1", "flux", "ro"};
        Envelope[] env = {Envelope.ENVELOPE_GAUSSIAN, Envelope.ENVELOPE_DRAG, Envelope.ENVELOPE_SQUARE, Envelope.ENVELOPE_COSINE};
        for (int i = 0; i < n; i++) {
            Pulse.Builder p = Pulse.newBuilder().setName("p" + i).setChannel(ch[i % 4]).setStartTicks((i / 4) * 200L).setDurationTicks(80)
                    .setAmplitude(0.3).setPhaseRadians(0.25).setCarrierHz(5.1e6).setEnvelope(env[i % 4]);
            if (env[i % 4] == Envelope.ENVELOPE_GAUSSIAN || env[i % 4] == Envelope.ENVELOPE_DRAG) {
                p.setSigmaTicks(20.0);
            }
            if (env[i % 4] == Envelope.ENVELOPE_DRAG) {
                p.setDragBeta(0.3);
            }
            b.addPulses(p);
        }
        return b.build();
    }
}
