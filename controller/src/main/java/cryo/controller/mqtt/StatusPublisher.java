package cryo.controller.mqtt;

import com.google.protobuf.InvalidProtocolBufferException;
import cryo.controller.config.ControllerConfig;
import cryo.controller.telemetry.StatusBuilder;
import cryo.controller.telemetry.StatusChannel;
import cryo.controller.telemetry.StatusSnapshot;
import cryo.v1.AlarmEvent;
import cryo.v1.Birth;
import cryo.v1.CommandResult;
import cryo.v1.Death;
import cryo.v1.NodeMode;
import cryo.v1.NodeState;
import cryo.v1.Status;
import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.MqttToken;
import org.eclipse.paho.mqttv5.client.MqttTopic;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttReturnCode;

/**
 * The node's MQTT session, on its own thread ("cryo-mqtt-status"); the ring never waits on it.
 *
 * <p>Runs its own reconnect loop with jittered exponential back-off (not Paho's automatic
 * reconnect, which reuses the will): every connect takes the next bd_seq, sets a fresh will
 * carrying a Death with that bd_seq, subscribes to {@code cmd}, then publishes the retained Birth
 * (stages, loops, the current alarm set). Statuses go out at QoS 0 as the ring produces them
 * (cadence and report by exception are the telemetry stage's); while the broker is away they
 * are dropped and counted. Alarm events (the interlock's own event stream, stored by
 * {@link AlarmOutboxSink} on the alarm dispatcher thread) and command results go through the
 * {@link Outbox}: on disk first, then published in order at QoS 1, flagged historical when they
 * did not go out on the connection they were stored in.
 *
 * <p>MQTT 5 (Paho's mqttv5 client), for what 3.1.1 cannot say: the node announces a Maximum
 * Packet Size ({@link #MAX_PACKET_BYTES}), so the broker never sends it a larger packet (a
 * hostile 30 MB command is dropped by the broker, not read by the node; Paho refuses one that
 * still arrives before reading its body); it subscribes to {@code cmd} with retain handling 2,
 * so a retained command is never replayed at a connect; and it learns from the broker's
 * DISCONNECT reason when another client took its identity over (0x8E), after which it stops
 * instead of fighting for the client id. Before its first connect it looks for a live node of
 * the same id ({@link IdentityProbe}) and refuses to start its session when there is one.
 *
 * <p>One identity, one node, also when two start at the same instant and both find nobody:
 * every Birth and Death carries this process's {@link #instanceId} (random per start). Mosquitto
 * 2.0.11 closes a taken-over session without saying so, so after a lost connection the node
 * looks again before reconnecting, and a Birth of its id from another instance with statuses
 * flowing means it was pushed off: it stands down (one line naming the other instance, no
 * reconnect, controlling on; the broker may have published the pushed-off session's will, a
 * Death with this instance id and an older bd_seq). The same holds for such a Birth seen live on
 * its own {@code state} topic (subscribed with retain handling 2, so only what is published now):
 * it leaves with a normal DISCONNECT, so no Death lands on the other's Birth.
 * Status {@code seq} restarts at 0 after every Birth (Sparkplug), gaps kept.
 */
public final class StatusPublisher implements AutoCloseable {
    private static final long MIN_BACKOFF_NANOS = 250_000_000L;
    private static final long MAX_BACKOFF_NANOS = 2_000_000_000L;
    /** The largest packet the node accepts: a command at the gate's limit, its topic and headers. */
    public static final long MAX_PACKET_BYTES = CommandGate.MAX_PAYLOAD_BYTES + 4096;

    private final BrokerOptions broker;
    private final MqttConnectionOptions baseOptions;
    private final String nodeId;
    private final String firmwareVersion;
    private final ControllerConfig config; // null: a Birth without stage and loop lists
    private final StatusChannel channel;
    private final StatusBuilder builder;
    private final LongSupplier nanoTime;
    private final List<Consumer<Status>> listeners = new CopyOnWriteArrayList<>();
    private final SplittableRandom jitter;
    /** The last status built (publisher thread): its active alarm set goes into the Birth when no alarm sink is attached. */
    private volatile Status lastStatus;
    private final Thread thread;

    private Outbox outbox;
    private CommandAdapter commands;
    private AlarmOutboxSink alarmSink;

    private volatile boolean running = true;
    private volatile boolean connected;
    private volatile boolean connectionLost;
    private volatile boolean rebirthRequested;
    private volatile boolean takenOver;
    /** Another instance's Birth for this node id, seen live on the session (callback thread writes), or null. */
    private volatile Birth otherBirth;
    private final String instanceId = newInstanceId();
    private volatile long bdSeq = -1;
    private volatile long published;
    private volatile long connects;
    private volatile long birthsPublished;
    private volatile long droppedHere;
    private volatile String lastError = "";
    /** Why the session will not connect (another live node has this id), or null. */
    private volatile String refusal;
    private final List<Consumer<String>> refusalListeners = new CopyOnWriteArrayList<>();
    private boolean probed;
    private boolean lookAgain; // a session was lost: was it taken over?
    private boolean sessionOpened; // the broker accepted the current connect (CONNACK), connected or not yet
    private Runnable beforeFirstConnect = () -> { };
    private double probeSeconds = -1; // < 0: from the other node's Birth
    private int nextRingSeq;   // the ring seq the next status is expected to carry
    private int seqBase;       // the ring seq that is seq 0 in this Birth's numbering
    private long nextAttemptNanos;
    private long backoffNanos = MIN_BACKOFF_NANOS;
    private MqttClient client;
    private MqttTopic statusTopic;
    private static final int OUTBOX_IN_FLIGHT = 32;

    private record InFlight(long seq, IMqttToken token) {
    }

    /** Outbox entries handed to Paho on this connection, oldest first (session thread only). */
    private final java.util.ArrayDeque<InFlight> outboxInFlight = new java.util.ArrayDeque<>();
    private volatile boolean outboxWaiting;
    private long lastSentSeq = -1;
    private int outboxWindow = 1;
    private MqttTopic alarmTopic;
    /** The last Birth handed to Paho on this connection, until its PUBACK (session thread only). */
    private IMqttToken birthInFlight;
    private MqttTopic resultTopic;
    private static final int STATUSES_IN_FLIGHT = 64; // a power of two; 6 s of statuses at the fastest cadence
    private final MqttToken[] statusesInFlight = new MqttToken[STATUSES_IN_FLIGHT];

    /** Status-only session on a plain broker (kept for existing callers). */
    public StatusPublisher(String brokerUri, String nodeId, String firmwareVersion, StatusChannel channel,
                           StatusBuilder builder, LongSupplier nanoTime) {
        this(BrokerOptions.plain(brokerUri), nodeId, firmwareVersion, null, channel, builder, nanoTime);
    }

    /**
     * A full session: Birth from the configuration, TLS and credentials from {@code broker}.
     *
     * @throws IllegalArgumentException with one line naming the bad option (URI, TLS file, password file)
     */
    public StatusPublisher(BrokerOptions broker, ControllerConfig config, StatusChannel channel, StatusBuilder builder,
                           LongSupplier nanoTime) {
        this(broker, config.nodeId(), config.firmwareVersion(), config, channel, builder, nanoTime);
    }

    /**
     * Supervision off (bad MQTT options): never connects; statuses are built for the listeners
     * (the console line) and counted as dropped, alarm events wait in the outbox.
     */
    public static StatusPublisher offline(ControllerConfig config, StatusChannel channel, StatusBuilder builder, LongSupplier nanoTime) {
        return new StatusPublisher(null, config.nodeId(), config.firmwareVersion(), config, channel, builder, nanoTime);
    }

    private StatusPublisher(BrokerOptions broker, String nodeId, String firmwareVersion, ControllerConfig config,
                            StatusChannel channel, StatusBuilder builder, LongSupplier nanoTime) {
        this.broker = broker; // null: offline
        this.baseOptions = broker == null ? null : broker.mqtt5();
        this.nodeId = nodeId;
        this.firmwareVersion = firmwareVersion;
        this.config = config;
        this.channel = channel;
        this.builder = builder;
        this.nanoTime = nanoTime;
        this.jitter = new SplittableRandom(nodeId.hashCode() ^ nanoTime.getAsLong());
        this.thread = new Thread(this::loop, "cryo-mqtt-status");
        this.thread.setDaemon(true);
    }

    /** Alarm events and command results go through this outbox (required for commands). */
    public StatusPublisher outbox(Outbox box) {
        this.outbox = box;
        return this;
    }

    /** Publishes the alarm events this sink stores (it must write to the same outbox). */
    public StatusPublisher alarms(AlarmOutboxSink sink) {
        this.alarmSink = sink;
        return this;
    }

    /** Subscribes to cmd and feeds the adapter; needs an outbox. */
    public StatusPublisher commands(CommandAdapter adapter) {
        this.commands = adapter;
        return this;
    }

    /**
     * Told once, on the publisher thread, with one line when the session refuses to run: another
     * live node has this id (seen before connecting, or it took the session over).
     */
    public StatusPublisher onRefused(Consumer<String> listener) {
        refusalListeners.add(listener);
        return this;
    }

    /** How long the identity probe waits for a live node's status (tests); default from its Birth. */
    public StatusPublisher probeSeconds(double seconds) {
        this.probeSeconds = seconds;
        return this;
    }

    /** This process's instance id (random per start), carried by every Birth and Death it publishes. */
    public String instanceId() {
        return instanceId;
    }

    /** Test hook: runs on the session thread after the first look found nobody, before the first connect. */
    StatusPublisher beforeFirstConnect(Runnable hook) {
        this.beforeFirstConnect = hook;
        return this;
    }

    /** Why supervision stopped for another node of this id, or null. */
    public String refusal() {
        return refusal;
    }

    /** Called on the publisher thread with every status built (the console line, tests). */
    public void addListener(Consumer<Status> listener) {
        listeners.add(listener);
    }

    public StatusPublisher start() {
        if ((commands != null || alarmSink != null) && outbox == null) {
            throw new IllegalStateException("commands and alarm events need an outbox");
        }
        if (alarmSink != null) {
            alarmSink.attach(() -> connected ? bdSeq : -1, () -> LockSupport.unpark(thread));
        }
        if (commands != null) {
            commands.attach(outbox, () -> connected ? bdSeq : -1, () -> LockSupport.unpark(thread), this::requestRebirth);
        }
        channel.bindConsumer(thread);
        thread.start();
        return this;
    }

    /** Publishes the Birth again on the current session (RequestRebirth). Any thread. */
    public void requestRebirth() {
        rebirthRequested = true;
        LockSupport.unpark(thread);
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

    /** Statuses built but not published (broker away) since start. */
    public long dropped() {
        return droppedHere;
    }

    public long connects() {
        return connects;
    }

    public long birthsPublished() {
        return birthsPublished;
    }

    /** Alarm events stored in the outbox by the attached sink since start (0 without one). */
    public long alarmEvents() {
        AlarmOutboxSink s = alarmSink;
        return s == null ? 0 : s.appended();
    }

    public String lastError() {
        return lastError;
    }

    public boolean alive() {
        return thread.isAlive();
    }

    private void loop() {
        while (running) {
            try {
                if (connectionLost && connected) {
                    lostConnection(new IOException("connection lost"));
                }
                if (takenOver && refusal == null) {
                    refuse("node id '" + nodeId + "' was taken over on " + broker.uri() + " by another client with the same identity"
                            + " (MQTT session taken over): not reconnecting, supervision off, controlling on");
                }
                Birth other = otherBirth;
                if (other != null && refusal == null) {
                    standDown(other);
                }
                if (!connected && broker != null && refusal == null && nanoTime.getAsLong() >= nextAttemptNanos) {
                    if (!probed) {
                        probe();
                        if (refusal == null && probed) {
                            beforeFirstConnect.run();
                        }
                    } else if (lookAgain) {
                        lookAgain();
                    }
                    if (refusal == null) {
                        connect();
                    }
                }
                if (connected && rebirthRequested && (birthInFlight == null || birthInFlight.isComplete())) {
                    // one Birth in flight at a time: requests meanwhile fold into the next (it says the same, newer)
                    rebirthRequested = false;
                    publishBirth();
                }
                StatusSnapshot s;
                while ((s = channel.poll()) != null) {
                    int seq = (s.seq - seqBase) & 0xFF;
                    nextRingSeq = (s.seq + 1) & 0xFF;
                    CommandAdapter c = commands;
                    Status status = builder.build(s, seq, Math.max(bdSeq, 0), s.droppedBefore + droppedHere,
                            c == null ? 0 : c.refusedForLoad(), c == null ? 0 : c.unanswered());
                    channel.release();
                    lastStatus = status;
                    publish(status);
                    for (Consumer<Status> l : listeners) {
                        l.accept(status);
                    }
                }
                drainOutbox();
                outboxWaiting = !outboxInFlight.isEmpty();
            } catch (RuntimeException e) {
                lastError = "session: " + describe(e); // never let the session thread die
            }
            LockSupport.parkNanos(connected ? 50_000_000L : 10_000_000L);
        }
    }

    /**
     * Publishes outbox entries at QoS 1, up to {@link #OUTBOX_IN_FLIGHT} (and fewer than the
     * broker's Receive Maximum) awaiting their PUBACK at once (one at a time, a burst of 10,000 command results took 10 s), and marks delivered,
     * in order and with one write, every entry whose PUBACK came back. Entries in flight when the
     * connection drops stay in the outbox and go out again, historical, on the next connection.
     */
    private void drainOutbox() {
        Outbox box = outbox;
        if (box == null) {
            return;
        }
        try {
            long delivered = -1;
            InFlight f;
            while ((f = outboxInFlight.peekFirst()) != null && f.token().isComplete()) {
                if (f.token().getException() != null) {
                    lostConnection(f.token().getException());
                    return;
                }
                delivered = f.seq();
                outboxInFlight.removeFirst();
            }
            if (delivered >= 0) {
                box.markDelivered(delivered);
            }
            if (!connected || outboxInFlight.size() >= outboxWindow) {
                return;
            }
            for (Outbox.Entry e : box.peekAfter(lastSentSeq, outboxWindow - outboxInFlight.size())) {
                byte[] payload = e.payload();
                if (e.epoch() != bdSeq) {
                    payload = historical(e.kind(), payload);
                }
                MqttTopic t = e.kind() == Outbox.ALARM_EVENT ? alarmTopic : resultTopic;
                outboxInFlight.addLast(new InFlight(e.seq(), t.publish(payload, 1, false)));
                lastSentSeq = e.seq();
            }
        } catch (MqttException ex) {
            if (ex.getReasonCode() != org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                lostConnection(ex); // a full in-flight window only means: the rest goes out on the next pass
            }
        } catch (IOException ex) {
            lastError = "outbox: " + ex.getMessage();
        }
    }

    /** Waits (bounded) until the outbox is delivered, for a clean shutdown. */
    private void drainOutboxFully(long timeoutNanos) {
        long deadline = nanoTime.getAsLong() + timeoutNanos;
        while (connected && outbox != null && outbox.pending() > 0 && nanoTime.getAsLong() < deadline) {
            drainOutbox();
            LockSupport.parkNanos(1_000_000L);
        }
    }

    private static byte[] historical(byte kind, byte[] payload) {
        try {
            if (kind == Outbox.ALARM_EVENT) {
                return AlarmEvent.parseFrom(payload).toBuilder().setHistorical(true).build().toByteArray();
            }
            return CommandResult.parseFrom(payload).toBuilder().setHistorical(true).build().toByteArray();
        } catch (InvalidProtocolBufferException e) {
            return payload; // stored by us and CRC-checked: cannot happen; publish as stored
        }
    }

    /**
     * QoS 0 without waiting for Paho's sender thread to write it (the session goes back to sleep
     * at once instead of being woken again by the write). Bounded: at most
     * {@link #STATUSES_IN_FLIGHT} statuses wait in Paho; when the oldest of them is still not
     * done (a slow or stalled socket) the new one is dropped and counted like one built while
     * the broker is away.
     */
    private void publish(Status status) {
        MqttTopic t = statusTopic;
        if (!connected || t == null) {
            droppedHere++;
            return;
        }
        int slot = (int) (published & (STATUSES_IN_FLIGHT - 1));
        MqttToken oldest = statusesInFlight[slot];
        if (oldest != null && !oldest.isComplete()) {
            droppedHere++;
            return;
        }
        try {
            statusesInFlight[slot] = t.publish(status.toByteArray(), 0, false);
            published++;
        } catch (MqttException e) {
            droppedHere++;
            if (e.getReasonCode() != org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                lostConnection(e); // a full in-flight window only costs this status
            }
        }
    }

    /**
     * Once, before the first connect: is a node of this id alive on the broker? (Its retained
     * Birth and statuses flowing.) If so the session refuses to run: connecting with the same
     * client id would take the other node's session over and the two would knock each other off.
     */
    private void probe() {
        IdentityProbe.Result r = IdentityProbe.look(broker.uri(), copy(baseOptions), nodeId, instanceId, probeSeconds, false);
        probed = r.looked(); // not reached: look again before the next connect
        if (r.alive()) {
            refuse("node id '" + nodeId + "' is already alive on " + broker.uri() + " (" + r.evidence()
                    + "): not connecting as it, supervision off, controlling on");
        }
    }

    /**
     * After a lost connection, before reconnecting: a Birth of this node id from another instance,
     * with statuses flowing, means another process connected as this node and pushed this one off
     * (Mosquitto 2.0.11 says nothing to the one pushed off). Reconnecting would push it off in
     * turn, so this one stands down. Its own Birth, a Death or nothing: a plain outage, reconnect.
     */
    private void lookAgain() {
        IdentityProbe.Result r = IdentityProbe.look(broker.uri(), copy(baseOptions), nodeId, instanceId, probeSeconds, true);
        if (!r.looked()) {
            return; // broker still away: the connect fails too, and the next attempt looks again
        }
        lookAgain = false;
        if (r.alive()) {
            refuse("node id '" + nodeId + "' was taken over on " + broker.uri() + " (" + r.evidence() + "); this is instance " + instanceId + ": not reconnecting, supervision off, controlling on");
        }
    }

    /** Another instance published a Birth of this node id while this one is connected: leave it the id, without a Death. */
    private void standDown(Birth other) {
        refuse("node id '" + nodeId + "' is claimed on " + broker.uri() + " by instance " + other.getInstanceId() + " (its Birth bd_seq "
                + other.getBdSeq() + "); this is instance " + instanceId + ": leaving the session, not reconnecting, supervision off, controlling on");
        connected = false;
        MqttClient c = client;
        try {
            if (c != null && c.isConnected()) {
                c.disconnect(1000); // a normal DISCONNECT: the broker discards the will, no Death over the other's Birth
            }
        } catch (MqttException e) {
            try {
                c.disconnectForcibly(100, 100);
            } catch (MqttException ignored) {
                // gone either way
            }
        }
    }

    private static String newInstanceId() {
        byte[] b = new byte[8];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    private void refuse(String why) {
        refusal = why;
        lastError = why;
        for (Consumer<String> l : refusalListeners) {
            l.accept(why);
        }
    }

    private void connect() {
        long nextBdSeq = bdSeq + 1;
        try {
            if (client == null) {
                client = new MqttClient(broker.uri(), "cryo-" + nodeId, new MemoryPersistence());
                client.setTimeToWait(5000);
                client.setCallback(new Callback());
            }
            MqttConnectionOptions o = copy(baseOptions);
            o.setCleanStart(true);
            o.setSessionExpiryInterval(0L);
            o.setAutomaticReconnect(false);
            o.setConnectionTimeout(3);
            o.setKeepAliveInterval(5);
            o.setMaximumPacketSize(MAX_PACKET_BYTES);
            byte[] death = NodeState.newBuilder()
                    .setDeath(Death.newBuilder().setNodeId(nodeId).setBdSeq(nextBdSeq).setClean(false).setInstanceId(instanceId)).build().toByteArray();
            o.setWill(Topics.state(nodeId), new MqttMessage(death, 1, true, new MqttProperties()));
            connectionLost = false;
            IMqttToken connack = client.connectWithResult(o);
            sessionOpened = true;
            Integer receiveMaximum = connack.getResponseProperties() == null ? null : connack.getResponseProperties().getReceiveMaximum();
            // the broker's Receive Maximum bounds QoS 1 publishes awaiting a PUBACK, and Paho refuses
            // any publish, QoS 0 too, while that many wait: the outbox takes half, the rest is the Birth's
            outboxWindow = Math.max(1, Math.min(OUTBOX_IN_FLIGHT, (receiveMaximum == null ? 65_535 : receiveMaximum) / 2));
            statusTopic = client.getTopic(Topics.status(nodeId));
            alarmTopic = client.getTopic(Topics.alarm(nodeId));
            resultTopic = client.getTopic(Topics.cmdResult(nodeId));
            outboxInFlight.clear();
            lastSentSeq = -1;
            birthInFlight = null;
            java.util.Arrays.fill(statusesInFlight, null);
            bdSeq = nextBdSeq;
            connects++;
            // its own state, live only (retain handling 2): a Birth from another instance of this id
            MqttSubscription state = new MqttSubscription(Topics.state(nodeId), 1);
            state.setRetainHandling(2);
            if (commands != null) {
                MqttSubscription cmd = new MqttSubscription(Topics.cmd(nodeId), 1);
                cmd.setRetainHandling(2); // a retained command is never replayed at a connect
                client.subscribe(new MqttSubscription[] {cmd, state});
            } else {
                client.subscribe(new MqttSubscription[] {state});
            }
            connected = true;
            rebirthRequested = false;
            publishBirth();
            backoffNanos = MIN_BACKOFF_NANOS;
            lastError = "";
        } catch (MqttException | IllegalArgumentException e) {
            lostConnection(e);
        }
    }

    private static MqttConnectionOptions copy(MqttConnectionOptions b) {
        MqttConnectionOptions o = new MqttConnectionOptions();
        if (b.getUserName() != null) {
            o.setUserName(b.getUserName());
        }
        if (b.getPassword() != null) {
            o.setPassword(b.getPassword());
        }
        if (b.getSocketFactory() != null) {
            o.setSocketFactory(b.getSocketFactory());
        }
        o.setHttpsHostnameVerificationEnabled(b.isHttpsHostnameVerificationEnabled());
        return o;
    }

    /** The Birth as the node knows itself now (also used by tests and the watch command's docs). */
    public Birth birth() {
        Birth.Builder b = Birth.newBuilder()
                .setNodeId(nodeId).setInstanceId(instanceId).setFirmwareVersion(firmwareVersion).setBdSeq(Math.max(bdSeq, 0))
                .setMode(NodeMode.NODE_MODE_RUN)
                .addAllAlarms(alarmSink != null ? alarmSink.activeAlarms()
                        : lastStatus == null ? List.of() : lastStatus.getActiveAlarmsList());
        Status last = lastStatus;
        if (last != null) {
            b.setBoardTimeTicks(last.getBoardTimeTicks()); // board time of the newest status this node has built
        }
        if (config != null) {
            BirthBuilder.describe(b, config);
        }
        return b.build();
    }

    private void publishBirth() {
        try {
            // not waited for: behind a burst of command results its PUBACK can take longer than any
            // time-out, and a time-out here would cost the connection; Paho keeps the order, and a
            // lost connection means a new Birth anyway
            birthInFlight = client.getTopic(Topics.state(nodeId)).publish(NodeState.newBuilder().setBirth(birth()).build().toByteArray(), 1, true);
            seqBase = nextRingSeq; // the next status built is seq 0 of this Birth
            birthsPublished++;
        } catch (MqttException e) {
            if (e.getReasonCode() == org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT) {
                rebirthRequested = true; // the broker's Receive Maximum is taken for now: the next pass sends it
                return;
            }
            lostConnection(e);
        }
    }

    private void lostConnection(Exception e) {
        if (connected || sessionOpened) {
            lookAgain = true; // pushed off by another instance (also between CONNACK and Birth), or a plain outage? look before reconnecting
        }
        sessionOpened = false;
        connected = false;
        outboxInFlight.clear(); // not marked delivered: they go out again on the next connection
        lastSentSeq = -1;
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

    static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = root.getMessage();
        return (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                + (root != e && m != null ? " (" + m + ")" : "");
    }

    /** Paho's callback thread: flags and hand-offs only, never blocking work. */
    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (response != null && response.getReturnCode() == MqttReturnCode.RETURN_CODE_SESSION_TAKEN_OVER) {
                takenOver = true; // another client connected with this node's client id: never fight it for the id
            }
            connectionLost = true;
            LockSupport.unpark(thread);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            lastError = "mqtt: " + describe(exception);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            CommandAdapter c = commands;
            if (c != null && Topics.cmd(nodeId).equals(topic)) {
                c.offer(message.getPayload());
            } else if (Topics.state(nodeId).equals(topic)) {
                try {
                    NodeState s = NodeState.parseFrom(message.getPayload());
                    if (s.hasBirth() && !instanceId.equals(s.getBirth().getInstanceId())) {
                        otherBirth = s.getBirth();
                        LockSupport.unpark(thread);
                    }
                } catch (InvalidProtocolBufferException e) {
                    // not a state (the ACL lets only this node's account write here): ignored
                }
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            if (outboxWaiting) {
                LockSupport.unpark(thread); // an outbox PUBACK: mark it and send the next (statuses wake nobody)
            }
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // the session thread connects and knows it
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no extended authentication
        }
    }

    /** Delivers what the outbox holds (bounded), publishes a clean Death and disconnects. */
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
            if (c.isConnected() && connected) {
                drainOutboxFully(2_000_000_000L);
            }
            if (c.isConnected()) {
                byte[] death = NodeState.newBuilder()
                        .setDeath(Death.newBuilder().setNodeId(nodeId).setBdSeq(bdSeq).setClean(true).setInstanceId(instanceId)).build().toByteArray();
                c.publish(Topics.state(nodeId), death, 1, true);
                c.disconnect(1000);
            }
            c.close();
        } catch (MqttException | RuntimeException ignored) {
            // shutting down: the will covers an unclean end
        }
    }
}
