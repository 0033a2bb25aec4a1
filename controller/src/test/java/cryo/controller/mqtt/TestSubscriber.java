package cryo.controller.mqtt;

import com.google.protobuf.InvalidProtocolBufferException;
import cryo.v1.AlarmEvent;
import cryo.v1.CommandResult;
import cryo.v1.NodeState;
import cryo.v1.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A real Paho supervisor that records everything under cryo/v1/NODE/ (tests only). */
public final class TestSubscriber implements AutoCloseable {
    public final List<NodeState> states = new ArrayList<>();
    public final List<Status> statuses = new ArrayList<>();
    public final List<AlarmEvent> alarms = new ArrayList<>();
    public final List<CommandResult> results = new ArrayList<>();
    public final List<Long> statusArrivalNanos = new ArrayList<>();
    /** Every topic a message arrived on, in order. */
    public final List<String> topics = new ArrayList<>();
    private final MqttClient client;
    private final String node;
    private final MqttConnectOptions options;
    private String[] filters;

    /** @param persistent a session that survives (clean session off): the broker queues QoS 1 while we are away */
    public TestSubscriber(String uri, String node, String clientId, boolean persistent, MqttConnectOptions base) throws MqttException {
        this.node = node;
        this.filters = new String[] {Topics.ROOT + node + "/#"};
        this.client = new MqttClient(uri, clientId, new MemoryPersistence());
        this.options = base == null ? new MqttConnectOptions() : base;
        options.setCleanSession(!persistent);
        options.setConnectionTimeout(3);
        options.setKeepAliveInterval(5);
        options.setMaxInflight(1000);
        client.setTimeToWait(5000);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                record(topic, m.getPayload());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        connect();
    }

    public TestSubscriber(String uri, String node) throws MqttException {
        this(uri, node, "test-sub-" + System.nanoTime(), false, null);
    }

    /** Subscribes to {@code leaves} of the node's topics only (e.g. "status", "cmd/result"), not to everything under it. */
    public TestSubscriber only(String... leaves) throws MqttException {
        client.unsubscribe(filters);
        filters = new String[leaves.length];
        int[] qos = new int[leaves.length];
        for (int i = 0; i < leaves.length; i++) {
            filters[i] = Topics.ROOT + node + "/" + leaves[i];
            qos[i] = 1;
        }
        client.subscribe(filters, qos);
        return this;
    }

    /** Connects (retrying up to 10 s) and subscribes. */
    public void connect() throws MqttException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                client.connect(options);
                int[] qos = new int[filters.length];
                java.util.Arrays.fill(qos, 1);
                client.subscribe(filters, qos);
                return;
            } catch (MqttException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                if (client.isConnected()) {
                    // connected but the SUBSCRIBE failed: start over from a fresh connection
                    try {
                        client.disconnectForcibly(100, 100);
                    } catch (MqttException ignored) {
                        // connecting again below
                    }
                }
                LockSupport.parkNanos(50_000_000L);
            }
        }
    }

    private void record(String topic, byte[] p) {
        try {
            synchronized (this) {
                topics.add(topic);
                String of = Topics.nodeOf(topic);
                String n = "+".equals(node) && of != null ? of : node; // "+": every node's messages
                if (topic.equals(Topics.state(n))) {
                    states.add(NodeState.parseFrom(p));
                } else if (topic.equals(Topics.status(n))) {
                    statuses.add(Status.parseFrom(p));
                    statusArrivalNanos.add(System.nanoTime());
                } else if (topic.equals(Topics.alarm(n))) {
                    alarms.add(AlarmEvent.parseFrom(p));
                } else if (topic.equals(Topics.cmdResult(n))) {
                    results.add(CommandResult.parseFrom(p));
                }
            }
        } catch (InvalidProtocolBufferException e) {
            // commands (our own topic tree) are not recorded
        }
    }

    public void publish(String topic, byte[] payload) throws MqttException {
        client.publish(topic, payload, 1, false);
    }

    public boolean connected() {
        return client.isConnected();
    }

    public synchronized <T> List<T> copy(List<T> l) {
        return new ArrayList<>(l);
    }

    public synchronized CommandResult result(String correlationId) {
        for (CommandResult r : results) {
            if (r.getCorrelationId().equals(correlationId)) {
                return r;
            }
        }
        return null;
    }

    /** Bounded wait for a condition (no sleep: parks in short steps). */
    public static boolean await(double seconds, BooleanSupplier condition) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            LockSupport.parkNanos(10_000_000L);
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(500);
            }
            client.close(true);
        } catch (MqttException ignored) {
            // test teardown
        }
    }
}
