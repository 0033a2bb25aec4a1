package cryo.workstation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cryo.v1.Command;
import cryo.v1.CommandResult;
import cryo.v1.StartAutotune;
import cryo.v1.Zone;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code cryo cmd} turns its arguments into the command the node checks; a typing mistake is one line naming the argument. */
class CmdCommandTest {

    private static Command build(String action, String... args) {
        return CmdCommand.build(Command.newBuilder(), action, List.of(args));
    }

    private static String refusal(String action, String... args) {
        return assertThrows(UserError.class, () -> build(action, args)).getMessage();
    }

    @Test
    void zonesBecomeAZoneTableInTheOrderGiven() {
        Command c = build("zones", "mxc", "0.03,1e-3,2e-3,0,4", "0.2,2e-3,3e-3,1e-4,5,1e-3,0.01");
        assertEquals("mxc", c.getSetZoneTable().getLoopId());
        assertEquals(List.of(
                Zone.newBuilder().setUpperBoundKelvin(0.03).setP(1e-3).setI(2e-3).setD(0).setHeaterRange(4).build(),
                Zone.newBuilder().setUpperBoundKelvin(0.2).setP(2e-3).setI(3e-3).setD(1e-4).setHeaterRange(5)
                        .setMaxOutputWatts(1e-3).setRampRateKelvinPerMinute(0.01).build()),
                c.getSetZoneTable().getZonesList());
    }

    @Test
    void autotuneCarriesZoneStepAmplitudeAndTimeout() {
        assertEquals(StartAutotune.newBuilder().setLoopId("mxc").setZone(1).setStepWatts(5e-6).setAmplitudeLimitKelvin(3e-3)
                .setTimeoutSeconds(900).build(), build("autotune", "mxc", "1", "5e-6", "3e-3", "900").getStartAutotune());
    }

    @Test
    void startSequenceReadsTheFileBeforeSending() {
        Command c = build("start-sequence", "../examples/ramsey.txtpb", "0", "throttle");
        assertEquals(SequenceCommand.read(java.nio.file.Path.of("../examples/ramsey.txtpb")), c.getStartSequence().getSequence());
        assertEquals(0, c.getStartSequence().getLoops(), "forever");
        assertEquals(true, c.getStartSequence().getThrottle());
        assertEquals(1, build("start-sequence", "../examples/ramsey.txtpb").getStartSequence().getLoops(), "one pass by default");
        assertEquals("LOOPS 4294967296 outside 0..4294967295", refusal("start-sequence", "../examples/ramsey.txtpb", "4294967296"));
        assertEquals("start-sequence: third argument must be 'throttle', got 'fast'",
                refusal("start-sequence", "../examples/ramsey.txtpb", "1", "fast"));
        org.junit.jupiter.api.Assertions.assertTrue(refusal("start-sequence", "no-such-file.txtpb").contains("no-such-file.txtpb"),
                "a missing file is named");
    }

    @Test
    void warmupOnOrOff() {
        assertEquals(true, build("warmup", "on").getSetWarmup().getEnabled());
        assertEquals(Command.ActionCase.SET_WARMUP, build("warmup", "off").getActionCase());
        assertEquals(false, build("warmup", "off").getSetWarmup().getEnabled());
        assertEquals("warmup: argument must be on or off, got 'yes'", refusal("warmup", "yes"));
        assertEquals("warmup takes 1 argument(s): on|off, got 0", refusal("warmup"));
    }

    @Test
    void typingMistakesNameTheArgument() {
        assertEquals("zones takes LOOP and at least one zone UPPER_K,P,I,D,RANGE[,MAX_WATTS[,RAMP_K_PER_MIN]], got 1 argument(s)",
                refusal("zones", "mxc"));
        assertEquals("zone 1 '0.2,1,1,0': expected UPPER_K,P,I,D,RANGE[,MAX_WATTS[,RAMP_K_PER_MIN]], got 4 field(s)",
                refusal("zones", "mxc", "0.03,1,1,0,4", "0.2,1,1,0"));
        assertEquals("zone 0 P 'x' is not a finite number", refusal("zones", "mxc", "0.03,x,1,0,4"));
        assertEquals("zone 0 RANGE '-1' is not a non-negative integer", refusal("zones", "mxc", "0.03,1,1,0,-1"));
        assertEquals("zone 0 RANGE '4294967301' is too large", refusal("zones", "mxc", "0.03,1,1,0,4294967301"),
                "no silent wrap of a huge range to range 5");
        assertEquals("RANGE '4294967301' is too large", refusal("range", "mxc", "4294967301"));
        assertEquals("autotune takes 5 argument(s): LOOP ZONE STEP_WATTS AMPLITUDE_KELVIN TIMEOUT_SECONDS, got 4",
                refusal("autotune", "mxc", "1", "5e-6", "3e-3"));
        assertEquals("AMPLITUDE_KELVIN 'NaN' is not a finite number", refusal("autotune", "mxc", "1", "5e-6", "NaN", "900"));
    }

    @Test
    void aReplayRefusalAnsweringOurOwnResendExitsByTheFirstOutcome() {
        CommandResult first = CommandResult.newBuilder().setCorrelationId("u-1").setAccepted(true).setReason("setpoint 0.05 K").build();
        CommandResult replay = CommandResult.newBuilder().setCorrelationId("u-1").setAccepted(false).setDuplicate(true)
                .setReason("replay of command u-1: not executed again (first result: accepted: setpoint 0.05 K)").setFirstResult(first).build();
        java.io.StringWriter out = new java.io.StringWriter();
        assertEquals(0, CmdCommand.report(new java.io.PrintWriter(out), CommandSender.outcome(replay), Command.getDefaultInstance(), 1),
                "accepted the first time: exit 0");
        assertEquals("accepted: setpoint 0.05 K (the first answer, repeated for a resend)", out.toString().strip());
        CommandResult refusedFirst = first.toBuilder().setAccepted(false).setReason("setpoint 99 K above the limit").build();
        assertEquals(CmdCommand.REFUSED, CmdCommand.report(new java.io.PrintWriter(new java.io.StringWriter()),
                CommandSender.outcome(replay.toBuilder().setFirstResult(refusedFirst).build()), Command.getDefaultInstance(), 1),
                "refused the first time: refused");
        CommandResult otherRefusal = CommandResult.newBuilder().setCorrelationId("u-1").setAccepted(false).setReason("unsigned command refused").build();
        assertEquals(otherRefusal, CommandSender.outcome(otherRefusal), "any other answer is the outcome itself");
    }
}
