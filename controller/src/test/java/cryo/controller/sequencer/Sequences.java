package cryo.controller.sequencer;

import cryo.v1.ChannelKind;
import cryo.v1.Envelope;
import cryo.v1.Pulse;
import cryo.v1.PulseChannel;
import cryo.v1.PulseSequence;
import cryo.v1.RepeatBlock;

/** Test sequences: four channels, every envelope, a repeat block. */
public final class Sequences {
    private Sequences() {
    }

    public static PulseSequence.Builder channels(String name) {
        return PulseSequence.newBuilder().setName(name).setVersion(1)
                .addChannels(PulseChannel.newBuilder().setName("q0").setKind(ChannelKind.CHANNEL_DRIVE).setBoardChannel(0).setMaxAmplitude(0.8))
                .addChannels(PulseChannel.newBuilder().setName("q1").setKind(ChannelKind.CHANNEL_DRIVE).setBoardChannel(1).setMaxAmplitude(0.8))
                .addChannels(PulseChannel.newBuilder().setName("flux").setKind(ChannelKind.CHANNEL_FLUX_BIAS).setBoardChannel(2).setMaxAmplitude(0.5))
                .addChannels(PulseChannel.newBuilder().setName("ro").setKind(ChannelKind.CHANNEL_READOUT).setBoardChannel(5).setMaxAmplitude(1.0))
                .addChannels(PulseChannel.newBuilder().setName("mark").setKind(ChannelKind.CHANNEL_MARKER).setBoardChannel(7).setMaxAmplitude(1.0));
    }

    public static Pulse.Builder pulse(String name, String channel, long start, long duration, Envelope env) {
        Pulse.Builder p = Pulse.newBuilder().setName(name).setChannel(channel).setStartTicks(start).setDurationTicks(duration)
                .setAmplitude(0.4).setPhaseRadians(0.25).setCarrierHz(5.1e6).setEnvelope(env);
        if (env == Envelope.ENVELOPE_GAUSSIAN || env == Envelope.ENVELOPE_DRAG) {
            p.setSigmaTicks(duration / 4.0);
        }
        if (env == Envelope.ENVELOPE_DRAG) {
            p.setDragBeta(0.3);
        }
        return p;
    }

    /** A Ramsey-like experiment: every envelope, four channels, one repeat block; 1 µs pass ends at 30 000 ticks. */
    public static PulseSequence experiment() {
        return channels("ramsey")
                .addPulses(pulse("x90", "q0", 0, 40, Envelope.ENVELOPE_GAUSSIAN))
                .addPulses(pulse("y90", "q1", 0, 48, Envelope.ENVELOPE_DRAG))
                .addPulses(pulse("bias", "flux", 100, 2000, Envelope.ENVELOPE_COSINE).setAmplitude(0.3))
                .addPulses(pulse("x90b", "q0", 2200, 40, Envelope.ENVELOPE_GAUSSIAN).setPhaseRadians(-1.5))
                .addPulses(pulse("trig", "mark", 2300, 16, Envelope.ENVELOPE_SQUARE).setAmplitude(1.0))
                .addPulses(pulse("readout", "ro", 2300, 4000, Envelope.ENVELOPE_SQUARE).setAmplitude(0.6).setCarrierHz(-20e6))
                .addBlocks(RepeatBlock.newBuilder().setName("echo").setStartTicks(10_000).setCount(5).setPeriodTicks(4_000)
                        .addPulses(pulse("pi", "q0", 0, 80, Envelope.ENVELOPE_DRAG))
                        .addPulses(pulse("pi-flux", "flux", 100, 400, Envelope.ENVELOPE_SQUARE).setAmplitude(0.2))
                        .addPulses(pulse("echo-ro", "ro", 1000, 1000, Envelope.ENVELOPE_COSINE)))
                .setLengthTicks(30_000)
                .build();
    }
}
