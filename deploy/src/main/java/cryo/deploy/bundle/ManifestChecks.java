package cryo.deploy.bundle;

import com.google.protobuf.ByteString;
import cryo.v1.FirmwareManifest;
import cryo.v1.PayloadFile;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

/**
 * The checks shared by install (on a bundle) and boot (on a slot's stored manifest and files):
 * signature by a trusted key, manifest sanity, payload hashes.
 */
public final class ManifestChecks {
    public static final String PRODUCT = "cryo-controller";
    /**
     * The highest security counter a bundle may carry. Far above any real release count, far
     * below where a mistyped -1 lands (2^64-1), so a later bundle can always meet a confirmed one.
     */
    public static final long MAX_SECURITY_COUNTER = 1_000_000;
    /**
     * How far one bundle may raise a node's counter. More needs a deliberate step on the node:
     * {@code cryo loader install --allow-counter-jump FILE} with the loader stopped.
     */
    public static final long MAX_COUNTER_STEP = 10;
    private static final String SAFE_PATH = "[A-Za-z0-9_][A-Za-z0-9._-]*(/[A-Za-z0-9_][A-Za-z0-9._-]*)*";

    private ManifestChecks() {
    }

    public static void checkSignature(String name, byte[] manifestBytes, byte[] signatureBlock, TrustedKeys trusted)
            throws BundleRefusedException {
        if (signatureBlock.length != Bundle.SIGNATURE_BLOCK_BYTES) {
            throw new BundleRefusedException(name, "signature block", Bundle.SIGNATURE_BLOCK_BYTES + " bytes",
                    signatureBlock.length + " bytes");
        }
        byte[] fingerprint = Arrays.copyOfRange(signatureBlock, 0, Bundle.FINGERPRINT_BYTES);
        byte[] signature = Arrays.copyOfRange(signatureBlock, Bundle.FINGERPRINT_BYTES, Bundle.SIGNATURE_BLOCK_BYTES);
        PublicKey key = trusted.find(fingerprint);
        if (key == null) {
            throw new BundleRefusedException(name, "signing key", "one of " + trusted.describe(),
                    "key " + KeyFiles.shortId(fingerprint) + " (unknown key)");
        }
        boolean ok;
        try {
            Signature verifier = Signature.getInstance("Ed25519");
            verifier.initVerify(key);
            verifier.update(manifestBytes);
            ok = verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            ok = false;
        }
        if (!ok) {
            throw new BundleRefusedException(name, "signature", "a valid Ed25519 signature by key " + KeyFiles.shortId(fingerprint),
                    "a signature that does not verify (wrong key or altered manifest)");
        }
    }

    /** Fields and limits every manifest must satisfy, independent of the node's state. */
    public static void checkManifest(String name, FirmwareManifest m, String loaderVersion) throws BundleRefusedException {
        if (!PRODUCT.equals(m.getProduct())) {
            throw new BundleRefusedException(name, "product", "'" + PRODUCT + "'", "'" + m.getProduct() + "'");
        }
        if (!Versions.valid(m.getVersion())) {
            throw new BundleRefusedException(name, "version", "a dotted version like 1.2.0", "'" + m.getVersion() + "'");
        }
        if (m.getMainClass().isEmpty()) {
            throw new BundleRefusedException(name, "main_class", "the controller's main class", "nothing");
        }
        if (m.getFilesCount() == 0) {
            throw new BundleRefusedException(name, "payload files", "at least one", "none");
        }
        if (!m.getMinLoaderVersion().isEmpty()) {
            if (!Versions.valid(m.getMinLoaderVersion())) {
                throw new BundleRefusedException(name, "min_loader_version", "a dotted version", "'" + m.getMinLoaderVersion() + "'");
            }
            if (Versions.compare(loaderVersion, m.getMinLoaderVersion()) < 0) {
                throw new BundleRefusedException(name, "min_loader_version", "at most this loader's " + loaderVersion,
                        m.getMinLoaderVersion());
            }
        }
        Set<String> seen = new HashSet<>();
        for (PayloadFile f : m.getFilesList()) {
            if (f.getPath().length() > 200 || !f.getPath().matches(SAFE_PATH) || f.getPath().contains("..")) {
                throw new BundleRefusedException(name, "payload path", "a relative path of [A-Za-z0-9._-] segments",
                        "'" + f.getPath() + "'");
            }
            if (!seen.add(f.getPath())) {
                throw new BundleRefusedException(name, "payload path", "each path once", "'" + f.getPath() + "' twice");
            }
            if (f.getSha256().size() != 32) {
                throw new BundleRefusedException(name, "sha256 of " + f.getPath(), "32 bytes", f.getSha256().size() + " bytes");
            }
        }
    }

    /**
     * A bundle's counter must be in range to be built, verified or installed. Not checked before
     * boot: a slot installed by an older loader with an out-of-range counter keeps running.
     */
    public static void checkCounterRange(String name, FirmwareManifest m) throws BundleRefusedException {
        if (!counterInRange(m.getSecurityCounter())) {
            throw new BundleRefusedException(name, "security counter", "0.." + MAX_SECURITY_COUNTER,
                    Long.toUnsignedString(m.getSecurityCounter()));
        }
    }

    /** Whether a counter is one a bundle may carry: 0..{@link #MAX_SECURITY_COUNTER}. */
    public static boolean counterInRange(long counter) {
        return counter >= 0 && counter <= MAX_SECURITY_COUNTER;
    }

    /** The anti-rollback check: a bundle below the node's security counter is a downgrade. */
    public static void checkSecurityCounter(String name, FirmwareManifest m, long nodeCounter) throws BundleRefusedException {
        checkSecurityCounter(name, m, nodeCounter, false);
    }

    /**
     * The anti-rollback check, and the step limit: without {@code allowJump} a bundle may raise the
     * node's counter by at most {@link #MAX_COUNTER_STEP}.
     */
    public static void checkSecurityCounter(String name, FirmwareManifest m, long nodeCounter, boolean allowJump)
            throws BundleRefusedException {
        if (Long.compareUnsigned(m.getSecurityCounter(), nodeCounter) < 0) {
            throw new BundleRefusedException(name, "security counter", "at least " + Long.toUnsignedString(nodeCounter)
                    + " (no downgrade)", Long.toUnsignedString(m.getSecurityCounter()));
        }
        if (!allowJump && m.getSecurityCounter() - nodeCounter > MAX_COUNTER_STEP) {
            throw new BundleRefusedException(name, "security counter", "at most " + (nodeCounter + MAX_COUNTER_STEP) + " (the node's "
                    + nodeCounter + " + " + MAX_COUNTER_STEP + " per bundle; a larger jump needs 'loader install --allow-counter-jump'"
                    + " on the node)", Long.toUnsignedString(m.getSecurityCounter()));
        }
    }

    public static void checkPayload(String name, PayloadFile f, byte[] content) throws BundleRefusedException {
        if (content.length != f.getSizeBytes()) {
            throw new BundleRefusedException(name, "size of " + f.getPath(), f.getSizeBytes() + " bytes", content.length + " bytes");
        }
        checkDigest(name, f, sha256(content));
    }

    /** The payload's SHA-256, computed by the caller, against the manifest's. */
    public static void checkDigest(String name, PayloadFile f, byte[] actual) throws BundleRefusedException {
        if (!ByteString.copyFrom(actual).equals(f.getSha256())) {
            throw new BundleRefusedException(name, "sha256 of " + f.getPath(), HexFormat.of().formatHex(f.getSha256().toByteArray()),
                    HexFormat.of().formatHex(actual));
        }
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
