package cryo.deploy.bundle;

import com.google.protobuf.InvalidProtocolBufferException;
import cryo.v1.FirmwareManifest;
import cryo.v1.PayloadFile;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A bundle file, parsed but not yet trusted. Layout (big-endian):
 * <pre>
 * "CRYOBNDL"                 8 bytes magic
 * format version             u32 = 1
 * manifest length            u32
 * manifest                   serialized cryo.v1.FirmwareManifest
 * signer fingerprint         32 bytes, SHA-256 of the signer's X.509 public key
 * signature                  64 bytes, Ed25519 over the manifest bytes
 * payload files              concatenated, in manifest order, sizes from the manifest
 * </pre>
 * The signature covers the manifest, the manifest covers each payload by SHA-256.
 */
public final class Bundle {
    public static final byte[] MAGIC = "CRYOBNDL".getBytes(StandardCharsets.US_ASCII);
    public static final int FORMAT_VERSION = 1;
    public static final int FINGERPRINT_BYTES = 32;
    public static final int SIGNATURE_BYTES = 64;
    /** The signature block as stored in a slot's manifest.sig: fingerprint then signature. */
    public static final int SIGNATURE_BLOCK_BYTES = FINGERPRINT_BYTES + SIGNATURE_BYTES;
    private static final int MAX_MANIFEST_BYTES = 1 << 20;

    private final String name;
    private final byte[] manifestBytes;
    private final FirmwareManifest manifest;
    private final byte[] signatureBlock;
    private final List<byte[]> payloads;

    private Bundle(String name, byte[] manifestBytes, FirmwareManifest manifest, byte[] signatureBlock, List<byte[]> payloads) {
        this.name = name;
        this.manifestBytes = manifestBytes;
        this.manifest = manifest;
        this.signatureBlock = signatureBlock;
        this.payloads = payloads;
    }

    public String name() {
        return name;
    }

    public byte[] manifestBytes() {
        return manifestBytes;
    }

    public FirmwareManifest manifest() {
        return manifest;
    }

    public byte[] signatureBlock() {
        return signatureBlock;
    }

    /** Payload bytes, in the order of {@code manifest().getFilesList()}. */
    public List<byte[]> payloads() {
        return payloads;
    }

    public static byte[] encode(byte[] manifestBytes, byte[] signatureBlock, List<byte[]> payloads) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        out.writeBytes(ByteBuffer.allocate(8).putInt(FORMAT_VERSION).putInt(manifestBytes.length).array());
        out.writeBytes(manifestBytes);
        out.writeBytes(signatureBlock);
        for (byte[] p : payloads) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Splits the file into its parts, checking sizes and limits only (no crypto yet). */
    public static Bundle parse(String name, byte[] bytes, BundleLimits limits) throws BundleRefusedException {
        if (bytes.length > limits.maxBundleBytes()) {
            throw new BundleRefusedException(name, "bundle size", "at most " + limits.maxBundleBytes() + " bytes",
                    bytes.length + " bytes");
        }
        int headerBytes = MAGIC.length + 8;
        if (bytes.length < headerBytes) {
            throw new BundleRefusedException(name, "header", "at least " + headerBytes + " bytes", bytes.length + " bytes (truncated or not a bundle)");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new BundleRefusedException(name, "magic", "'CRYOBNDL'",
                        "'" + new String(bytes, 0, MAGIC.length, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "?") + "' (not a bundle)");
            }
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        buf.position(MAGIC.length);
        int format = buf.getInt();
        if (format != FORMAT_VERSION) {
            throw new BundleRefusedException(name, "format version", Integer.toString(FORMAT_VERSION), Integer.toString(format));
        }
        int manifestLength = buf.getInt();
        if (manifestLength <= 0 || manifestLength > MAX_MANIFEST_BYTES) {
            throw new BundleRefusedException(name, "manifest length", "1.." + MAX_MANIFEST_BYTES + " bytes", manifestLength + " bytes");
        }
        long needed = (long) headerBytes + manifestLength + SIGNATURE_BLOCK_BYTES;
        if (bytes.length < needed) {
            throw new BundleRefusedException(name, "file length", "at least " + needed + " bytes for manifest and signature",
                    bytes.length + " bytes (truncated)");
        }
        byte[] manifestBytes = new byte[manifestLength];
        buf.get(manifestBytes);
        byte[] signatureBlock = new byte[SIGNATURE_BLOCK_BYTES];
        buf.get(signatureBlock);
        FirmwareManifest manifest;
        try {
            manifest = FirmwareManifest.parseFrom(manifestBytes);
        } catch (InvalidProtocolBufferException e) {
            throw new BundleRefusedException(name, "manifest", "a cryo.v1.FirmwareManifest", "undecodable bytes (" + e.getMessage() + ")");
        }
        if (manifest.getFilesCount() > limits.maxFiles()) {
            throw new BundleRefusedException(name, "file count", "at most " + limits.maxFiles(), Integer.toString(manifest.getFilesCount()));
        }
        long total = 0;
        for (PayloadFile f : manifest.getFilesList()) {
            if (f.getSizeBytes() < 0 || f.getSizeBytes() > limits.maxFileBytes()) {
                throw new BundleRefusedException(name, "size of payload " + f.getPath(),
                        "at most " + limits.maxFileBytes() + " bytes", Long.toUnsignedString(f.getSizeBytes()) + " bytes");
            }
            total += f.getSizeBytes();
        }
        long expectedLength = needed + total;
        if (bytes.length != expectedLength) {
            throw new BundleRefusedException(name, "file length", expectedLength + " bytes (header, manifest, signature, payloads)",
                    bytes.length + " bytes" + (bytes.length < expectedLength ? " (truncated)" : " (trailing data)"));
        }
        List<byte[]> payloads = new ArrayList<>();
        for (PayloadFile f : manifest.getFilesList()) {
            byte[] p = new byte[(int) f.getSizeBytes()];
            buf.get(p);
            payloads.add(p);
        }
        return new Bundle(name, manifestBytes, manifest, signatureBlock, payloads);
    }
}
