package cryo.deploy.fs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Crash-safe file replacement: after a power cut the file holds either the old or the new content. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** temp file, fsync, rename over the target, fsync of the directory. */
    public static void replace(FileStore store, Path file, byte[] content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        store.write(temp, content);
        store.fsync(temp);
        store.rename(temp, file);
        store.fsyncDirectory(file.getParent());
    }

    /** As {@link #replace(FileStore, Path, byte[])}, streaming {@code length} bytes from {@code in}. */
    public static void replace(FileStore store, Path file, InputStream in, long length) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        store.writeFrom(temp, in, length);
        store.fsync(temp);
        store.rename(temp, file);
        store.fsyncDirectory(file.getParent());
    }

    /** Creates each missing directory level of {@code dir} durably. */
    public static void createDirectories(FileStore store, Path dir) throws IOException {
        Path parent = dir.getParent();
        if (parent != null && !store.isDirectory(parent)) {
            createDirectories(store, parent);
        }
        if (!store.isDirectory(dir)) {
            store.createDirectory(dir);
            if (parent != null) {
                store.fsyncDirectory(parent);
            }
        }
    }
}
