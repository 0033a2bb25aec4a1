package cryo.deploy.bundle;

import cryo.v1.FirmwareManifest;
import cryo.v1.PayloadFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
        BundleHeader h;
        try {
            h = BundleHeader.read(name, new ByteArrayInputStream(bytes), bytes.length, limits);
        } catch (IOException e) {
            throw new IllegalStateException("reading an array cannot fail", e);
        }
        List<byte[]> payloads = new ArrayList<>();
        int at = (int) h.payloadOffset();
        for (PayloadFile f : h.manifest().getFilesList()) {
            payloads.add(Arrays.copyOfRange(bytes, at, at + (int) f.getSizeBytes()));
            at += (int) f.getSizeBytes();
        }
        return new Bundle(name, h.manifestBytes(), h.manifest(), h.signatureBlock(), payloads);
    }
}
