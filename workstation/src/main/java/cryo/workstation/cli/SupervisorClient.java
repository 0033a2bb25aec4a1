package cryo.workstation.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import cryo.controller.mqtt.BrokerOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.eclipse.paho.client.mqttv3.IMqttMessageListener;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The supervisor side's MQTT connection, shared by {@code cmd}, {@code alarms} and {@code watch}:
 * a clean session under a fresh client id, one clear line when the broker cannot be reached,
 * subscriptions whose callbacks only hand off (never block in a Paho callback), and a disconnect
 * before close (Paho refuses to close a connected client).
 */
final class SupervisorClient implements AutoCloseable {
    /** Connect-and-subscribe attempts when the broker drops a fresh connection at its first SUBSCRIBE. */
    private static final int SUBSCRIBE_ATTEMPTS = 3;

    private final MqttClient client;
    private final String uri;
    private final MqttConnectOptions options;
    private final List<Subscription> subscriptions = new ArrayList<>();

    private record Subscription(String topic, int qos, IMqttMessageListener listener) {
    }

    /** Connects at once. @throws UserError one line naming the broker and why */
    SupervisorClient(BrokerOptions broker, String clientIdPrefix) {
        this.uri = broker.uri();
        MqttConnectOptions o;
        try {
            o = cryo.workstation.mqtt.Mqtt311Options.of(broker);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        o.setCleanSession(true);
        o.setConnectionTimeout(5);
        this.options = o;
        try {
            client = new MqttClient(uri, clientIdPrefix + UUID.randomUUID().toString().substring(0, 8), new MemoryPersistence());
            client.setTimeToWait(10_000);
            // acknowledge each message before handing it on (see subscribe)
            client.setManualAcks(true);
            client.connect(o);
        } catch (MqttException e) {
            throw new UserError("cannot reach MQTT broker " + uri + ": " + e.getMessage());
        }
    }

    /** Subscribes; {@code handler} gets topic and payload on Paho's thread and must only hand off. */
    void subscribe(String topic, int qos, BiConsumer<String, byte[]> handler) {
        IMqttMessageListener listener = (t, m) -> {
            // PUBACK first: with Paho's automatic ack it is sent after this callback returns,
            // and a caller woken by the hand-off could disconnect before it. A PUBACK after the
            // DISCONNECT kills a session thread of the embedded Moquette 0.17 broker, and every
            // later client hashed to that thread waits for a CONNACK that never comes.
            client.messageArrivedComplete(m.getId(), m.getQos());
            handler.accept(t, m.getPayload());
        };
        subscriptions.add(new Subscription(topic, qos, listener));
        for (int attempt = 1; ; attempt++) {
            try {
                if (client.isConnected()) {
                    client.subscribe(topic, qos, listener);
                } else {
                    // Moquette 0.17 sends the CONNACK before it marks the connection open, and
                    // closes a connection whose SUBSCRIBE arrives in between: connect again and
                    // subscribe everything anew (clean session)
                    client.connect(options);
                    for (Subscription s : subscriptions) {
                        client.subscribe(s.topic(), s.qos(), s.listener());
                    }
                }
                return;
            } catch (MqttException e) {
                if (attempt >= SUBSCRIBE_ATTEMPTS || client.isConnected()) {
                    throw new UserError("subscribing to " + topic + " on " + uri + " failed: " + e.getMessage());
                }
            }
        }
    }

    /**
     * A handler that decodes each payload and queues it; payloads that are not {@code T} are
     * ignored, and so is one whose node id disagrees with its topic (flagged on stderr: {@link TopicTrust}).
     */
    static <T extends com.google.protobuf.Message> BiConsumer<String, byte[]> decodeInto(Parser<T> parser, Queue<T> into) {
        return (topic, payload) -> {
            try {
                T m = parser.parseFrom(payload);
                String why = TopicTrust.disagreement(topic, m);
                if (why != null) {
                    System.err.println("cryo: " + why);
                    return;
                }
                into.offer(m);
            } catch (InvalidProtocolBufferException notOurs) {
                // someone else's payload on our topic: nothing to hand on
            }
        };
    }

    void publish(String topic, byte[] payload, int qos) {
        try {
            client.publish(topic, payload, qos, false);
        } catch (MqttException e) {
            throw new UserError("publishing to " + topic + " failed: " + e.getMessage());
        }
    }

    String uri() {
        return uri;
    }

    @Override
    public void close() {
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
