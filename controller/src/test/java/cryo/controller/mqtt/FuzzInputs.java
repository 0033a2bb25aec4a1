package cryo.controller.mqtt;

import com.google.protobuf.ByteString;
import cryo.controller.sequencer.Sequences;
import cryo.v1.AbortAutotune;
import cryo.v1.AbortSequence;
import cryo.v1.AcknowledgeAlarm;
import cryo.v1.Command;
import cryo.v1.CommandEnvelope;
import cryo.v1.InstallBundle;
import cryo.v1.LoopMode;
import cryo.v1.RequestRebirth;
import cryo.v1.SetGains;
import cryo.v1.SetHeaterRange;
import cryo.v1.SetManualOutput;
import cryo.v1.SetMode;
import cryo.v1.SetRamp;
import cryo.v1.SetSetpoint;
import cryo.v1.SetWarmup;
import cryo.v1.SetZoneTable;
import cryo.v1.ShelveAlarm;
import cryo.v1.StartAutotune;
import cryo.v1.StartSequence;
import cryo.v1.StopSequence;
import cryo.v1.Zone;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Fuzz inputs for the command path, from a seed: valid commands of every action type, random
 * bytes, truncated and mutated envelopes, commands with extreme values, and payloads just over
 * the gate's size limit (still under the node's Maximum Packet Size, so the broker delivers them).
 */
public final class FuzzInputs {
    private static final cryo.v1.PulseSequence EXPERIMENT = Sequences.experiment();
    private final SplittableRandom rnd;
    private final String node;

    public FuzzInputs(long seed, String node) {
        this.rnd = new SplittableRandom(seed);
        this.node = node;
    }

    /** Input {@code i}: its correlation id (where it has one) is "fz-" + i. */
    public byte[] next(int i) {
        int kind = rnd.nextInt(2000) == 0 ? -1 : rnd.nextInt(7);
        if (kind == -1) { // oversized: refused by the gate by its length, never parsed
            byte[] b = new byte[CommandGate.MAX_PAYLOAD_BYTES + 1 + rnd.nextInt(2048)];
            rnd.nextBytes(b);
            return b;
        }
        if (kind == 0) {
            byte[] b = new byte[rnd.nextInt(200)];
            rnd.nextBytes(b);
            return b;
        }
        Command c = valid("fz-" + i);
        byte[] env = Envelopes.wrap(c, null);
        return switch (kind) {
            case 1 -> Arrays.copyOf(env, rnd.nextInt(env.length));
            case 2 -> CommandEnvelope.newBuilder().setCommand(ByteString.copyFrom(mutate(rnd, c.toByteArray()))).build().toByteArray();
            case 3 -> Envelopes.wrap(extreme(c), null);
            case 4 -> env; // valid as sent
            default -> mutate(rnd, env);
        };
    }

    /** One to four random edits of {@code in} (bit flip, byte set, byte removed, byte inserted); {@code in} is not changed. */
    public static byte[] mutate(SplittableRandom rnd, byte[] in) {
        byte[] b = in.clone();
        int edits = 1 + rnd.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            int at = rnd.nextInt(b.length);
            switch (rnd.nextInt(4)) {
                case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
                case 1 -> b[at] = (byte) rnd.nextInt(256);
                case 2 -> {
                    byte[] shorter = new byte[b.length - 1];
                    System.arraycopy(b, 0, shorter, 0, at);
                    System.arraycopy(b, at + 1, shorter, at, b.length - at - 1);
                    b = shorter;
                }
                default -> {
                    byte[] longer = new byte[b.length + 1];
                    System.arraycopy(b, 0, longer, 0, at);
                    longer[at] = (byte) rnd.nextInt(256);
                    System.arraycopy(b, at, longer, at + 1, b.length - at);
                    b = longer;
                }
            }
        }
        return b;
    }

    private Command extreme(Command c) {
        double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, -1e308, -1, 0, 1e9, 4.9e-324, Double.MIN_NORMAL};
        double v = bad[rnd.nextInt(bad.length)];
        Command.Builder b = c.toBuilder();
        switch (rnd.nextInt(7)) {
            case 0 -> b.setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(v));
            case 1 -> b.setSetGains(SetGains.newBuilder().setLoopId("mxc").setP(v).setI(v).setD(v));
            case 2 -> b.setSetManualOutput(SetManualOutput.newBuilder().setLoopId("mxc").setOutputWatts(v));
            case 3 -> b.setSetHeaterRange(SetHeaterRange.newBuilder().setLoopId("mxc").setHeaterRange((int) Math.max(-1e9, Math.min(1e9, v))));
            case 4 -> b.setStartAutotune(StartAutotune.newBuilder().setLoopId("mxc").setZone(-294967296).setStepWatts(v).setTimeoutSeconds(v));
            case 5 -> b.setShelveAlarm(ShelveAlarm.newBuilder().setAlarmId(-1L).setShelveSeconds(v));
            default -> b.setTargetNode("other-node");
        }
        return b.build();
    }

    private Command valid(String id) {
        Command.Builder b = Command.newBuilder().setCorrelationId(id).setOperatorId("alice").setTargetNode(node)
                .setIssuedUnixMillis(1_700_000_000_000L);
        switch (rnd.nextInt(19)) {
            case 0 -> b.setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(0.01 + rnd.nextDouble() * 0.5));
            case 1 -> b.setSetMode(SetMode.newBuilder().setLoopId("mxc").setMode(LoopMode.forNumber(1 + rnd.nextInt(6))));
            case 2 -> b.setSetHeaterRange(SetHeaterRange.newBuilder().setLoopId("mxc").setHeaterRange(rnd.nextInt(9)));
            case 3 -> b.setSetGains(SetGains.newBuilder().setLoopId("mxc").setP(rnd.nextDouble()).setI(rnd.nextDouble()).setD(0));
            case 4 -> b.setSetManualOutput(SetManualOutput.newBuilder().setLoopId("mxc").setOutputWatts(rnd.nextDouble() * 1e-6));
            case 5 -> b.setAcknowledgeAlarm(AcknowledgeAlarm.newBuilder().setAlarmId(rnd.nextInt(3)));
            case 6 -> b.setShelveAlarm(ShelveAlarm.newBuilder().setAlarmId(1).setShelveSeconds(60));
            case 7 -> b.setStartAutotune(StartAutotune.newBuilder().setLoopId("mxc").setStepWatts(1e-6).setTimeoutSeconds(60));
            case 8 -> b.setSetWarmup(SetWarmup.newBuilder().setEnabled(rnd.nextBoolean()));
            case 9 -> b.setSetRamp(SetRamp.newBuilder().setLoopId("mxc").setEnabled(rnd.nextBoolean()).setRateKelvinPerMinute(rnd.nextDouble()));
            case 10 -> b.setStartSequence(StartSequence.newBuilder().setLoops(1 + rnd.nextInt(3)).setSequence(EXPERIMENT));
            case 11 -> b.setStopSequence(StopSequence.newBuilder());
            case 12 -> b.setAbortSequence(AbortSequence.newBuilder());
            case 13 -> b.setAbortAutotune(AbortAutotune.newBuilder().setLoopId("mxc"));
            case 14 -> b.setRequestRebirth(RequestRebirth.newBuilder());
            case 15 -> b.setInstallBundle(InstallBundle.newBuilder().setBundle(ByteString.copyFrom(new byte[] {1, 2, 3})));
            case 16 -> b.setSubmitJob(cryo.v1.SubmitJob.newBuilder().setJob(cryo.v1.Job.newBuilder()
                    .setId(rnd.nextBoolean() ? "" : "job-" + id).setPriority(rnd.nextInt(12)).setSequence(EXPERIMENT).setLoops(rnd.nextInt(3))));
            case 17 -> b.setCancelJob(cryo.v1.CancelJob.newBuilder().setJobId("job-fz-" + rnd.nextInt(1000)));
            default -> b.setSetZoneTable(SetZoneTable.newBuilder().setLoopId("mxc")
                    .addZones(Zone.newBuilder().setUpperBoundKelvin(1).setP(1).setHeaterRange(3)));
        }
        return b.build();
    }
}
