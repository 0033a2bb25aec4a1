package cryo.controller.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.v1.AcknowledgeAlarm;
import cryo.v1.Command;
import cryo.v1.StartAutotune;
import org.junit.jupiter.api.Test;

/** Issue 18.5: an unsigned field beyond Java's signed range is refused at the gate, echoed as sent. */
class CommandGateUnsignedTest {
    private final CommandGate gate = new CommandGate("n1", null, false, 30_000, () -> 1_700_000_000_000L);

    private static Command.Builder base() {
        return Command.newBuilder().setCorrelationId("u1").setOperatorId("alice").setTargetNode("n1").setIssuedUnixMillis(1_700_000_000_000L);
    }

    @Test
    void autotuneZoneOfFourBillionIsRefusedAsFourBillion() {
        Command c = base().setStartAutotune(StartAutotune.newBuilder().setLoopId("mxc").setZone((int) 4_000_000_000L)
                .setStepWatts(1e-6).setAmplitudeLimitKelvin(0.001).setTimeoutSeconds(60)).build();
        CommandGate.Verdict v = gate.check(Envelopes.wrap(c, null));
        assertTrue(v.refused());
        assertEquals("command.start_autotune.zone is 4000000000: above the limit 2147483647", v.refusal());
    }

    @Test
    void alarmIdAboveTwoToThe63IsRefused() {
        Command c = base().setAcknowledgeAlarm(AcknowledgeAlarm.newBuilder().setAlarmId(-1L)).build();
        CommandGate.Verdict v = gate.check(Envelopes.wrap(c, null));
        assertTrue(v.refused() && v.refusal().contains("18446744073709551615"), v.refusal());
    }

    @Test
    void ordinaryValuesPass() {
        Command c = base().setStartAutotune(StartAutotune.newBuilder().setLoopId("mxc").setZone(1)
                .setStepWatts(1e-6).setAmplitudeLimitKelvin(0.001).setTimeoutSeconds(60)).build();
        assertTrue(!gate.check(Envelopes.wrap(c, null)).refused());
    }
}
