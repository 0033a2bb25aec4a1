package cryo.controller.alarm;

import cryo.v1.AlarmEvent;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * The alarm journal: an append-only file of AlarmEvent records, each
 * {@code [u32 length][AlarmEvent bytes][u32 CRC-32 of those bytes]}, fsynced after every append
 * so an acknowledged event survives a power cut. On open, a torn or corrupt tail (a crash in
 * the middle of an append) is cut off at the last good record; everything before it is kept.
 *
 * <p>Thread contract: the dispatcher thread only (open and replay before it starts).
 */
public final class AlarmJournal implements AutoCloseable {
    private static final int MAX_RECORD_BYTES = 64 * 1024;
    private final Path path;
    private final FileChannel channel;
    private final List<AlarmEvent> replayed;
    private final CRC32 crc = new CRC32();

    private AlarmJournal(Path path, FileChannel channel, List<AlarmEvent> replayed) {
        this.path = path;
        this.channel = channel;
        this.replayed = replayed;
    }

    /** Opens (creating if needed) and replays the journal; a torn tail is truncated. */
    public static AlarmJournal open(Path path) throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        List<AlarmEvent> events = new ArrayList<>();
        long good = replay(ch, events);
        if (good < ch.size()) {
            ch.truncate(good);
            ch.force(true);
        }
        ch.position(good);
        return new AlarmJournal(path, ch, List.copyOf(events));
    }

    private static long replay(FileChannel ch, List<AlarmEvent> out) throws IOException {
        long size = ch.size();
        long pos = 0;
        ByteBuffer header = ByteBuffer.allocate(4);
        CRC32 crc = new CRC32();
        while (pos + 8 <= size) {
            header.clear();
            ch.read(header, pos);
            int len = header.getInt(0);
            if (len < 0 || len > MAX_RECORD_BYTES || pos + 8 + len > size) {
                break;
            }
            ByteBuffer body = ByteBuffer.allocate(len + 4);
            ch.read(body, pos + 4);
            crc.reset();
            crc.update(body.array(), 0, len);
            if ((int) crc.getValue() != body.getInt(len)) {
                break;
            }
            try {
                out.add(AlarmEvent.parseFrom(ByteBuffer.wrap(body.array(), 0, len)));
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                break;
            }
            pos += 8 + len;
        }
        return pos;
    }

    /** Appends one event and fsyncs before returning. */
    public void append(AlarmEvent event) throws IOException {
        byte[] bytes = event.toByteArray();
        crc.reset();
        crc.update(bytes, 0, bytes.length);
        ByteBuffer b = ByteBuffer.allocate(bytes.length + 8);
        b.putInt(bytes.length).put(bytes).putInt((int) crc.getValue()).flip();
        while (b.hasRemaining()) {
            channel.write(b);
        }
        channel.force(false);
    }

    /** The events found on open, oldest first. */
    public List<AlarmEvent> replayed() {
        return replayed;
    }

    public Path path() {
        return path;
    }

    /** Reads a journal without opening it for writing (e.g. a supervisor tool or an outbox catching up). */
    public static List<AlarmEvent> read(Path path) throws IOException {
        if (!Files.exists(path)) {
            return List.of();
        }
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            List<AlarmEvent> events = new ArrayList<>();
            replay(ch, events);
            return events;
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
