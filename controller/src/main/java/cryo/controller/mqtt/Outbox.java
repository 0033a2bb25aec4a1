package cryo.controller.mqtt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The never-lost path for alarm events and command results: every message is forced to an
 * append-only file before anyone may rely on it, then published in order at QoS 1; only after
 * the broker's PUBACK is it marked delivered (an ack record in the same file). Survives broker
 * outages and controller restarts; on restart the undelivered entries are replayed in order.
 *
 * <p>Bounded: at most {@code maxPending} undelivered entries. Beyond that the oldest is dropped
 * and counted ({@link #overflowDropped}) — a supervisor sees the gap in event ids. The file is
 * compacted to the undelivered entries once it grows past a few times their size.
 *
 * <p>Thread-safe (synchronized): the command thread (results) and the alarm dispatcher thread
 * (alarm events, through {@link AlarmOutboxSink}) append; only the session thread publishes.
 * Never touched by the ring thread.
 */
public final class Outbox implements AutoCloseable {
    public static final byte ALARM_EVENT = 1;
    public static final byte COMMAND_RESULT = 2;
    private static final byte DELIVERED = 0;
    private static final byte SEQ_FLOOR = 3;
    private static final long COMPACT_MIN_BYTES = 256 * 1024;

    /** One undelivered message. {@code epoch} is the connection it was appended in (-1: none/earlier run). */
    public record Entry(long seq, byte kind, byte[] payload, long epoch, long kindSeq) {
    }

    private final RecordLog log;
    private final int maxPending;
    private final ArrayDeque<Entry> pending = new ArrayDeque<>();
    private long nextSeq = 1;
    /** Per kind, the last kind sequence handed out (alarm event ids are the ALARM_EVENT sequence: gap-free). */
    private final long[] lastKindSeq = new long[4];
    private long overflowDropped;
    private long replayedOnOpen;

    private Outbox(RecordLog log, int maxPending) {
        this.log = log;
        this.maxPending = maxPending;
    }

    /** Opens the outbox in {@code dir} (file {@code outbox.log}), loading what was not delivered. */
    public static Outbox open(Path dir, int maxPending) throws IOException {
        if (maxPending < 1) {
            throw new IllegalArgumentException("outbox maxPending " + maxPending + " must be >= 1");
        }
        List<Entry> loaded = new ArrayList<>();
        long[] delivered = {0};
        long[] maxSeq = {0};
        long[] kindSeq = new long[4];
        RecordLog log = RecordLog.open(dir.resolve("outbox.log"), (kind, body) -> {
            if (body.length < 8) {
                return;
            }
            ByteBuffer b = ByteBuffer.wrap(body);
            long seq = b.getLong();
            maxSeq[0] = Math.max(maxSeq[0], seq);
            if (kind == DELIVERED) {
                delivered[0] = Math.max(delivered[0], seq);
            } else if (kind == SEQ_FLOOR) {
                for (int k = 1; k <= 2 && b.remaining() >= 8; k++) {
                    kindSeq[k] = Math.max(kindSeq[k], b.getLong());
                }
            } else if ((kind == ALARM_EVENT || kind == COMMAND_RESULT) && b.remaining() >= 8) {
                long ks = b.getLong();
                kindSeq[kind] = Math.max(kindSeq[kind], ks);
                byte[] payload = new byte[b.remaining()];
                b.get(payload);
                loaded.add(new Entry(seq, kind, payload, -1, ks));
            }
        });
        Outbox o = new Outbox(log, maxPending);
        o.nextSeq = maxSeq[0] + 1;
        System.arraycopy(kindSeq, 0, o.lastKindSeq, 0, kindSeq.length);
        for (Entry e : loaded) {
            if (e.seq() > delivered[0]) {
                o.pending.addLast(e);
            }
        }
        while (o.pending.size() > maxPending) {
            o.pending.removeFirst();
            o.overflowDropped++;
        }
        o.replayedOnOpen = o.pending.size();
        return o;
    }

    /**
     * Forces a message to disk and queues it for publishing. The payload builder gets the entry's
     * sequence within its kind (1, 2, 3, … per kind, gap-free and monotonic across restarts), so
     * alarm event ids let a supervisor see a lost event as a gap.
     */
    public synchronized Entry append(byte kind, java.util.function.LongFunction<byte[]> payloadForKindSeq, long epoch) throws IOException {
        checkKind(kind);
        long kindSeq = lastKindSeq[kind] + 1;
        return write(kind, kindSeq, payloadForKindSeq.apply(kindSeq), epoch);
    }

    /**
     * Forces a message whose kind sequence the caller owns (alarm events carry the interlock's
     * event id) to disk and queues it. {@code kindSeq} must exceed {@link #lastKindSeq}: a
     * message already stored is refused, which is how a replay after a restart stays unrepeated.
     *
     * @return the entry, or null when {@code kindSeq} was already stored (nothing written)
     */
    public synchronized Entry appendWithKindSeq(byte kind, long kindSeq, byte[] payload, long epoch) throws IOException {
        checkKind(kind);
        if (kindSeq <= lastKindSeq[kind]) {
            return null;
        }
        return write(kind, kindSeq, payload, epoch);
    }

    /** The highest kind sequence stored so far (kept across compaction and restarts). */
    public synchronized long lastKindSeq(byte kind) {
        checkKind(kind);
        return lastKindSeq[kind];
    }

    private static void checkKind(byte kind) {
        if (kind != ALARM_EVENT && kind != COMMAND_RESULT) {
            throw new IllegalArgumentException("outbox kind " + kind);
        }
    }

    /**
     * Forces command results to disk with one fsync for all of them and queues them in order
     * (a burst of refusals for load must not cost one fsync each).
     */
    public synchronized void appendResults(List<byte[]> payloads, long epoch) throws IOException {
        List<byte[]> bodies = new java.util.ArrayList<>(payloads.size());
        long seq = nextSeq;
        long kindSeq = lastKindSeq[COMMAND_RESULT];
        for (byte[] p : payloads) {
            bodies.add(body(seq++, ++kindSeq, p));
        }
        log.appendAll(COMMAND_RESULT, bodies);
        for (byte[] p : payloads) {
            queued(COMMAND_RESULT, ++lastKindSeq[COMMAND_RESULT], p, epoch);
        }
    }

    private static byte[] body(long seq, long kindSeq, byte[] payload) {
        ByteBuffer body = ByteBuffer.allocate(16 + payload.length);
        body.putLong(seq).putLong(kindSeq).put(payload);
        return body.array();
    }

    private Entry write(byte kind, long kindSeq, byte[] payload, long epoch) throws IOException {
        log.append(kind, body(nextSeq, kindSeq, payload));
        lastKindSeq[kind] = kindSeq;
        return queued(kind, kindSeq, payload, epoch);
    }

    private Entry queued(byte kind, long kindSeq, byte[] payload, long epoch) {
        long seq = nextSeq;
        nextSeq = seq + 1;
        Entry e = new Entry(seq, kind, payload, epoch, kindSeq);
        pending.addLast(e);
        if (pending.size() > maxPending) {
            pending.removeFirst();
            overflowDropped++;
        }
        return e;
    }

    /** Up to {@code max} undelivered entries after {@code afterSeq}, oldest first (for publishing several in flight). */
    public synchronized List<Entry> peekAfter(long afterSeq, int max) {
        List<Entry> out = new ArrayList<>(Math.min(max, pending.size()));
        for (Entry e : pending) {
            if (out.size() >= max) {
                break;
            }
            if (e.seq() > afterSeq) {
                out.add(e);
            }
        }
        return out;
    }

    /** The oldest undelivered entry, or null. */
    public synchronized Entry peek() {
        return pending.peekFirst();
    }

    /** Marks everything up to {@code seq} delivered (after the broker acknowledged it). */
    public synchronized void markDelivered(long seq) throws IOException {
        boolean removed = false;
        while (!pending.isEmpty() && pending.peekFirst().seq() <= seq) {
            pending.removeFirst();
            removed = true;
        }
        if (!removed) {
            return;
        }
        log.append(DELIVERED, ByteBuffer.allocate(8).putLong(seq).array());
        long live = 0;
        for (Entry e : pending) {
            live += e.payload().length + 25L + 8;
        }
        if (log.sizeBytes() > Math.max(COMPACT_MIN_BYTES, 4 * live)) {
            compact(seq);
        }
    }

    private void compact(long deliveredSeq) throws IOException {
        List<RecordLog.Rec> keep = new ArrayList<>(pending.size() + 1);
        // keeps the sequence floor, so sequence numbers (and alarm event ids) never go back
        keep.add(new RecordLog.Rec(SEQ_FLOOR, ByteBuffer.allocate(24).putLong(nextSeq - 1)
                .putLong(lastKindSeq[ALARM_EVENT]).putLong(lastKindSeq[COMMAND_RESULT]).array()));
        keep.add(new RecordLog.Rec(DELIVERED, ByteBuffer.allocate(8).putLong(deliveredSeq).array()));
        for (Entry e : pending) {
            ByteBuffer body = ByteBuffer.allocate(16 + e.payload().length);
            body.putLong(e.seq()).putLong(e.kindSeq()).put(e.payload());
            keep.add(new RecordLog.Rec(e.kind(), body.array()));
        }
        log.rewrite(keep);
    }

    public synchronized int pending() {
        return pending.size();
    }

    public synchronized long overflowDropped() {
        return overflowDropped;
    }

    /** Undelivered entries found on disk when opened (replayed as historical). */
    public synchronized long replayedOnOpen() {
        return replayedOnOpen;
    }

    public synchronized long fileBytes() {
        return log.sizeBytes();
    }

    @Override
    public synchronized void close() throws IOException {
        log.close();
    }
}
