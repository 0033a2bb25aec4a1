package cryo.deploy.safemode;

import com.google.protobuf.InvalidProtocolBufferException;
import cryo.v1.Command;
import cryo.v1.CommandEnvelope;
import cryo.v1.CommandResult;
import cryo.v1.Status;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Paho client for safe mode: status on cryo/v1/&lt;node&gt;/status, commands on cryo/v1/&lt;node&gt;/cmd
 * (a CommandEnvelope), answers on cryo/v1/&lt;node&gt;/cmd/result. Only InstallBundle is acted on;
 * it must carry a valid operator HMAC. Reconnects lazily on each publish.
 */
public final class MqttSafeModeLink implements SafeModeLink {
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
                    public void connectionLost(Throwable cause) {
                        // the next publish reconnects
                    }

                    @Override
                    public void messageArrived(String topic, MqttMessage message) {
                        onCommand(message.getPayload());
                    }

                    @Override
                    public void deliveryComplete(IMqttDeliveryToken token) {
                    }
                });
            }
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            o.setConnectionTimeout(connectTimeoutSeconds);
            client.connect(o);
            client.subscribe(topic("cmd"), 1);
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
