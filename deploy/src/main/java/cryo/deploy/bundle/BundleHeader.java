package cryo.deploy.bundle;

import com.google.protobuf.InvalidProtocolBufferException;
import cryo.v1.FirmwareManifest;
import cryo.v1.PayloadFile;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The part of a bundle before its payloads: magic, format, manifest and signature block, read
 * from a stream with every length checked against the file's size and the limits before any
 * buffer is allocated, so a bundle's size never decides how much memory a reader takes.
 *
 * @param payloadOffset where the first payload byte sits in the file
 */
public record BundleHeader(byte[] manifestBytes, FirmwareManifest manifest, byte[] signatureBlock, long payloadOffset) {
    static final int MAX_MANIFEST_BYTES = 1 << 20;
    static final int FIXED_BYTES = Bundle.MAGIC.length + 8;

    /** Reads the header from {@code in}, leaving it at the first payload byte. */
    public static BundleHeader read(String name, InputStream in, long fileLength, BundleLimits limits)
            throws BundleRefusedException, IOException {
        if (fileLength > limits.maxBundleBytes()) {
            throw new BundleRefusedException(name, "bundle size", "at most " + limits.maxBundleBytes() + " bytes", fileLength + " bytes");
        }
        if (fileLength < FIXED_BYTES) {
            throw new BundleRefusedException(name, "header", "at least " + FIXED_BYTES + " bytes", fileLength + " bytes (truncated or not a bundle)");
        }
        DataInputStream data = new DataInputStream(in);
        byte[] magic = readFully(name, data, Bundle.MAGIC.length);
        for (int i = 0; i < Bundle.MAGIC.length; i++) {
            if (magic[i] != Bundle.MAGIC[i]) {
                throw new BundleRefusedException(name, "magic", "'CRYOBNDL'",
                        "'" + new String(magic, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7e]", "?") + "' (not a bundle)");
            }
        }
        int format = data.readInt();
        if (format != Bundle.FORMAT_VERSION) {
            throw new BundleRefusedException(name, "format version", Integer.toString(Bundle.FORMAT_VERSION), Integer.toString(format));
        }
        int manifestLength = data.readInt();
        if (manifestLength <= 0 || manifestLength > MAX_MANIFEST_BYTES) {
            throw new BundleRefusedException(name, "manifest length", "1.." + MAX_MANIFEST_BYTES + " bytes", manifestLength + " bytes");
        }
        long needed = (long) FIXED_BYTES + manifestLength + Bundle.SIGNATURE_BLOCK_BYTES;
        if (fileLength < needed) {
            throw new BundleRefusedException(name, "file length", "at least " + needed + " bytes for manifest and signature",
                    fileLength + " bytes (truncated)");
        }
        byte[] manifestBytes = readFully(name, data, manifestLength);
        byte[] signatureBlock = readFully(name, data, Bundle.SIGNATURE_BLOCK_BYTES);
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
        if (fileLength != expectedLength) {
            throw new BundleRefusedException(name, "file length", expectedLength + " bytes (header, manifest, signature, payloads)",
                    fileLength + " bytes" + (fileLength < expectedLength ? " (truncated)" : " (trailing data)"));
        }
        return new BundleHeader(manifestBytes, manifest, signatureBlock, needed);
    }

    private static byte[] readFully(String name, DataInputStream in, int n) throws BundleRefusedException, IOException {
        byte[] b = new byte[n];
        try {
            in.readFully(b);
        } catch (EOFException e) {
            throw new BundleRefusedException(name, "file length", "the length it announced", "fewer bytes (truncated while reading)");
        }
        return b;
    }
}
