package cryo.deploy.bundle;

import com.google.protobuf.ByteString;
import cryo.v1.FirmwareManifest;
import cryo.v1.PayloadFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
    /** In manifest order: a byte[] held in memory, or a {@link Streamed} file read when the bundle is written. */
    private final Map<String, Object> files = new LinkedHashMap<>();
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

    /**
     * Adds a payload file that stays on disk: hashed now, copied by {@link #writeTo}, so a bundle's
     * size never decides the builder's memory.
     */
    public BundleBuilder file(String path, Path source) throws IOException {
        files.put(path, new Streamed(source, BundleFiles.describe(path, source)));
        return this;
    }

    /** A payload file on disk and what the manifest says of it. */
    record Streamed(Path source, PayloadFile described) {
    }

    public FirmwareManifest manifest() {
        FirmwareManifest.Builder m = FirmwareManifest.newBuilder()
                .setVersion(version).setBuildTimeUnixSeconds(buildTimeUnixSeconds).setMinLoaderVersion(minLoaderVersion)
                .setSecurityCounter(securityCounter).setProduct(product).setMainClass(mainClass);
        for (Map.Entry<String, Object> e : files.entrySet()) {
            if (e.getValue() instanceof Streamed s) {
                m.addFiles(s.described());
            } else {
                byte[] content = (byte[]) e.getValue();
                m.addFiles(PayloadFile.newBuilder().setPath(e.getKey())
                        .setSha256(ByteString.copyFrom(ManifestChecks.sha256(content))).setSizeBytes(content.length));
            }
        }
        return m.build();
    }

    public byte[] build(KeyPair key) {
        return build(key.getPrivate(), key.getPublic());
    }

    /** The whole bundle in memory (tests and small bundles); {@link #writeTo} streams instead. */
    public byte[] build(PrivateKey privateKey, PublicKey publicKey) {
        byte[] manifestBytes = manifest().toByteArray();
        List<byte[]> payloads = new ArrayList<>();
        for (Object content : files.values()) {
            try {
                payloads.add(content instanceof Streamed s ? Files.readAllBytes(s.source()) : (byte[]) content);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return Bundle.encode(manifestBytes, signatureBlock(manifestBytes, privateKey, publicKey), payloads);
    }

    /**
     * Writes the signed bundle to {@code out} (through {@code out.tmp} and a rename), streaming each
     * payload file; a file that changed since it was hashed fails the build.
     *
     * @return the bundle's size in bytes
     */
    public long writeTo(Path out, PrivateKey privateKey, PublicKey publicKey) throws IOException {
        byte[] manifestBytes = manifest().toByteArray();
        return BundleFiles.write(out, manifestBytes, signatureBlock(manifestBytes, privateKey, publicKey), files);
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
