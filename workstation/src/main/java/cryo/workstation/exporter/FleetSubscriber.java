package cryo.workstation.exporter;

import cryo.controller.mqtt.BrokerOptions;
import cryo.controller.mqtt.Topics;
import java.util.UUID;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The exporter's MQTT side: subscribes to every node's status, state and alarm topics and hands
 * each message to {@link Fleet} on Paho's thread (decoding there is cheap and never blocks).
 * Reconnects by itself (Paho's automatic reconnect) and subscribes again on each connect; while
 * the broker is gone the fleet shows every node as unknown.
 */
final class FleetSubscriber implements AutoCloseable {
    private final MqttClient client;
    private final MqttConnectOptions options;
    private final Fleet fleet;

    FleetSubscriber(BrokerOptions broker, Fleet fleet) throws MqttException {
        this.fleet = fleet;
        this.options = cryo.workstation.mqtt.Mqtt311Options.of(broker);
        options.setCleanSession(true);
        options.setAutomaticReconnect(true);
        options.setMaxReconnectDelay(5_000);
        options.setConnectionTimeout(5);
        options.setKeepAliveInterval(10);
        options.setMaxInflight(1000);
        client = new MqttClient(broker.uri(), "cryo-exporter-" + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
        client.setTimeToWait(10_000);
        client.setCallback(new MqttCallbackExtended() {
            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                if (reconnect) {
                    // clean session: the broker forgot our subscriptions; subscribe off Paho's callback thread
                    Thread t = new Thread(FleetSubscriber.this::subscribeQuietly, "cryo-exporter-resubscribe");
                    t.setDaemon(true);
                    t.start();
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
                fleet.brokerLost();
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                dispatch(topic, message.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // we publish nothing
            }
        });
    }

    /** Connects once (a failure is the caller's to report); later losses are retried by Paho. */
    void start() throws MqttException {
        client.connect(options);
        subscribe();
    }

    private void subscribe() throws MqttException {
        client.subscribe(new String[] {Topics.ROOT + "+/status", Topics.ROOT + "+/state", Topics.ROOT + "+/alarm"}, new int[] {0, 1, 1});
        fleet.brokerConnected();
    }

    private void subscribeQuietly() {
        try {
            subscribe();
        } catch (MqttException e) {
            fleet.brokerLost(); // the next reconnect tries again
        }
    }

    void dispatch(String topic, byte[] payload) {
        if (topic.endsWith("/status")) {
            fleet.onStatus(topic, payload);
        } else if (topic.endsWith("/state")) {
            fleet.onState(topic, payload);
        } else if (topic.endsWith("/alarm")) {
            fleet.onAlarm(topic, payload);
        }
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(1000);
            }
            client.close(true);
        } catch (MqttException ignored) {
            // leaving anyway
        }
    }
}
