package cryo.workstation.exporter;

import com.google.protobuf.InvalidProtocolBufferException;
import cryo.controller.mqtt.Topics;
import cryo.v1.AlarmEvent;
import cryo.v1.NodeState;
import cryo.v1.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Every node on the broker as the exporter last heard it. Messages come in on the MQTT thread;
 * scrapes and the dashboard read on HTTP threads; one lock (this object's monitor) guards all of
 * it, and {@link #awaitChange} waits on it. The node id is the topic's: a payload naming another
 * node is rejected and counted, never filed under either. Bad input is counted in
 * {@link ExporterMetrics}, never thrown.
 */
final class Fleet {
    /** Larger payloads are not decoded (a status of a full node is a few kB). */
    static final int MAX_PAYLOAD_BYTES = 256 * 1024;
    /** More distinct node ids than this on one broker are refused (a typo loop must not fill the heap). */
    static final int MAX_NODES = 10_000;

    private final ExporterMetrics metrics;
    private final LongSupplier nanos;
    private final DoubleSupplier epochSeconds;
    private final Supplier<History> histories;
    private final Map<String, NodeView> nodes = new TreeMap<>();
    private long version;
    private boolean brokerConnected;
    /** Told of every status taken, with the time it was taken (the benchmark measures ingest lag with it). */
    private volatile java.util.function.ObjLongConsumer<Status> probe = (s, t) -> { };

    Fleet(ExporterMetrics metrics, LongSupplier nanos, DoubleSupplier epochSeconds, Supplier<History> histories) {
        this.metrics = metrics;
        this.nanos = nanos;
        this.epochSeconds = epochSeconds;
        this.histories = histories;
    }

    void onStatus(String topic, byte[] payload) {
        String node = checkedNode(topic, payload, "status");
        if (node == null) {
            return;
        }
        Status s;
        try {
            s = Status.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            metrics.rejected("undecodable");
            return;
        }
        if (!node.equals(s.getNodeId())) {
            metrics.rejected("node_id_mismatch");
            return;
        }
        synchronized (this) {
            NodeView v = view(node);
            if (v == null) {
                return;
            }
            if ((long) s.getBdSeq() <= v.deadBdSeq || (long) s.getBdSeq() < v.bdSeq) {
                metrics.rejected("old_session"); // in flight when its session ended
                return;
            }
            v.bdSeq = s.getBdSeq();
            long now = nanos.getAsLong();
            v.take(s, now, epochSeconds.getAsDouble());
            changed();
            probe.accept(s, now);
        }
    }

    void probe(java.util.function.ObjLongConsumer<Status> p) {
        probe = p;
    }

    void onState(String topic, byte[] payload) {
        if (payload.length == 0) {
            return; // a retained state cleared: nothing to say about the node
        }
        String node = checkedNode(topic, payload, "state");
        if (node == null) {
            return;
        }
        NodeState st;
        try {
            st = NodeState.parseFrom(payload);
        } catch (InvalidProtocolBufferException e) {
            metrics.rejected("undecodable");
            return;
        }
        String named = st.hasBirth() ? st.getBirth().getNodeId() : st.hasDeath() ? st.getDeath().getNodeId() : null;
        if (named == null) {
            metrics.rejected("undecodable");
            return;
        }
        if (!node.equals(named)) {
            metrics.rejected("node_id_mismatch");
            return;
        }
        synchronized (this) {
            NodeView v = view(node);
            if (v == null) {
                return;
            }
            if (st.hasBirth()) {
                long bd = st.getBirth().getBdSeq();
                if (bd < v.bdSeq || bd <= v.deadBdSeq) {
                    metrics.rejected("old_session");
                    return;
                }
                v.bdSeq = bd;
                v.up = NodeView.Up.UP;
                v.firmware = st.getBirth().getFirmwareVersion();
                v.runbookBaseUrl = st.getBirth().getRunbookBaseUrl();
                if (st.getBirth().getStatusIntervalSeconds() > 0) {
                    v.statusIntervalSeconds = st.getBirth().getStatusIntervalSeconds();
                }
            } else {
                long bd = st.getDeath().getBdSeq();
                if (bd < v.bdSeq) {
                    metrics.rejected("old_session"); // the will of a session a newer Birth replaced
                    return;
                }
                v.deadBdSeq = bd;
                v.up = NodeView.Up.DOWN;
                v.last = null; // its values are no longer the fridge's: shown as unknown, not as last good
            }
            v.version++;
            changed();
        }
    }

    void onAlarm(String topic, byte[] payload) {
        String node = checkedNode(topic, payload, "alarm");
        if (node == null) {
            return;
        }
        try {
            AlarmEvent e = AlarmEvent.parseFrom(payload);
            if (!node.equals(e.getNodeId())) {
                metrics.rejected("node_id_mismatch");
            }
            // the active set arrives in every status; the event itself is only counted
        } catch (InvalidProtocolBufferException e) {
            metrics.rejected("undecodable");
        }
    }

    /** The broker went away: nothing is known of any node until it is back and they speak again. */
    synchronized void brokerLost() {
        brokerConnected = false;
        metrics.brokerConnected(false);
        for (NodeView v : nodes.values()) {
            v.up = NodeView.Up.UNKNOWN;
            v.last = null;
            v.version++;
        }
        changed();
    }

    synchronized void brokerConnected() {
        brokerConnected = true;
        metrics.brokerConnected(true);
        changed();
    }

    synchronized boolean isBrokerConnected() {
        return brokerConnected;
    }

    /** The node id of a topic, counting the message; null (and counted) when it is not acceptable. */
    private String checkedNode(String topic, byte[] payload, String kind) {
        metrics.message(kind);
        String node = Topics.nodeOf(topic);
        if (node == null || node.isEmpty()) {
            metrics.rejected("bad_topic");
            return null;
        }
        if (payload.length > MAX_PAYLOAD_BYTES) {
            metrics.rejected("too_large");
            return null;
        }
        return node;
    }

    private NodeView view(String node) {
        NodeView v = nodes.get(node);
        if (v == null) {
            if (nodes.size() >= MAX_NODES) {
                metrics.rejected("too_many_nodes");
                return null;
            }
            v = new NodeView(node, histories.get());
            nodes.put(node, v);
        }
        return v;
    }

    private void changed() {
        version++;
        notifyAll();
    }

    /** Runs {@code reader} under the lock with every node, in node-id order (scrapes, dashboard). */
    synchronized <T> T read(java.util.function.Function<List<NodeView>, T> reader) {
        return reader.apply(new ArrayList<>(nodes.values()));
    }

    synchronized long version() {
        return version;
    }

    /** Waits until the fleet changed after {@code seen}, at most {@code timeoutMillis}; returns the version now. */
    synchronized long awaitChange(long seen, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (version == seen) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            if (left <= 0) {
                break;
            }
            wait(left);
        }
        return version;
    }

    long nanos() {
        return nanos.getAsLong();
    }

    double epochSeconds() {
        return epochSeconds.getAsDouble();
    }
}
