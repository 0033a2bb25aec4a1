package cryo.deploy.bundle;

import com.google.protobuf.ByteString;
import cryo.v1.FirmwareManifest;
import cryo.v1.PayloadFile;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a signed bundle from payload files and manifest fields. */
public final class BundleBuilder {
    private final Map<String, byte[]> files = new LinkedHashMap<>();
    private String version = "0.0.0";
    private String mainClass = "";
    private String minLoaderVersion = Versions.LOADER_VERSION;
    private long securityCounter;
    private long buildTimeUnixSeconds;
    private String product = ManifestChecks.PRODUCT;

    public BundleBuilder version(String v) {
        this.version = v;
        return this;
    }

    public BundleBuilder mainClass(String c) {
        this.mainClass = c;
        return this;
    }

    public BundleBuilder minLoaderVersion(String v) {
        this.minLoaderVersion = v;
        return this;
    }

    public BundleBuilder securityCounter(long n) {
        this.securityCounter = n;
        return this;
    }

    public BundleBuilder buildTimeUnixSeconds(long t) {
        this.buildTimeUnixSeconds = t;
        return this;
    }

    public BundleBuilder product(String p) {
        this.product = p;
        return this;
    }

    /** Adds a payload file at a relative path inside the slot's payload directory. */
    public BundleBuilder file(String path, byte[] content) {
        files.put(path, content);
        return this;
    }

    public FirmwareManifest manifest() {
        FirmwareManifest.Builder m = FirmwareManifest.newBuilder()
                .setVersion(version).setBuildTimeUnixSeconds(buildTimeUnixSeconds).setMinLoaderVersion(minLoaderVersion)
                .setSecurityCounter(securityCounter).setProduct(product).setMainClass(mainClass);
        for (Map.Entry<String, byte[]> e : files.entrySet()) {
            m.addFiles(PayloadFile.newBuilder().setPath(e.getKey())
                    .setSha256(ByteString.copyFrom(ManifestChecks.sha256(e.getValue()))).setSizeBytes(e.getValue().length));
        }
        return m.build();
    }

    public byte[] build(KeyPair key) {
        return build(key.getPrivate(), key.getPublic());
    }

    public byte[] build(PrivateKey privateKey, PublicKey publicKey) {
        byte[] manifestBytes = manifest().toByteArray();
        return Bundle.encode(manifestBytes, signatureBlock(manifestBytes, privateKey, publicKey), new ArrayList<>(files.values()));
    }

    /** Fingerprint of the public key followed by the Ed25519 signature of the manifest bytes. */
    public static byte[] signatureBlock(byte[] manifestBytes, PrivateKey privateKey, PublicKey publicKey) {
        try {
            Signature signer = Signature.getInstance("Ed25519");
            signer.initSign(privateKey);
            signer.update(manifestBytes);
            byte[] sig = signer.sign();
            byte[] fp = KeyFiles.fingerprint(publicKey);
            byte[] block = new byte[Bundle.SIGNATURE_BLOCK_BYTES];
            System.arraycopy(fp, 0, block, 0, Bundle.FINGERPRINT_BYTES);
            System.arraycopy(sig, 0, block, Bundle.FINGERPRINT_BYTES, Bundle.SIGNATURE_BYTES);
            return block;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed: " + e.getMessage(), e);
        }
    }

    public static List<String> paths(FirmwareManifest m) {
        List<String> l = new ArrayList<>();
        for (PayloadFile f : m.getFilesList()) {
            l.add(f.getPath());
        }
        return l;
    }
}
