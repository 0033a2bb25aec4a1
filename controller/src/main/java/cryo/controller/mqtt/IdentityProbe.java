package cryo.controller.mqtt;

import com.google.protobuf.InvalidProtocolBufferException;
import cryo.v1.NodeState;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
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
 * Before a node connects as itself: is another node of the same id alive on the broker? Alive
 * means its retained state is a Birth from another instance <em>and</em> statuses arrive on its
 * status topic (a Birth alone may be a crashed node whose will the broker has not published yet,
 * or one restored from the broker's persistence). This process's own Birth is not another node.
 * Connects under a client id of its own, so it never takes anyone's session over. Runs on the
 * session thread, before the first connect and after a lost connection, and waits a few status
 * intervals at most.
 */
final class IdentityProbe {
    /** @param looked the probe reached the broker; @param alive another node of this id publishes; @param evidence what showed it */
    record Result(boolean looked, boolean alive, String evidence, String instanceId) {
        Result(boolean looked, boolean alive, String evidence) {
            this(looked, alive, evidence, "");
        }
    }

    private static final long RETAINED_WAIT_NANOS = 1_000_000_000L;
    private static final double MAX_WAIT_SECONDS = 3;
    /** After a lost connection a node with a slow cadence is waited for longer: reconnecting into it would push it off. */
    private static final double MAX_WAIT_SECONDS_AGAIN = 10;

    private IdentityProbe() {
    }

    /**
     * @param options     connection options of the node (credentials, TLS); the probe adds the rest
     * @param mine        this process's instance id: a Birth carrying it is no other node
     * @param waitSeconds how long to wait for a status after a retained Birth; &lt; 0: three status
     *                    intervals of that Birth plus one second, at most 3 s, so a node starting up says within its first 5 s what it found (a node with a slower cadence is caught by the takeover instead)
     * @param again       after a lost connection: wait up to 10 s instead of 3 s
     */
    static Result look(String uri, MqttConnectionOptions options, String nodeId, String mine, double waitSeconds, boolean again) {
        MqttClient client = null;
        Seen seen = new Seen(nodeId);
        try {
            client = new MqttClient(uri, "cryo-probe-" + nodeId + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong()),
                    new MemoryPersistence());
            client.setTimeToWait(5000);
            client.setCallback(seen);
            options.setCleanStart(true);
            options.setSessionExpiryInterval(0L);
            options.setAutomaticReconnect(false);
            options.setConnectionTimeout(3);
            options.setKeepAliveInterval(5);
            options.setMaximumPacketSize(StatusPublisher.MAX_PACKET_BYTES);
            client.connect(options);
            client.subscribe(new MqttSubscription[] {new MqttSubscription(Topics.state(nodeId), 1), new MqttSubscription(Topics.status(nodeId), 0)});
            long start = System.nanoTime();
            while (seen.state == null && System.nanoTime() - start < RETAINED_WAIT_NANOS) {
                LockSupport.parkNanos(10_000_000L);
            }
            NodeState state = seen.state;
            if (state == null || !state.hasBirth()) {
                return new Result(true, false, state == null ? "no retained state" : "retained Death");
            }
            String other = state.getBirth().getInstanceId();
            if (other.equals(mine)) {
                return new Result(true, false, "its own Birth");
            }
            double wait = waitSeconds >= 0 ? waitSeconds
                    : Math.min(again ? MAX_WAIT_SECONDS_AGAIN : MAX_WAIT_SECONDS, 3 * Math.max(state.getBirth().getStatusIntervalSeconds(), 0.1) + 1);
            long deadline = System.nanoTime() + (long) (wait * 1e9);
            while (seen.statuses == 0 && !seen.death && System.nanoTime() < deadline) {
                LockSupport.parkNanos(10_000_000L);
            }
            if (seen.statuses > 0 && !seen.death) {
                return new Result(true, true, "its retained Birth bd_seq " + state.getBirth().getBdSeq() + " of instance "
                        + (other.isEmpty() ? "(none given)" : other) + " and its statuses", other.isEmpty() ? "(none given)" : other);
            }
            return new Result(true, false, seen.death ? "Death while looking" : "retained Birth but no status in " + wait + " s");
        } catch (MqttException | RuntimeException e) {
            return new Result(false, false, "probe failed: " + StatusPublisher.describe(e));
        } finally {
            if (client != null) {
                try {
                    if (client.isConnected()) {
                        client.disconnect(500);
                    }
                    client.close(true);
                } catch (MqttException ignored) {
                    // looked already
                }
            }
        }
    }

    /** What arrived (Paho's callback thread writes, the session thread polls). */
    private static final class Seen implements MqttCallback {
        private final String nodeId;
        volatile NodeState state;
        volatile int statuses;
        volatile boolean death;

        Seen(String nodeId) {
            this.nodeId = nodeId;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (topic.equals(Topics.status(nodeId))) {
                statuses++;
            } else if (topic.equals(Topics.state(nodeId))) {
                try {
                    NodeState s = NodeState.parseFrom(message.getPayload());
                    if (state == null) {
                        state = s;
                    } else if (s.hasDeath()) {
                        death = true;
                    }
                } catch (InvalidProtocolBufferException e) {
                    // not a state: ignored
                }
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
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
    }
}
