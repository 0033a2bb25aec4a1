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
 * <p>Thread-safe (synchronized); used by the command thread only in practice.
 */
public final class CommandLedger implements AutoCloseable {
    private static final byte RECEIVED = 1;
    private static final byte ANSWERED = 2;
    private static final byte FORGOTTEN = 3;
    static final String UNKNOWN_AFTER_RESTART =
            "outcome unknown: the controller restarted while applying it; check the status and resend under a new correlation id";

    /** What the ledger knows of an id. {@code answer} is null while the command is in flight. */
    public record Seen(byte[] commandHash, CommandResult answer) {
    }

    private final RecordLog log; // null: memory only
    private final LinkedHashMap<String, Seen> seen;
    private final int capacity;

    private CommandLedger(RecordLog log, int capacity, LinkedHashMap<String, Seen> seen) {
        this.log = log;
        this.capacity = capacity;
        this.seen = seen;
    }

    private static LinkedHashMap<String, Seen> lru(int capacity) {
        return new LinkedHashMap<>(Math.min(capacity, 1024), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Seen> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Memory only (tests, or no state directory). */
    public static CommandLedger inMemory(int capacity) {
        return new CommandLedger(null, capacity, lru(capacity));
    }

    /** Opens {@code dir/commands.log}, restoring what it remembers. */
    public static CommandLedger open(Path dir, int capacity) throws IOException {
        if (capacity < 1) {
            throw new IllegalArgumentException("command ledger capacity " + capacity + " must be >= 1");
        }
        LinkedHashMap<String, Seen> seen = lru(capacity);
        int[] records = {0};
        RecordLog log = RecordLog.open(dir.resolve("commands.log"), (kind, body) -> {
            records[0]++;
            try {
                if (kind == RECEIVED) {
                    ByteBuffer b = ByteBuffer.wrap(body);
                    byte[] id = new byte[b.getShort() & 0xFFFF];
                    b.get(id);
                    byte[] hash = new byte[b.remaining()];
                    b.get(hash);
                    seen.put(new String(id, StandardCharsets.UTF_8), new Seen(hash, null));
                } else if (kind == ANSWERED) {
                    CommandResult r = CommandResult.parseFrom(body);
                    Seen s = seen.get(r.getCorrelationId());
                    seen.put(r.getCorrelationId(), new Seen(s == null ? new byte[0] : s.commandHash(), r));
                } else if (kind == FORGOTTEN) {
                    seen.remove(new String(body, StandardCharsets.UTF_8));
                }
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                // a record we cannot read is skipped; the CRC already vouched for its bytes
            }
        });
        for (Map.Entry<String, Seen> e : seen.entrySet()) {
            if (e.getValue().answer() == null) {
                e.setValue(new Seen(e.getValue().commandHash(), CommandResult.newBuilder()
                        .setCorrelationId(e.getKey()).setAccepted(false).setReason(UNKNOWN_AFTER_RESTART).build()));
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
        Seen s = seen.get(correlationId);
        if (s != null) {
            return s;
        }
        if (log != null) {
            byte[] id = correlationId.getBytes(StandardCharsets.UTF_8);
            log.append(RECEIVED, ByteBuffer.allocate(2 + id.length + commandHash.length)
                    .putShort((short) id.length).put(id).put(commandHash).array());
        }
        seen.put(correlationId, new Seen(commandHash, null));
        return null;
    }

    /** Records the first answer of an id. */
    public synchronized void answer(CommandResult result) throws IOException {
        Seen s = seen.get(result.getCorrelationId());
        if (log != null) {
            log.append(ANSWERED, result.toByteArray());
        }
        seen.put(result.getCorrelationId(), new Seen(s == null ? new byte[0] : s.commandHash(), result));
    }

    /** Forgets an id that was never applied (the ring was full), so a retry may run it. */
    public synchronized void forget(String correlationId) throws IOException {
        if (seen.remove(correlationId) != null && log != null) {
            log.append(FORGOTTEN, correlationId.getBytes(StandardCharsets.UTF_8));
        }
    }

    public synchronized int size() {
        return seen.size();
    }

    static boolean sameCommand(Seen s, byte[] hash) {
        return s.commandHash().length == 0 || Arrays.equals(s.commandHash(), hash);
    }

    private void compact() throws IOException {
        List<RecordLog.Rec> keep = new ArrayList<>(seen.size() * 2);
        for (Map.Entry<String, Seen> e : seen.entrySet()) {
            byte[] id = e.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] hash = e.getValue().commandHash();
            keep.add(new RecordLog.Rec(RECEIVED, ByteBuffer.allocate(2 + id.length + hash.length)
                    .putShort((short) id.length).put(id).put(hash).array()));
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
