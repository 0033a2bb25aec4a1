package cryo.workstation.cli;

import cryo.controller.mqtt.OperatorKeys;
import cryo.controller.mqtt.Topics;
import cryo.hal.device.BoardClock;
import cryo.v1.AcknowledgeAlarm;
import cryo.v1.Alarm;
import cryo.v1.Command;
import cryo.v1.CommandResult;
import cryo.v1.NodeState;
import cryo.v1.Status;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cryo alarms NODE}: lists the node's active alarms (from its next status); {@code --ack} acknowledges. */
@picocli.CommandLine.Command(name = "alarms", mixinStandardHelpOptions = true,
        description = "List a node's active alarms, or acknowledge them (--ack ID, --ack-all).")
public final class AlarmsCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NODE")
    String node;

    @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "MQTT broker (default ${DEFAULT-VALUE})")
    String broker;

    @Mixin
    BrokerAuthOptions auth;

    @Option(names = "--ack", paramLabel = "ALARM_ID", description = "acknowledge this alarm")
    Long ackId;

    @Option(names = "--ack-all", description = "acknowledge every acknowledgeable alarm")
    boolean ackAll;

    @Mixin
    OperatorOptions operator;

    @Option(names = "--timeout", defaultValue = "10", description = "seconds to wait for a status or a result (default ${DEFAULT-VALUE})")
    double timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!(timeoutSeconds > 0 && timeoutSeconds <= 3600)) {
            throw new UserError("--timeout " + timeoutSeconds + " outside (0, 3600] s");
        }
        if (ackId != null && ackId < 1) {
            throw new UserError("--ack " + ackId + ": alarm ids start at 1 (--ack-all for every alarm)");
        }
        if (ackId != null || ackAll) {
            if (ackId != null && ackAll) {
                throw new UserError("--ack and --ack-all exclude each other");
            }
            OperatorKeys.Key key = operator.key();
            String op = operator.operatorId(key);
            Command c = CommandSender.base(node, op).setAcknowledgeAlarm(AcknowledgeAlarm.newBuilder().setAlarmId(ackAll ? 0 : ackId)).build();
            try (CommandSender sender = new CommandSender(auth.toOptions(broker), node)) {
                CommandResult r = sender.send(c, key, timeoutSeconds);
                return CmdCommand.report(out, r, c, timeoutSeconds);
            }
        }
        List<Alarm> alarms = fetch();
        if (alarms.isEmpty()) {
            out.println(node + ": no active alarms");
        }
        for (Alarm a : alarms) {
            out.println(format(a));
        }
        out.flush();
        return 0;
    }

    static String format(Alarm a) {
        return String.format("#%d %s %s stage=%s %s raised t=%.1fs%s: %s", a.getAlarmId(),
                a.getSeverity().name().replace("SEVERITY_", ""), a.getCause().name(), a.getStageId().isEmpty() ? "-" : a.getStageId(),
                a.getState().name().replace("ALARM_", ""), BoardClock.toSeconds(a.getRaisedBoardTicks()),
                a.getAcknowledgedBy().isEmpty() ? "" : " acked by " + a.getAcknowledgedBy(), a.getMessage());
    }

    /** The alarm set of the node's next status (fresher than the retained Birth, which is the fallback). */
    private List<Alarm> fetch() throws InterruptedException {
        LinkedBlockingQueue<Status> statuses = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<NodeState> states = new LinkedBlockingQueue<>();
        try (SupervisorClient client = new SupervisorClient(auth.toOptions(broker), "cryo-alarms-")) {
            client.subscribe(Topics.state(node), 1, SupervisorClient.decodeInto(NodeState.parser(), states));
            client.subscribe(Topics.status(node), 0, SupervisorClient.decodeInto(Status.parser(), statuses));
            Status s = statuses.poll((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS);
            if (s != null) {
                return s.getActiveAlarmsList();
            }
            NodeState st = states.poll();
            if (st != null && st.hasBirth()) {
                return st.getBirth().getAlarmsList();
            }
            throw new UserError("no status from node '" + node + "' within " + timeoutSeconds + " s" + (st != null && st.hasDeath() ? ": the node is dead (Death retained)" : ""));
        }
    }
}
