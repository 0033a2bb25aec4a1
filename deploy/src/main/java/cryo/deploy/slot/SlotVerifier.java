package cryo.deploy.slot;

import com.google.protobuf.InvalidProtocolBufferException;
import cryo.deploy.bundle.BundleFiles;
import cryo.deploy.bundle.BundleRefusedException;
import cryo.deploy.bundle.ManifestChecks;
import cryo.deploy.bundle.TrustedKeys;
import cryo.deploy.fs.FileStore;
import cryo.v1.FirmwareManifest;
import cryo.v1.PayloadFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Re-checks a slot's stored manifest, signature and every payload hash before it is booted. */
public final class SlotVerifier {
    private final FileStore store;
    private final SlotLayout layout;
    private final TrustedKeys trusted;
    private final String loaderVersion;

    public SlotVerifier(FileStore store, SlotLayout layout, TrustedKeys trusted, String loaderVersion) {
        this.store = store;
        this.layout = layout;
        this.trusted = trusted;
        this.loaderVersion = loaderVersion;
    }

    /** The slot's manifest when every check passes; the refusal names the slot as the "bundle". */
    public FirmwareManifest verify(SlotName slot) throws BundleRefusedException, IOException {
        String name = "slot " + slot.id();
        byte[] manifestBytes = readOrRefuse(name, layout.manifest(slot));
        byte[] signatureBlock = readOrRefuse(name, layout.signature(slot));
        ManifestChecks.checkSignature(name, manifestBytes, signatureBlock, trusted);
        FirmwareManifest m;
        try {
            m = FirmwareManifest.parseFrom(manifestBytes);
        } catch (InvalidProtocolBufferException e) {
            throw new BundleRefusedException(name, "manifest", "a cryo.v1.FirmwareManifest", "undecodable bytes");
        }
        ManifestChecks.checkManifest(name, m, loaderVersion);
        byte[] buf = new byte[64 * 1024];
        for (PayloadFile f : m.getFilesList()) {
            Path file = layout.payloadDir(slot).resolve(f.getPath());
            long size;
            try {
                size = store.size(file);
            } catch (NoSuchFileException e) {
                throw new BundleRefusedException(name, "file " + layout.root().relativize(file), "present", "missing");
            }
            if (size != f.getSizeBytes()) {
                throw new BundleRefusedException(name, "size of " + f.getPath(), f.getSizeBytes() + " bytes", size + " bytes");
            }
            // streamed: a payload's size never decides the loader's memory
            try (InputStream in = store.openRead(file)) {
                ManifestChecks.checkDigest(name, f, BundleFiles.hash(name, f, in, buf, null));
            }
        }
        return m;
    }

    private byte[] readOrRefuse(String name, Path file) throws BundleRefusedException, IOException {
        try {
            return store.read(file);
        } catch (NoSuchFileException e) {
            throw new BundleRefusedException(name, "file " + layout.root().relativize(file), "present", "missing");
        }
    }
}
