package cryo.deploy.safemode;

import com.google.protobuf.InvalidProtocolBufferException;
import cryo.v1.Command;
import cryo.v1.CommandEnvelope;
import cryo.v1.CommandResult;
import cryo.v1.Status;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * Paho client for safe mode: status on cryo/v1/&lt;node&gt;/status, commands on cryo/v1/&lt;node&gt;/cmd
 * (a CommandEnvelope), answers on cryo/v1/&lt;node&gt;/cmd/result. Only InstallBundle is acted on;
 * it must carry a valid operator HMAC. Reconnects lazily on each publish.
 *
 * <p>MQTT 5, like the controller's session: it announces a Maximum Packet Size
 * ({@link #MAX_PACKET_BYTES}, room for a bundle as the documented broker configuration allows
 * one), so the broker never sends it more; {@code cmd} is subscribed with retain handling 2, so
 * a retained command is not replayed at every connect.
 */
public final class MqttSafeModeLink implements SafeModeLink {
    /** A bundle up to docs/mosquitto's max_packet_size (64 MiB) with its envelope. */
    public static final long MAX_PACKET_BYTES = (64L << 20) + (64L << 10);

    private final String brokerUrl;
    private final String nodeId;
    private final OperatorKeys operators;
    private final BlockingQueue<InstallRequest> installs;
    private final Consumer<String> log;
    private final int connectTimeoutSeconds;
    private MqttClient client;
    private String lastError = "";

    public MqttSafeModeLink(String brokerUrl, String nodeId, OperatorKeys operators, BlockingQueue<InstallRequest> installs,
                            Consumer<String> log, int connectTimeoutSeconds) {
        this.brokerUrl = brokerUrl;
        this.nodeId = nodeId;
        this.operators = operators;
        this.installs = installs;
        this.log = log;
        this.connectTimeoutSeconds = connectTimeoutSeconds;
    }

    private String topic(String leaf) {
        return "cryo/v1/" + nodeId + "/" + leaf;
    }

    private boolean connected() {
        if (client != null && client.isConnected()) {
            return true;
        }
        try {
            if (client == null) {
                client = new MqttClient(brokerUrl, "cryo-loader-" + nodeId, new MemoryPersistence());
                client.setCallback(new MqttCallback() {
                    @Override
                    public void disconnected(MqttDisconnectResponse response) {
                        // the next publish reconnects
                    }

                    @Override
                    public void mqttErrorOccurred(MqttException exception) {
                    }

                    @Override
                    public void messageArrived(String topic, MqttMessage message) {
                        onCommand(message.getPayload());
                    }

                    @Override
                    public void deliveryComplete(IMqttToken token) {
                    }

                    @Override
                    public void connectComplete(boolean reconnect, String serverUri) {
                    }

                    @Override
                    public void authPacketArrived(int reasonCode, MqttProperties properties) {
                    }
                });
            }
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setSessionExpiryInterval(0L);
            o.setConnectionTimeout(connectTimeoutSeconds);
            o.setMaximumPacketSize(MAX_PACKET_BYTES);
            client.connect(o);
            MqttSubscription cmd = new MqttSubscription(topic("cmd"), 1);
            cmd.setRetainHandling(2);
            client.subscribe(new MqttSubscription[] {cmd});
            lastError = "";
            log.accept("mqtt: connected to " + brokerUrl);
            return true;
        } catch (MqttException | IllegalArgumentException e) {
            String error = "mqtt: cannot reach broker " + brokerUrl + ": " + e.getMessage();
            if (!error.equals(lastError)) {
                log.accept(error); // once per distinct error, not every period
                lastError = error;
            }
            return false;
        }
    }

    @Override
    public boolean publish(Status status) {
        if (!connected()) {
            return false;
        }
        try {
            client.publish(topic("status"), status.toByteArray(), 0, false);
            return true;
        } catch (MqttException e) {
            log.accept("mqtt: status not published: " + e.getMessage());
            return false;
        }
    }

    @Override
    public void answer(CommandResult result) {
        if (!connected()) {
            return;
        }
        try {
            client.publish(topic("cmd/result"), result.toByteArray(), 1, false);
        } catch (MqttException e) {
            log.accept("mqtt: command result not published: " + e.getMessage());
        }
    }

    private void onCommand(byte[] payload) {
        CommandEnvelope envelope;
        Command command;
        try {
            envelope = CommandEnvelope.parseFrom(payload);
            command = Command.parseFrom(envelope.getCommand());
        } catch (InvalidProtocolBufferException e) {
            log.accept("mqtt: undecodable command ignored: " + e.getMessage());
            return;
        }
        if (command.getActionCase() != Command.ActionCase.INSTALL_BUNDLE) {
            answer(refusal(command, "action: expected install_bundle in safe mode, found " + command.getActionCase()));
            return;
        }
        if (!command.getTargetNode().equals(nodeId)) {
            answer(refusal(command, "target_node: expected '" + nodeId + "', found '" + command.getTargetNode() + "'"));
            return;
        }
        String why = operators.isEmpty() ? "operator keys: expected at least one configured (--operator-keys), found none"
                : operators.check(envelope.getKeyId(), envelope.getCommand().toByteArray(), envelope.getHmacSha256().toByteArray());
        if (why != null) {
            answer(refusal(command, why));
            return;
        }
        installs.add(new InstallRequest(command.getCorrelationId(), command.getOperatorId(),
                command.getInstallBundle().getBundle().toByteArray()));
    }

    private CommandResult refusal(Command c, String reason) {
        log.accept("mqtt: command " + c.getCorrelationId() + " refused: " + reason);
        return CommandResult.newBuilder().setCorrelationId(c.getCorrelationId()).setAccepted(false).setReason(reason)
                .setNodeId(nodeId).setOperatorId(c.getOperatorId()).build();
    }

    @Override
    public void close() {
        if (client == null) {
            return;
        }
        try {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
            client.close();
        } catch (MqttException e) {
            // closing at shutdown: nothing more to do
        }
    }
}
