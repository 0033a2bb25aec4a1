package cryo.controller.cli;

import cryo.controller.mqtt.AlarmTracker;
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
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
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

    @Option(names = "--operator", description = "operator id (default: the user name)")
    String operator;

    @Option(names = "--operator-key", paramLabel = "FILE", description = "sign the acknowledgement with a key from this file")
    Path operatorKey;

    @Option(names = "--key-id", description = "which key of --operator-key (default: the first)")
    String keyId;

    @Option(names = "--timeout", defaultValue = "10", description = "seconds to wait for a status or a result (default ${DEFAULT-VALUE})")
    double timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (ackId != null || ackAll) {
            if (ackId != null && ackAll) {
                throw new UserError("--ack and --ack-all exclude each other");
            }
            OperatorKeys.Key key = CommandSender.key(operatorKey, keyId);
            String op = operator != null ? operator : key != null ? key.operatorId() : System.getProperty("user.name", "operator");
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
    private List<Alarm> fetch() throws Exception {
        LinkedBlockingQueue<Status> statuses = new LinkedBlockingQueue<>();
        LinkedBlockingQueue<NodeState> states = new LinkedBlockingQueue<>();
        MqttConnectOptions o = auth.toOptions(broker).validate();
        o.setCleanSession(true);
        o.setConnectionTimeout(5);
        MqttClient client = new MqttClient(broker, "cryo-alarms-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
        try {
            client.connect(o);
            client.subscribe(Topics.state(node), 1, (t, m) -> states.offer(NodeState.parseFrom(m.getPayload())));
            client.subscribe(Topics.status(node), 0, (t, m) -> statuses.offer(Status.parseFrom(m.getPayload())));
            Status s = statuses.poll((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS);
            if (s != null) {
                return AlarmTracker.alarmsOf(s);
            }
            NodeState st = states.poll();
            if (st != null && st.hasBirth()) {
                return st.getBirth().getAlarmsList();
            }
            throw new UserError("no status from node '" + node + "' within " + timeoutSeconds + " s" + (st != null && st.hasDeath() ? ": the node is dead (Death retained)" : ""));
        } catch (MqttException e) {
            throw new UserError("cannot reach MQTT broker " + broker + ": " + e.getMessage());
        } finally {
            try {
                if (client.isConnected()) {
                    client.disconnect(1000);
                }
                client.close();
            } catch (MqttException ignored) {
                // leaving anyway
            }
        }
    }
}
