package cryo.deploy.slot;

import cryo.deploy.bundle.Bundle;
import cryo.deploy.bundle.BundleRefusedException;
import cryo.deploy.bundle.ManifestChecks;
import cryo.deploy.fs.AtomicFiles;
import cryo.deploy.fs.FileStore;
import cryo.v1.FirmwareManifest;
import cryo.v1.PayloadFile;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.security.DigestInputStream;
import java.util.ArrayList;
import java.util.Collections;
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
        List<InputStream> parts = new ArrayList<>();
        for (byte[] p : bundle.payloads()) {
            parts.add(new ByteArrayInputStream(p));
        }
        try {
            write(slot, bundle.name(), bundle.manifest(), bundle.manifestBytes(), bundle.signatureBlock(),
                    new SequenceInputStream(Collections.enumeration(parts)));
        } catch (BundleRefusedException e) {
            throw new IllegalStateException("a verified in-memory bundle changed: " + e.getMessage(), e);
        }
    }

    /**
     * Writes a slot from the bundle's payloads as they stream from {@code payloads}, in manifest
     * order, hashing each on the way: a payload that no longer matches the manifest it was
     * verified against (the file changed in between) is refused, and the slot stays as the
     * caller marked it (bad).
     */
    public void write(SlotName slot, String name, FirmwareManifest manifest, byte[] manifestBytes, byte[] signatureBlock,
                      InputStream payloads) throws IOException, BundleRefusedException {
        Path slotDir = layout.slotDir(slot);
        AtomicFiles.createDirectories(store, slotDir);
        // the signature goes first, so an old slot can never look complete with new payloads
        store.delete(layout.signature(slot));
        store.delete(layout.manifest(slot));
        deleteTree(layout.payloadDir(slot));
        store.fsyncDirectory(slotDir);

        Set<Path> dirs = new LinkedHashSet<>();
        for (PayloadFile f : manifest.getFilesList()) {
            Path file = layout.payloadDir(slot).resolve(f.getPath());
            AtomicFiles.createDirectories(store, file.getParent());
            DigestInputStream hashed = new DigestInputStream(payloads, ManifestChecks.newSha256());
            try {
                store.writeFrom(file, hashed, f.getSizeBytes());
            } catch (EOFException e) {
                throw new BundleRefusedException(name, "size of " + f.getPath(), f.getSizeBytes() + " bytes",
                        "fewer (the bundle changed while it was installed)");
            }
            ManifestChecks.checkDigest(name, f, hashed.getMessageDigest().digest());
            store.fsync(file);
            dirs.add(file.getParent());
        }
        for (Path d : dirs) {
            store.fsyncDirectory(d);
        }
        store.write(layout.manifest(slot), manifestBytes);
        store.fsync(layout.manifest(slot));
        store.write(layout.signature(slot), signatureBlock);
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
