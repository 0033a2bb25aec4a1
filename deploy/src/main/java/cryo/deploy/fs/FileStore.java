package cryo.deploy.fs;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Every file operation the loader performs on its state and slots. Injectable so tests can count
 * each write, fsync and rename and cut the power at any one of them (see the test harness).
 *
 * <p>Durability contract, as on a POSIX file system: {@link #write} content survives a power cut
 * only after {@link #fsync} of that file; a created, renamed or deleted name survives only after
 * {@link #fsyncDirectory} of its parent directory.
 */
public interface FileStore {

    /** The whole content of a file; {@link java.nio.file.NoSuchFileException} when it is missing. */
    byte[] read(Path file) throws IOException;

    /** A file's size in bytes, without reading it (the default reads it: fine for in-memory stores). */
    default long size(Path file) throws IOException {
        return read(file).length;
    }

    /** The file's content as a stream (the default reads it whole: fine for in-memory stores). */
    default InputStream openRead(Path file) throws IOException {
        return new ByteArrayInputStream(read(file));
    }

    /**
     * As {@link #write}, with exactly {@code length} bytes taken from {@code in}: one write as far
     * as durability goes. The default reads them into memory; the real store streams.
     */
    default void writeFrom(Path file, InputStream in, long length) throws IOException {
        byte[] content = in.readNBytes((int) Math.min(Integer.MAX_VALUE, length));
        if (content.length != length) {
            throw new EOFException("expected " + length + " bytes for " + file + ", found " + content.length);
        }
        write(file, content);
    }

    boolean exists(Path path);

    boolean isDirectory(Path path);

    /** Names directly inside {@code dir}, sorted; empty when the directory is missing. */
    List<Path> list(Path dir) throws IOException;

    /** Creates or truncates {@code file} and writes {@code content} (not yet durable). */
    void write(Path file, byte[] content) throws IOException;

    /** Makes the file's content durable. */
    void fsync(Path file) throws IOException;

    /** Makes the names inside {@code dir} durable (creations, renames, deletions). */
    void fsyncDirectory(Path dir) throws IOException;

    /** Atomically replaces {@code to} with {@code from} (same directory). */
    void rename(Path from, Path to) throws IOException;

    /** Deletes a file or an empty directory; nothing when it is missing. */
    void delete(Path path) throws IOException;

    /** Creates one directory level; nothing when it exists. The parent must exist. */
    void createDirectory(Path dir) throws IOException;
}
