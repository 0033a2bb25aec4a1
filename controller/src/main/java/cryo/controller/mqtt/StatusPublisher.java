package cryo.controller.mqtt;

import cryo.controller.telemetry.StatusBuilder;
import cryo.controller.telemetry.StatusChannel;
import cryo.controller.telemetry.StatusSnapshot;
import cryo.v1.Birth;
import cryo.v1.Death;
import cryo.v1.NodeMode;
import cryo.v1.NodeState;
import cryo.v1.Status;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Publishes statuses on MQTT from its own thread; the ring never waits on it. Runs its own
 * reconnect loop (not Paho's automatic reconnect, which reuses the will): every connect sets a
 * fresh will carrying a Death with the new bd_seq, then publishes the retained Birth. While the
 * broker is away, statuses are dropped and counted, and control carries on.
 */
public final class StatusPublisher implements AutoCloseable {
    private static final long MIN_BACKOFF_NANOS = 250_000_000L;
    private static final long MAX_BACKOFF_NANOS = 5_000_000_000L;

    private final String brokerUri;
    private final String nodeId;
    private final String firmwareVersion;
    private final StatusChannel channel;
    private final StatusBuilder builder;
    private final LongSupplier nanoTime;
    private final List<Consumer<Status>> listeners = new CopyOnWriteArrayList<>();
    private final SplittableRandom jitter = new SplittableRandom(1);
    private final Thread thread;

    private volatile boolean running = true;
    private volatile boolean connected;
    private volatile long bdSeq = -1;
    private volatile long published;
    private volatile String lastError = "";
    private volatile boolean connectionLostFlag;
    private long droppedHere;
    private long nextAttemptNanos;
    private long backoffNanos = MIN_BACKOFF_NANOS;
    private MqttClient client;

    public StatusPublisher(String brokerUri, String nodeId, String firmwareVersion, StatusChannel channel,
                           StatusBuilder builder, LongSupplier nanoTime) {
        this.brokerUri = brokerUri;
        this.nodeId = nodeId;
        this.firmwareVersion = firmwareVersion;
        this.channel = channel;
        this.builder = builder;
        this.nanoTime = nanoTime;
        this.thread = new Thread(this::loop, "cryo-mqtt-status");
        this.thread.setDaemon(true);
    }

    /** Called on the publisher thread with every status built (the console line, tests). */
    public void addListener(Consumer<Status> listener) {
        listeners.add(listener);
    }

    public StatusPublisher start() {
        channel.bindConsumer(thread);
        thread.start();
        return this;
    }

    public boolean connected() {
        return connected;
    }

    public long bdSeq() {
        return bdSeq;
    }

    public long published() {
        return published;
    }

    public String lastError() {
        return lastError;
    }

    private void loop() {
        while (running) {
            if (connectionLostFlag) {
                connectionLostFlag = false;
                lostConnection(new MqttException(MqttException.REASON_CODE_CONNECTION_LOST));
            }
            if (!connected && nanoTime.getAsLong() >= nextAttemptNanos) {
                connect();
            }
            StatusSnapshot s;
            while ((s = channel.poll()) != null) {
                Status status = builder.build(s, Math.max(bdSeq, 0), s.droppedBefore + droppedHere);
                channel.release();
                publish(status);
                for (Consumer<Status> l : listeners) {
                    l.accept(status);
                }
            }
            LockSupport.parkNanos(connected ? 50_000_000L : 10_000_000L);
        }
    }

    private void publish(Status status) {
        MqttClient c = client;
        if (!connected || c == null) {
            droppedHere++;
            return;
        }
        try {
            c.publish(Topics.status(nodeId), status.toByteArray(), 0, false);
            published++;
        } catch (MqttException e) {
            droppedHere++;
            lostConnection(e);
        }
    }

    private void connect() {
        long nextBdSeq = bdSeq + 1;
        try {
            if (client == null) {
                client = new MqttClient(brokerUri, "cryo-" + nodeId, new MemoryPersistence());
                client.setCallback(new MqttCallback() {
                    @Override
                    public void connectionLost(Throwable cause) {
                        // Paho's thread: only flag it; the publisher loop does the work
                        connectionLostFlag = true;
                    }

                    @Override
                    public void messageArrived(String topic, MqttMessage message) {
                    }

                    @Override
                    public void deliveryComplete(IMqttDeliveryToken token) {
                    }
                });
            }
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            o.setAutomaticReconnect(false);
            o.setConnectionTimeout(3);
            o.setKeepAliveInterval(5);
            byte[] death = NodeState.newBuilder()
                    .setDeath(Death.newBuilder().setNodeId(nodeId).setBdSeq(nextBdSeq).setClean(false)).build().toByteArray();
            o.setWill(Topics.state(nodeId), death, 1, true);
            connectionLostFlag = false;
            client.connect(o);
            bdSeq = nextBdSeq;
            byte[] birth = NodeState.newBuilder().setBirth(Birth.newBuilder()
                    .setNodeId(nodeId).setFirmwareVersion(firmwareVersion).setBdSeq(nextBdSeq)
                    .setMode(NodeMode.NODE_MODE_RUN)).build().toByteArray();
            client.publish(Topics.state(nodeId), birth, 1, true);
            connected = true;
            backoffNanos = MIN_BACKOFF_NANOS;
            lastError = "";
        } catch (MqttException | IllegalArgumentException e) {
            lostConnection(e);
        }
    }

    private void lostConnection(Exception e) {
        connected = false;
        lastError = describe(e);
        try {
            if (client != null && client.isConnected()) {
                client.disconnectForcibly(100, 100);
            }
        } catch (MqttException ignored) {
            // already gone
        }
        long jittered = backoffNanos / 2 + jitter.nextLong(backoffNanos / 2 + 1);
        nextAttemptNanos = nanoTime.getAsLong() + jittered;
        backoffNanos = Math.min(MAX_BACKOFF_NANOS, backoffNanos * 2);
    }

    static String describe(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                + (root != e && m != null ? " (" + m + ")" : "");
    }

    /** Publishes a clean Death and disconnects. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        MqttClient c = client;
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                byte[] death = NodeState.newBuilder()
                        .setDeath(Death.newBuilder().setNodeId(nodeId).setBdSeq(bdSeq).setClean(true)).build().toByteArray();
                c.publish(Topics.state(nodeId), death, 1, true);
                c.disconnect(1000);
            }
            c.close();
        } catch (MqttException ignored) {
            // shutting down: the will covers an unclean end
        }
    }
}
