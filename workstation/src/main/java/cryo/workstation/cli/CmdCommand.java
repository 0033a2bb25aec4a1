package cryo.workstation.cli;

import cryo.controller.mqtt.OperatorKeys;
import cryo.v1.AbortAutotune;
import cryo.v1.AbortSequence;
import cryo.v1.AcknowledgeAlarm;
import cryo.v1.Command;
import cryo.v1.CommandResult;
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
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cryo cmd NODE ACTION ARGS}: sends a command, waits for the result, exits 3 on a refusal. */
@picocli.CommandLine.Command(name = "cmd", mixinStandardHelpOptions = true,
        description = {"Send a command to a node and wait for its result.",
                "Actions: setpoint LOOP KELVIN | mode LOOP off|pid|open-loop|monitor|zone | range LOOP 0..8 |",
                "  gains LOOP P I D | manual LOOP WATTS | ramp LOOP on|off K_PER_MIN | ack [ALARM_ID] |",
                "  shelve ALARM_ID SECONDS | start-sequence FILE [LOOPS (0 = forever)] [throttle] | stop-sequence |",
                "  abort-sequence | rebirth | warmup on|off |",
                "  zones LOOP UPPER_K,P,I,D,RANGE[,MAX_WATTS[,RAMP_K_PER_MIN]] ... (one argument per zone, rising) |",
                "  autotune LOOP ZONE STEP_WATTS AMPLITUDE_KELVIN TIMEOUT_SECONDS | abort-autotune LOOP",
                "Exit status: 0 accepted, 3 refused, 1 error or no answer."})
public final class CmdCommand implements Callable<Integer> {
    static final int REFUSED = 3;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NODE", description = "node id")
    String node;

    @Parameters(index = "1", paramLabel = "ACTION", description = "what to do (see above)")
    String action;

    @Parameters(index = "2..*", paramLabel = "ARG", arity = "0..*", description = "arguments of the action")
    List<String> args = new ArrayList<>();

    @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "MQTT broker (default ${DEFAULT-VALUE})")
    String broker;

    @Mixin
    BrokerAuthOptions auth;

    @Mixin
    OperatorOptions operator;

    @Option(names = "--timeout", defaultValue = "15", description = "seconds to wait for the result (default ${DEFAULT-VALUE})")
    double timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        if (!(timeoutSeconds > 0 && timeoutSeconds <= 3600)) {
            throw new UserError("--timeout " + timeoutSeconds + " outside (0, 3600] s");
        }
        OperatorKeys.Key key = operator.key();
        String op = operator.operatorId(key);
        Command c = build(CommandSender.base(node, op), action, args);
        PrintWriter out = spec.commandLine().getOut();
        try (CommandSender sender = new CommandSender(auth.toOptions(broker), node)) {
            CommandResult r = sender.send(c, key, timeoutSeconds);
            return report(out, r, c, timeoutSeconds);
        }
    }

    static int report(PrintWriter out, CommandResult r, Command c, double timeoutSeconds) {
        if (r == null) {
            throw new UserError("no result for " + c.getActionCase().name().toLowerCase() + " (" + c.getCorrelationId()
                    + ") within " + timeoutSeconds + " s: is the node up? ('cryo watch')");
        }
        out.printf("%s: %s%s%n", r.getAccepted() ? "accepted" : "refused", r.getReason(), r.getDuplicate() ? " (the first answer, repeated for a resend)" : "");
        out.flush();
        return r.getAccepted() ? 0 : REFUSED;
    }

    /** Turns ACTION ARGS into a command; a mistake is one line naming the argument. */
    static Command build(Command.Builder b, String action, List<String> a) {
        switch (action) {
            case "setpoint":
                need(action, a, 2, "LOOP KELVIN");
                return b.setSetSetpoint(SetSetpoint.newBuilder().setLoopId(a.get(0)).setSetpointKelvin(number("KELVIN", a.get(1)))).build();
            case "mode":
                need(action, a, 2, "LOOP off|pid|open-loop|monitor|zone");
                return b.setSetMode(SetMode.newBuilder().setLoopId(a.get(0)).setMode(mode(a.get(1)))).build();
            case "range":
                need(action, a, 2, "LOOP 0..8");
                return b.setSetHeaterRange(SetHeaterRange.newBuilder().setLoopId(a.get(0)).setHeaterRange(index("RANGE", a.get(1)))).build();
            case "gains":
                need(action, a, 4, "LOOP P I D");
                return b.setSetGains(SetGains.newBuilder().setLoopId(a.get(0)).setP(number("P", a.get(1)))
                        .setI(number("I", a.get(2))).setD(number("D", a.get(3)))).build();
            case "manual":
                need(action, a, 2, "LOOP WATTS");
                return b.setSetManualOutput(SetManualOutput.newBuilder().setLoopId(a.get(0)).setOutputWatts(number("WATTS", a.get(1)))).build();
            case "ramp": {
                need(action, a, 3, "LOOP on|off K_PER_MIN");
                boolean on = switch (a.get(1)) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw new UserError("ramp: second argument must be on or off, got '" + a.get(1) + "'");
                };
                return b.setSetRamp(SetRamp.newBuilder().setLoopId(a.get(0)).setEnabled(on).setRateKelvinPerMinute(number("K_PER_MIN", a.get(2)))).build();
            }
            case "ack":
                if (a.size() > 1) {
                    throw new UserError("ack takes at most one argument: ALARM_ID (none = all)");
                }
                return b.setAcknowledgeAlarm(AcknowledgeAlarm.newBuilder().setAlarmId(a.isEmpty() ? 0 : integer("ALARM_ID", a.get(0)))).build();
            case "shelve":
                need(action, a, 2, "ALARM_ID SECONDS");
                return b.setShelveAlarm(ShelveAlarm.newBuilder().setAlarmId(integer("ALARM_ID", a.get(0))).setShelveSeconds(number("SECONDS", a.get(1)))).build();
            case "start-sequence": {
                if (a.isEmpty() || a.size() > 3) {
                    throw new UserError("start-sequence takes FILE [LOOPS] [throttle], got " + a.size() + " argument(s)");
                }
                long loops = a.size() > 1 ? integer("LOOPS", a.get(1)) : 1;
                if (loops > 0xFFFF_FFFFL) {
                    throw new UserError("LOOPS " + loops + " outside 0..4294967295");
                }
                if (a.size() > 2 && !a.get(2).equals("throttle")) {
                    throw new UserError("start-sequence: third argument must be 'throttle', got '" + a.get(2) + "'");
                }
                // the file is parsed here, so a typing mistake is named before anything is sent;
                // the node checks the sequence against its board and thermal budget
                return b.setStartSequence(StartSequence.newBuilder().setSequence(SequenceCommand.read(java.nio.file.Path.of(a.get(0))))
                        .setLoops((int) loops).setThrottle(a.size() > 2)).build();
            }
            case "stop-sequence":
                need(action, a, 0, "");
                return b.setStopSequence(StopSequence.newBuilder()).build();
            case "abort-sequence":
                need(action, a, 0, "");
                return b.setAbortSequence(AbortSequence.newBuilder()).build();
            case "zones": {
                if (a.size() < 2) {
                    throw new UserError("zones takes LOOP and at least one zone UPPER_K,P,I,D,RANGE[,MAX_WATTS[,RAMP_K_PER_MIN]], got "
                            + a.size() + " argument(s)");
                }
                SetZoneTable.Builder t = SetZoneTable.newBuilder().setLoopId(a.get(0));
                for (int z = 1; z < a.size(); z++) {
                    t.addZones(zone(z - 1, a.get(z)));
                }
                return b.setSetZoneTable(t).build();
            }
            case "autotune":
                need(action, a, 5, "LOOP ZONE STEP_WATTS AMPLITUDE_KELVIN TIMEOUT_SECONDS");
                return b.setStartAutotune(StartAutotune.newBuilder().setLoopId(a.get(0)).setZone(index("ZONE", a.get(1)))
                        .setStepWatts(number("STEP_WATTS", a.get(2))).setAmplitudeLimitKelvin(number("AMPLITUDE_KELVIN", a.get(3)))
                        .setTimeoutSeconds(number("TIMEOUT_SECONDS", a.get(4)))).build();
            case "abort-autotune":
                need(action, a, 1, "LOOP");
                return b.setAbortAutotune(AbortAutotune.newBuilder().setLoopId(a.get(0))).build();
            case "rebirth":
                need(action, a, 0, "");
                return b.setRequestRebirth(RequestRebirth.newBuilder()).build();
            case "warmup":
                need(action, a, 1, "on|off");
                return b.setSetWarmup(SetWarmup.newBuilder().setEnabled(onOff(action, a.get(0)))).build();
            default:
                throw new UserError("unknown action '" + action + "' (setpoint, mode, range, gains, manual, ramp, zones, autotune, abort-autotune, ack, shelve, start-sequence, stop-sequence, abort-sequence, rebirth, warmup)");
        }
    }

    /**
     * One zone from {@code UPPER_K,P,I,D,RANGE[,MAX_WATTS[,RAMP_K_PER_MIN]]}. Only the syntax is
     * checked here; the node checks the table whole (order, ranges, limits) and names what it refuses.
     */
    private static Zone zone(int index, String spec) {
        String[] f = spec.split(",", -1);
        if (f.length < 5 || f.length > 7) {
            throw new UserError("zone " + index + " '" + spec + "': expected UPPER_K,P,I,D,RANGE[,MAX_WATTS[,RAMP_K_PER_MIN]], got "
                    + f.length + " field(s)");
        }
        String z = "zone " + index + " ";
        Zone.Builder b = Zone.newBuilder().setUpperBoundKelvin(number(z + "UPPER_K", f[0])).setP(number(z + "P", f[1]))
                .setI(number(z + "I", f[2])).setD(number(z + "D", f[3])).setHeaterRange(index(z + "RANGE", f[4]));
        if (f.length > 5) {
            b.setMaxOutputWatts(number(z + "MAX_WATTS", f[5]));
        }
        if (f.length > 6) {
            b.setRampRateKelvinPerMinute(number(z + "RAMP_K_PER_MIN", f[6]));
        }
        return b.build();
    }

    private static boolean onOff(String action, String s) {
        return switch (s) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new UserError(action + ": argument must be on or off, got '" + s + "'");
        };
    }

    private static void need(String action, List<String> a, int n, String usage) {
        if (a.size() != n) {
            throw new UserError(action + " takes " + n + " argument(s)" + (usage.isEmpty() ? "" : ": " + usage) + ", got " + a.size());
        }
    }

    private static double number(String name, String s) {
        try {
            double v = Double.parseDouble(s);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UserError(name + " '" + s + "' is not a finite number");
        }
    }

    private static long integer(String name, String s) {
        try {
            long v = Long.parseLong(s);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UserError(name + " '" + s + "' is not a non-negative integer");
        }
    }

    /** A small non-negative integer (a range or zone number): no silent wrap of a huge value to a valid one. */
    private static int index(String name, String s) {
        long v = integer(name, s);
        if (v > Integer.MAX_VALUE) {
            throw new UserError(name + " '" + s + "' is too large");
        }
        return (int) v;
    }

    private static LoopMode mode(String s) {
        return switch (s) {
            case "off" -> LoopMode.LOOP_MODE_OFF;
            case "pid" -> LoopMode.LOOP_MODE_PID;
            case "open-loop", "manual" -> LoopMode.LOOP_MODE_OPEN_LOOP;
            case "monitor" -> LoopMode.LOOP_MODE_MONITOR;
            case "zone" -> LoopMode.LOOP_MODE_ZONE;
            default -> throw new UserError("mode '" + s + "' is not one of off, pid, open-loop, monitor, zone");
        };
    }
}
