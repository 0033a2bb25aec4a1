package cryo.controller.mqtt;

import com.google.protobuf.InvalidProtocolBufferException;
import cryo.v1.CommandResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * At most once: remembers the last {@code capacity} correlation ids, whether each is in flight or
 * answered (and the answer), persisted in an append-only file so a restart does not forget. An id
 * received but never answered before a restart is answered "outcome unknown" — the controller
 * cannot know whether the ring applied it, so it refuses to apply it again.
 *
 * <p>Beyond the capacity the oldest id is forgotten; the ledger keeps the newest issue time among
 * forgotten ids ({@link #forgottenIssuedUnixMillis}, restored on open), so a signed command issued
 * no later than that and unknown here may be a replay of a forgotten id (see CommandAdapter).
 *
 * <p>Thread-safe (synchronized); used by the command thread only in practice.
 */
public final class CommandLedger implements AutoCloseable {
    private static final byte RECEIVED = 1;
    private static final byte ANSWERED = 2;
    private static final byte FORGOTTEN = 3;
    private static final byte RECEIVED_AT = 4; // RECEIVED plus the command's issue time
    private static final byte HORIZON = 5;     // forgottenIssuedUnixMillis, written by compaction
    static final String UNKNOWN_AFTER_RESTART =
            "outcome unknown: the controller restarted while applying it; check the status and resend under a new correlation id";

    /** What the ledger knows of an id. {@code answer} is null while the command is in flight; issue time 0 = unknown. */
    public record Seen(byte[] commandHash, CommandResult answer, long issuedUnixMillis) {
    }

    /** The last {@code capacity} ids in arrival order; evicting one moves the horizon. */
    private static final class Lru extends LinkedHashMap<String, Seen> {
        private final int capacity;
        long forgottenIssuedUnixMillis;

        Lru(int capacity) {
            super(Math.min(capacity, 1024), 0.75f, false);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
            if (size() <= capacity) {
                return false;
            }
            forgottenIssuedUnixMillis = Math.max(forgottenIssuedUnixMillis, eldest.getValue().issuedUnixMillis());
            return true;
        }
    }

    private final RecordLog log; // null: memory only
    private final Lru seen;
    private final int capacity;

    private CommandLedger(RecordLog log, int capacity, Lru seen) {
        this.log = log;
        this.capacity = capacity;
        this.seen = seen;
    }

    /** Memory only (tests, or no state directory). */
    public static CommandLedger inMemory(int capacity) {
        return new CommandLedger(null, capacity, new Lru(capacity));
    }

    /** Opens {@code dir/commands.log}, restoring what it remembers. */
    public static CommandLedger open(Path dir, int capacity) throws IOException {
        if (capacity < 1) {
            throw new IllegalArgumentException("command ledger capacity " + capacity + " must be >= 1");
        }
        Lru seen = new Lru(capacity);
        int[] records = {0};
        RecordLog log = RecordLog.open(dir.resolve("commands.log"), (kind, body) -> {
            records[0]++;
            try {
                if (kind == RECEIVED || kind == RECEIVED_AT) {
                    ByteBuffer b = ByteBuffer.wrap(body);
                    byte[] id = new byte[b.getShort() & 0xFFFF];
                    b.get(id);
                    long issued = kind == RECEIVED_AT ? b.getLong() : 0;
                    byte[] hash = new byte[b.remaining()];
                    b.get(hash);
                    seen.put(new String(id, StandardCharsets.UTF_8), new Seen(hash, null, issued));
                } else if (kind == ANSWERED) {
                    CommandResult r = CommandResult.parseFrom(body);
                    Seen s = seen.get(r.getCorrelationId());
                    seen.put(r.getCorrelationId(), new Seen(s == null ? new byte[0] : s.commandHash(), r, s == null ? 0 : s.issuedUnixMillis()));
                } else if (kind == FORGOTTEN) {
                    seen.remove(new String(body, StandardCharsets.UTF_8));
                } else if (kind == HORIZON) {
                    seen.forgottenIssuedUnixMillis = Math.max(seen.forgottenIssuedUnixMillis, ByteBuffer.wrap(body).getLong());
                }
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                // a record we cannot read is skipped; the CRC already vouched for its bytes
            }
        });
        for (Map.Entry<String, Seen> e : seen.entrySet()) {
            if (e.getValue().answer() == null) {
                e.setValue(new Seen(e.getValue().commandHash(), CommandResult.newBuilder()
                        .setCorrelationId(e.getKey()).setAccepted(false).setReason(UNKNOWN_AFTER_RESTART).build(),
                        e.getValue().issuedUnixMillis()));
            }
        }
        CommandLedger ledger = new CommandLedger(log, capacity, seen);
        if (records[0] > 4 * capacity + 16) {
            ledger.compact();
        }
        return ledger;
    }

    /**
     * Records a new id as in flight and returns null, or returns what is known of an id seen
     * before (nothing is recorded then).
     */
    public synchronized Seen begin(String correlationId, byte[] commandHash) throws IOException {
        return begin(correlationId, commandHash, 0);
    }

    /** As {@link #begin(String, byte[])}, remembering the command's issue time (for the forgotten-id horizon). */
    public synchronized Seen begin(String correlationId, byte[] commandHash, long issuedUnixMillis) throws IOException {
        Seen s = beginUnforced(correlationId, commandHash, issuedUnixMillis);
        if (s == null) {
            sync();
        }
        return s;
    }

    /**
     * As {@link #begin(String, byte[], long)} without forcing the record to disk: the caller
     * calls {@link #sync} before it submits the command (a batch of commands costs one fsync).
     */
    public synchronized Seen beginUnforced(String correlationId, byte[] commandHash, long issuedUnixMillis) throws IOException {
        Seen s = seen.get(correlationId);
        if (s != null) {
            return s;
        }
        if (log != null) {
            log.appendUnforced(RECEIVED_AT, received(correlationId, issuedUnixMillis, commandHash));
        }
        seen.put(correlationId, new Seen(commandHash, null, issuedUnixMillis));
        return null;
    }

    private static byte[] received(String correlationId, long issuedUnixMillis, byte[] hash) {
        byte[] id = correlationId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + id.length + 8 + hash.length).putShort((short) id.length).put(id).putLong(issuedUnixMillis)
                .put(hash).array();
    }

    /** The newest issue time among ids forgotten for capacity (0: none forgotten). */
    public synchronized long forgottenIssuedUnixMillis() {
        return seen.forgottenIssuedUnixMillis;
    }

    /** True when the ledger does not know this id but may have known and forgotten it (issued no later than a forgotten one). */
    public synchronized boolean mayHaveForgotten(String correlationId, long issuedUnixMillis) {
        return !seen.containsKey(correlationId) && issuedUnixMillis <= seen.forgottenIssuedUnixMillis;
    }

    /** Records the first answer of an id. */
    public synchronized void answer(CommandResult result) throws IOException {
        answerUnforced(result);
        sync();
    }

    /** Forces the records of {@link #answerUnforced} and the unforced {@code begin} to disk: one fsync for a batch. */
    public synchronized void sync() throws IOException {
        if (log != null) {
            log.force();
        }
    }

    /** As {@link #answer} without forcing: the caller calls {@link #sync} before the answer is published. */
    public synchronized void answerUnforced(CommandResult result) throws IOException {
        Seen s = seen.get(result.getCorrelationId());
        if (log != null) {
            log.appendUnforced(ANSWERED, result.toByteArray());
        }
        seen.put(result.getCorrelationId(), new Seen(s == null ? new byte[0] : s.commandHash(), result, s == null ? 0 : s.issuedUnixMillis()));
    }

    /** Forgets an id that was never applied (the ring was full), so a retry may run it. */
    public synchronized void forget(String correlationId) throws IOException {
        forgetUnforced(correlationId);
        sync();
    }

    /** As {@link #forget} without forcing: the caller calls {@link #sync}. */
    public synchronized void forgetUnforced(String correlationId) throws IOException {
        if (seen.remove(correlationId) != null && log != null) {
            log.appendUnforced(FORGOTTEN, correlationId.getBytes(StandardCharsets.UTF_8));
        }
    }

    public synchronized int size() {
        return seen.size();
    }

    static boolean sameCommand(Seen s, byte[] hash) {
        return s.commandHash().length == 0 || Arrays.equals(s.commandHash(), hash);
    }

    private void compact() throws IOException {
        List<RecordLog.Rec> keep = new ArrayList<>(seen.size() * 2 + 1);
        keep.add(new RecordLog.Rec(HORIZON, ByteBuffer.allocate(8).putLong(seen.forgottenIssuedUnixMillis).array()));
        for (Map.Entry<String, Seen> e : seen.entrySet()) {
            keep.add(new RecordLog.Rec(RECEIVED_AT, received(e.getKey(), e.getValue().issuedUnixMillis(), e.getValue().commandHash())));
            keep.add(new RecordLog.Rec(ANSWERED, e.getValue().answer().toByteArray()));
        }
        log.rewrite(keep);
    }

    @Override
    public synchronized void close() throws IOException {
        if (log != null) {
            log.close();
        }
    }
}
