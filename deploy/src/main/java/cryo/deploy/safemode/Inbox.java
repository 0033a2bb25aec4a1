package cryo.deploy.safemode;

import cryo.deploy.boot.Loader;
import cryo.deploy.bundle.BundleRefusedException;
import cryo.deploy.fs.AtomicFiles;
import cryo.deploy.fs.FileStore;
import cryo.deploy.slot.SlotLayout;
import cryo.deploy.slot.SlotName;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Bundles dropped into ROOT/inbox: installed, then removed; refused ones move to inbox/rejected.
 * Writers must drop files atomically (write NAME.tmp, then rename) — names ending in .tmp are skipped.
 */
public final class Inbox {
    private final FileStore store;
    private final SlotLayout layout;
    private final Consumer<String> log;

    public Inbox(FileStore store, SlotLayout layout, Consumer<String> log) {
        this.store = store;
        this.layout = layout;
        this.log = log;
    }

    public boolean hasBundles() {
        try {
            return !pending().isEmpty();
        } catch (IOException e) {
            return false;
        }
    }

    public List<Path> pending() throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path p : store.list(layout.inboxDir())) {
            if (!store.isDirectory(p) && !p.getFileName().toString().endsWith(".tmp")) {
                files.add(p);
            }
        }
        return files;
    }

    /** Installs the first acceptable bundle; returns the slot written, or null when none was. */
    public SlotName installNext(Loader loader) throws IOException {
        for (Path file : pending()) {
            String name = file.getFileName().toString();
            try {
                SlotName slot = loader.install(name, file, false);
                store.delete(file);
                store.fsyncDirectory(layout.inboxDir());
                log.accept("installed " + name + " into slot " + slot.id());
                return slot;
            } catch (BundleRefusedException e) {
                log.accept(e.getMessage());
                AtomicFiles.createDirectories(store, layout.rejectedDir());
                store.rename(file, layout.rejectedDir().resolve(name));
                store.fsyncDirectory(layout.rejectedDir());
                store.fsyncDirectory(layout.inboxDir());
            }
        }
        return null;
    }
}
