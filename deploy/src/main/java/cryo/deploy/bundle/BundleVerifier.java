package cryo.deploy.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/** Every install check on a bundle, in order; nothing is written until all pass. */
public final class BundleVerifier {
    private final TrustedKeys trusted;
    private final BundleLimits limits;
    private final String loaderVersion;

    public BundleVerifier(TrustedKeys trusted, BundleLimits limits, String loaderVersion) {
        this.trusted = trusted;
        this.limits = limits;
        this.loaderVersion = loaderVersion;
    }

    /**
     * Parses and verifies a bundle against the node's security counter.
     *
     * @throws BundleRefusedException naming the failed check
     */
    public Bundle verify(String name, byte[] bytes, long nodeSecurityCounter) throws BundleRefusedException {
        return verify(name, bytes, nodeSecurityCounter, false);
    }

    /** As {@link #verify(String, byte[], long)}; {@code allowCounterJump} lifts the per-bundle counter step limit. */
    public Bundle verify(String name, byte[] bytes, long nodeSecurityCounter, boolean allowCounterJump) throws BundleRefusedException {
        Bundle b = Bundle.parse(name, bytes, limits);
        ManifestChecks.checkSignature(name, b.manifestBytes(), b.signatureBlock(), trusted);
        ManifestChecks.checkManifest(name, b.manifest(), loaderVersion);
        ManifestChecks.checkCounterRange(name, b.manifest());
        List<byte[]> payloads = b.payloads();
        for (int i = 0; i < payloads.size(); i++) {
            ManifestChecks.checkPayload(name, b.manifest().getFiles(i), payloads.get(i));
        }
        ManifestChecks.checkSecurityCounter(name, b.manifest(), nodeSecurityCounter, allowCounterJump);
        return b;
    }

    /**
     * Every install check, on a bundle streamed from {@code in} ({@code length} bytes): memory stays
     * bounded whatever its size. Returns the header; the payloads have been hashed and consumed.
     */
    public BundleHeader verify(String name, InputStream in, long length, long nodeSecurityCounter, boolean allowCounterJump)
            throws BundleRefusedException, IOException {
        BundleHeader h = BundleFiles.readAndHash(name, in, length, limits, header -> {
            ManifestChecks.checkSignature(name, header.manifestBytes(), header.signatureBlock(), trusted);
            ManifestChecks.checkManifest(name, header.manifest(), loaderVersion);
            ManifestChecks.checkCounterRange(name, header.manifest());
        });
        ManifestChecks.checkSecurityCounter(name, h.manifest(), nodeSecurityCounter, allowCounterJump);
        return h;
    }

    /**
     * Verifies a bundle file as it streams by (signature, manifest, every hash), without a node:
     * the counter is checked for range only. Memory stays bounded whatever the bundle's size.
     */
    public BundleHeader verifyFile(String name, Path file) throws BundleRefusedException, IOException {
        return BundleFiles.readAndHash(name, file, limits, h -> {
            ManifestChecks.checkSignature(name, h.manifestBytes(), h.signatureBlock(), trusted);
            ManifestChecks.checkManifest(name, h.manifest(), loaderVersion);
            ManifestChecks.checkCounterRange(name, h.manifest());
        });
    }
}
