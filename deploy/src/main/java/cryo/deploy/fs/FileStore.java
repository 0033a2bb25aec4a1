package cryo.deploy.fs;

import java.io.IOException;
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
