package cryo.deploy.bundle;

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
        Bundle b = Bundle.parse(name, bytes, limits);
        ManifestChecks.checkSignature(name, b.manifestBytes(), b.signatureBlock(), trusted);
        ManifestChecks.checkManifest(name, b.manifest(), loaderVersion);
        List<byte[]> payloads = b.payloads();
        for (int i = 0; i < payloads.size(); i++) {
            ManifestChecks.checkPayload(name, b.manifest().getFiles(i), payloads.get(i));
        }
        ManifestChecks.checkSecurityCounter(name, b.manifest(), nodeSecurityCounter);
        return b;
    }
}
