package cryo.controller.mqtt;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.zip.CRC32;

/**
 * An append-only file of framed records, each forced to disk before append returns:
 * {@code [int length][int crc32][byte kind][body]}. A torn or corrupt tail (power cut mid-write)
 * is cut off on open; everything before it is kept. Compaction writes a new file beside the old
 * one and renames it over, so a crash leaves either the old or the new file, never a mix.
 * Not thread-safe: the owner serialises access.
 */
final class RecordLog implements AutoCloseable {
    static final int MAX_BODY_BYTES = 1 << 20;
    private static final int HEADER_BYTES = 9;

    interface Visitor {
        void record(byte kind, byte[] body);
    }

    /** One record to write in {@link #rewrite}. */
    record Rec(byte kind, byte[] body) {
    }

    private final Path file;
    private FileChannel channel;
    private long sizeBytes;
    private long cutBytes;

    private RecordLog(Path file) {
        this.file = file;
    }

    /** Opens (creating) the log, hands every intact record to the visitor in order, cuts a torn tail. */
    static RecordLog open(Path file, Visitor visitor) throws IOException {
        RecordLog log = new RecordLog(file);
        Files.createDirectories(file.toAbsolutePath().getParent());
        log.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long good = log.scan(visitor);
        long size = log.channel.size();
        if (good < size) {
            log.cutBytes = size - good;
            log.channel.truncate(good);
            log.channel.force(true);
        }
        log.sizeBytes = good;
        log.channel.position(good);
        return log;
    }

    private long scan(Visitor visitor) throws IOException {
        long pos = 0;
        long size = channel.size();
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES);
        while (pos + HEADER_BYTES <= size) {
            header.clear();
            if (channel.read(header, pos) != HEADER_BYTES) {
                break;
            }
            header.flip();
            int length = header.getInt();
            int crc = header.getInt();
            byte kind = header.get();
            if (length < 0 || length > MAX_BODY_BYTES || pos + HEADER_BYTES + length > size) {
                break;
            }
            ByteBuffer body = ByteBuffer.allocate(length);
            while (body.hasRemaining()) {
                if (channel.read(body, pos + HEADER_BYTES + body.position()) < 0) {
                    break;
                }
            }
            if (body.hasRemaining() || crc(kind, body.array()) != crc) {
                break;
            }
            visitor.record(kind, body.array());
            pos += HEADER_BYTES + length;
        }
        return pos;
    }

    private static int crc(byte kind, byte[] body) {
        CRC32 c = new CRC32();
        c.update(kind);
        c.update(body);
        return (int) c.getValue();
    }

    private static ByteBuffer frame(byte kind, byte[] body) {
        if (body.length > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("record of " + body.length + " bytes over the " + MAX_BODY_BYTES + " byte limit");
        }
        ByteBuffer b = ByteBuffer.allocate(HEADER_BYTES + body.length);
        b.putInt(body.length).putInt(crc(kind, body)).put(kind).put(body).flip();
        return b;
    }

    /** Appends one record and forces it to disk. */
    void append(byte kind, byte[] body) throws IOException {
        write(kind, body);
        channel.force(false);
    }

    /** Appends one record without forcing it: the caller calls {@link #force} before anyone relies on it. */
    void appendUnforced(byte kind, byte[] body) throws IOException {
        write(kind, body);
    }

    /** Forces what {@link #appendUnforced} wrote (one fsync for a batch). */
    void force() throws IOException {
        channel.force(false);
    }

    /** Appends records and forces them to disk once (a burst costs one fsync, not one each). */
    void appendAll(byte kind, List<byte[]> bodies) throws IOException {
        for (byte[] body : bodies) {
            write(kind, body);
        }
        channel.force(false);
    }

    private void write(byte kind, byte[] body) throws IOException {
        ByteBuffer b = frame(kind, body);
        int n = b.remaining();
        while (b.hasRemaining()) {
            channel.write(b);
        }
        sizeBytes += n;
    }

    /** Replaces the whole log by these records, atomically (write beside, fsync, rename over). */
    void rewrite(List<Rec> records) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        long size = 0;
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            for (Rec r : records) {
                ByteBuffer b = frame(r.kind(), r.body());
                size += b.remaining();
                while (b.hasRemaining()) {
                    out.write(b);
                }
            }
            out.force(true);
        }
        channel.close();
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        forceDirectory(file.toAbsolutePath().getParent());
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        channel.position(channel.size());
        sizeBytes = size;
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every filesystem lets a directory be opened for sync; the rename is still atomic
        }
    }

    long sizeBytes() {
        return sizeBytes;
    }

    /** Bytes of torn or corrupt tail cut off on open (0 after a clean shutdown). */
    long cutBytes() {
        return cutBytes;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
