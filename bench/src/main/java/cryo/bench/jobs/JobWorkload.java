package cryo.bench.jobs;

import cryo.hal.pulse.PulseDissipation;
import cryo.v1.ChannelKind;
import cryo.v1.Envelope;
import cryo.v1.Pulse;
import cryo.v1.PulseChannel;
import cryo.v1.PulseSequence;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The job workload of the scheduler benchmark: {@code count} pulse jobs of mixed heat from one
 * seed, light to heavy against the 4 K plate's budget (10 mW average, 2 mW of it the board's
 * static bias, so a job may add up to 8 mW of pulses). Each job loops a 100 ms pass: four long
 * square pulses (drive, drive, flux bias, readout) whose duty sets the heat; the heat, not the
 * qubit physics, is what the benchmark is about. Pure: same count and seed, same jobs.
 */
public final class JobWorkload {
    /** One job: the sequence and its loops, who and how urgent, and the heat it was built for. */
    public record Job(String id, String kind, String owner, int priority, PulseSequence sequence, int loops,
                      double pulseWatts, double seconds, double declaredJoules) {
        /** Board energy of the pulses (static bias excluded), joules. */
        public double pulseJoules() {
            return pulseWatts * seconds;
        }
    }

    /** The job kinds: share of the jobs, pulse power range (watts) and duration range (seconds). */
    public enum Kind {
        LIGHT("light", 0.45, 0.4e-3, 1.5e-3, 20, 60),
        MEDIUM("medium", 0.25, 2.0e-3, 4.0e-3, 20, 60),
        HEAVY("heavy", 0.3, 5.5e-3, 7.5e-3, 25, 45);

        final String id;
        final double share;
        final double minWatts;
        final double maxWatts;
        final double minSeconds;
        final double maxSeconds;

        Kind(String id, double share, double minWatts, double maxWatts, double minSeconds, double maxSeconds) {
            this.id = id;
            this.share = share;
            this.minWatts = minWatts;
            this.maxWatts = maxWatts;
            this.minSeconds = minSeconds;
            this.maxSeconds = maxSeconds;
        }

        public String id() {
            return id;
        }
    }

    public static final long PASS_TICKS = 100_000_000L;
    private static final double AMPLITUDE = 0.8;
    private static final String[] OWNERS = {"alice", "bob", "carol"};
    private static final String[] CHANNELS = {"q0", "q1", "flux", "ro"};

    private JobWorkload() {
    }

    /** {@code count} jobs from {@code seed}: kinds drawn by share, power and duration uniform in the kind's range. */
    public static List<Job> generate(int count, long seed) {
        if (count < 1 || count > 10_000) {
            throw new IllegalArgumentException("count " + count + " outside 1..10000");
        }
        Random r = new Random(seed);
        List<Job> jobs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            double u = r.nextDouble();
            Kind k = u < Kind.LIGHT.share ? Kind.LIGHT : u < Kind.LIGHT.share + Kind.MEDIUM.share ? Kind.MEDIUM : Kind.HEAVY;
            double watts = k.minWatts + r.nextDouble() * (k.maxWatts - k.minWatts);
            int loops = (int) Math.round((k.minSeconds + r.nextDouble() * (k.maxSeconds - k.minSeconds)) * 1e9 / PASS_TICKS);
            String owner = OWNERS[r.nextInt(OWNERS.length)];
            int priority = 1 + r.nextInt(5);
            boolean declares = r.nextBoolean();
            String id = String.format("job-%02d-%s", i + 1, k.id);
            PulseSequence s = sequence(id, watts);
            double seconds = loops * PASS_TICKS * 1e-9;
            double joules = pulseWatts(s) * seconds;
            jobs.add(new Job(id, k.id, owner, priority, s, loops, pulseWatts(s), seconds, declares ? joules : 0));
        }
        return jobs;
    }

    /** A 100 ms pass dissipating about {@code watts} of pulse power on the default board. */
    static PulseSequence sequence(String name, double watts) {
        double full = PulseDissipation.DEFAULT_FULL_SCALE_WATTS;
        double duty = watts / (CHANNELS.length * full * AMPLITUDE * AMPLITUDE);
        long grid = cryo.hal.regmap.CryoCmosRegisters.PULSE_GRID_TICKS;
        long on = Math.max(16, (long) (duty * PASS_TICKS) / grid * grid);
        PulseSequence.Builder b = PulseSequence.newBuilder().setName(name).setVersion(1).setLengthTicks(PASS_TICKS);
        int[] board = {0, 1, 2, 5};
        ChannelKind[] kinds = {ChannelKind.CHANNEL_DRIVE, ChannelKind.CHANNEL_DRIVE, ChannelKind.CHANNEL_FLUX_BIAS, ChannelKind.CHANNEL_READOUT};
        for (int c = 0; c < CHANNELS.length; c++) {
            b.addChannels(PulseChannel.newBuilder().setName(CHANNELS[c]).setKind(kinds[c]).setBoardChannel(board[c]).setMaxAmplitude(1.0));
        }
        for (int c = 0; c < CHANNELS.length; c++) {
            // staggered, so the pass's heat is spread over it
            long start = (c * PASS_TICKS / CHANNELS.length) / grid * grid;
            long length = Math.min(on, PASS_TICKS - start) / grid * grid;
            long first = Math.min(length, PASS_TICKS - start);
            b.addPulses(Pulse.newBuilder().setName("hold-" + CHANNELS[c]).setChannel(CHANNELS[c]).setStartTicks(start)
                    .setDurationTicks(first).setAmplitude(AMPLITUDE).setEnvelope(Envelope.ENVELOPE_SQUARE));
            if (on > first) {
                // the rest wraps to the pass's start
                b.addPulses(Pulse.newBuilder().setName("hold2-" + CHANNELS[c]).setChannel(CHANNELS[c]).setStartTicks(0)
                        .setDurationTicks(Math.max(16, (on - first) / grid * grid)).setAmplitude(AMPLITUDE).setEnvelope(Envelope.ENVELOPE_SQUARE));
            }
        }
        return b.build();
    }

    /** Average pulse power of one pass on the default board, watts. */
    static double pulseWatts(PulseSequence s) {
        PulseDissipation d = PulseDissipation.DEFAULT;
        double joules = 0;
        for (Pulse p : s.getPulsesList()) {
            int ch = 0;
            for (PulseChannel c : s.getChannelsList()) {
                if (c.getName().equals(p.getChannel())) {
                    ch = c.getBoardChannel();
                }
            }
            int env = p.getEnvelope() == Envelope.ENVELOPE_GAUSSIAN ? cryo.hal.pulse.PulseEntryCodec.ENVELOPE_GAUSSIAN
                    : cryo.hal.pulse.PulseEntryCodec.ENVELOPE_SQUARE;
            joules += d.energyJoules(ch, env, p.getDurationTicks(), p.getAmplitude(), p.getSigmaTicks(), 0);
        }
        return joules / (s.getLengthTicks() * 1e-9);
    }
}
