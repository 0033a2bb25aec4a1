package cryo.deploy.slot;

import cryo.deploy.bundle.Bundle;
import cryo.deploy.fs.AtomicFiles;
import cryo.deploy.fs.FileStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a verified bundle into a slot directory. Not atomic by itself: the caller marks the slot
 * bad in the state record before and trial after, and boot re-verifies every file, so a slot cut
 * half-way is never booted.
 */
public final class SlotWriter {
    private final FileStore store;
    private final SlotLayout layout;

    public SlotWriter(FileStore store, SlotLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    public void write(SlotName slot, Bundle bundle) throws IOException {
        Path slotDir = layout.slotDir(slot);
        AtomicFiles.createDirectories(store, slotDir);
        // the signature goes first, so an old slot can never look complete with new payloads
        store.delete(layout.signature(slot));
        store.delete(layout.manifest(slot));
        deleteTree(layout.payloadDir(slot));
        store.fsyncDirectory(slotDir);

        Set<Path> dirs = new LinkedHashSet<>();
        List<byte[]> payloads = bundle.payloads();
        for (int i = 0; i < payloads.size(); i++) {
            Path file = layout.payloadDir(slot).resolve(bundle.manifest().getFiles(i).getPath());
            AtomicFiles.createDirectories(store, file.getParent());
            store.write(file, payloads.get(i));
            store.fsync(file);
            dirs.add(file.getParent());
        }
        for (Path d : dirs) {
            store.fsyncDirectory(d);
        }
        store.write(layout.manifest(slot), bundle.manifestBytes());
        store.fsync(layout.manifest(slot));
        store.write(layout.signature(slot), bundle.signatureBlock());
        store.fsync(layout.signature(slot));
        store.fsyncDirectory(slotDir);
    }

    private void deleteTree(Path path) throws IOException {
        if (!store.exists(path)) {
            return;
        }
        if (store.isDirectory(path)) {
            for (Path child : store.list(path)) {
                deleteTree(child);
            }
            store.fsyncDirectory(path);
        }
        store.delete(path);
    }
}
