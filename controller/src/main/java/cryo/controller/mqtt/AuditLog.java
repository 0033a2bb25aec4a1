package cryo.controller.mqtt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Every command, accepted or refused, one line each, forced to disk: wall time, correlation id,
 * operator id, key id, action, verdict and reason. Append-only; rotate it with the system's
 * logrotate (copytruncate). Thread-safe.
 */
public final class AuditLog implements AutoCloseable {
    private final FileChannel file; // null: lines go to the sink only
    private final LongSupplier wallMillis;
    private final Consumer<String> sink;
    private long lines;

    private AuditLog(FileChannel file, LongSupplier wallMillis, Consumer<String> sink) {
        this.file = file;
        this.wallMillis = wallMillis;
        this.sink = sink;
    }

    public static AuditLog open(Path path, LongSupplier wallMillis) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return new AuditLog(FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND),
                wallMillis, l -> { });
    }

    /** No file: lines go to {@code sink} (tests). */
    public static AuditLog toSink(LongSupplier wallMillis, Consumer<String> sink) {
        return new AuditLog(null, wallMillis, sink);
    }

    /** One audit line's fields. */
    public record Line(String event, String correlationId, String operatorId, String keyId, String action, String verdict,
                       String reason) {
    }

    public synchronized void record(String event, String correlationId, String operatorId, String keyId, String action,
                                    String verdict, String reason) {
        recordAll(java.util.List.of(new Line(event, correlationId, operatorId, keyId, action, verdict, reason)));
    }

    /** Several lines forced to disk once (a burst of refusals for load must not cost one fsync each). */
    public synchronized void recordAll(java.util.List<Line> events) {
        StringBuilder all = new StringBuilder();
        for (Line e : events) {
            String line = Instant.ofEpochMilli(wallMillis.getAsLong()) + " " + e.event()
                    + " id=" + quote(e.correlationId()) + " operator=" + quote(e.operatorId()) + " key=" + quote(e.keyId())
                    + " action=" + e.action() + " verdict=" + e.verdict() + " reason=" + quote(e.reason()) + "\n";
            lines++;
            sink.accept(line);
            all.append(line);
        }
        if (file != null) {
            try {
                ByteBuffer b = ByteBuffer.wrap(all.toString().getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    file.write(b);
                }
                file.force(false);
            } catch (IOException e) {
                throw new UncheckedIOException("audit log: " + e.getMessage(), e);
            }
        }
    }

    public synchronized long lines() {
        return lines;
    }

    private static String quote(String s) {
        if (s == null || s.isEmpty()) {
            return "\"\"";
        }
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '"' || ch == '\\') {
                b.append('\\').append(ch);
            } else if (Character.isISOControl(ch)) {
                b.append('?');
            } else {
                b.append(ch);
            }
        }
        return b.append('"').toString();
    }

    @Override
    public synchronized void close() throws IOException {
        if (file != null) {
            file.close();
        }
    }
}
