package cryo.deploy.bundle;

import com.google.protobuf.ByteString;
import cryo.v1.PayloadFile;
import java.io.BufferedInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Map;

/**
 * Bundles as files, streamed in 64 KiB pieces: building and verifying hold the manifest and one
 * buffer, never a payload, so a 200 MB bundle needs no more heap than a 2 MB one.
 */
public final class BundleFiles {
    static final int BUFFER_BYTES = 64 * 1024;

    private BundleFiles() {
    }

    /** Size and SHA-256 of a file on disk, read once. */
    public static PayloadFile describe(String path, Path source) throws IOException {
        MessageDigest d = sha256();
        long size = 0;
        byte[] buf = new byte[BUFFER_BYTES];
        try (InputStream in = Files.newInputStream(source)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
                size += n;
            }
        }
        return PayloadFile.newBuilder().setPath(path).setSha256(ByteString.copyFrom(d.digest())).setSizeBytes(size).build();
    }

    static long write(Path out, byte[] manifestBytes, byte[] signatureBlock, Map<String, Object> files) throws IOException {
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try (OutputStream raw = Files.newOutputStream(tmp);
             DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(raw, BUFFER_BYTES))) {
            data.write(Bundle.MAGIC);
            data.writeInt(Bundle.FORMAT_VERSION);
            data.writeInt(manifestBytes.length);
            data.write(manifestBytes);
            data.write(signatureBlock);
            byte[] buf = new byte[BUFFER_BYTES];
            for (Map.Entry<String, Object> e : files.entrySet()) {
                if (e.getValue() instanceof BundleBuilder.Streamed s) {
                    copyChecked(e.getKey(), s, data, buf);
                } else {
                    data.write((byte[]) e.getValue());
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        long written = Files.size(tmp);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return written;
    }

    /** Copies a payload file, checking it still has the size and hash the signed manifest gives it. */
    private static void copyChecked(String path, BundleBuilder.Streamed s, OutputStream out, byte[] buf) throws IOException {
        MessageDigest d = sha256();
        long size = 0;
        try (InputStream in = Files.newInputStream(s.source())) {
            int n;
            while ((n = in.read(buf)) > 0) {
                d.update(buf, 0, n);
                out.write(buf, 0, n);
                size += n;
            }
        }
        if (size != s.described().getSizeBytes() || !ByteString.copyFrom(d.digest()).equals(s.described().getSha256())) {
            throw new IOException("payload " + path + " (" + s.source() + ") changed while the bundle was written; build again");
        }
    }

    /**
     * Reads a bundle file's header and streams every payload through SHA-256, checking each
     * against the manifest. No trust yet: the caller checks the signature on the returned header.
     */
    public static BundleHeader readAndHash(String name, Path file, BundleLimits limits, PayloadCheck check)
            throws BundleRefusedException, IOException {
        long length = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER_BYTES)) {
            return readAndHash(name, in, length, limits, check);
        }
    }

    /** As {@link #readAndHash(String, Path, BundleLimits, PayloadCheck)}, from a stream of {@code length} bytes. */
    public static BundleHeader readAndHash(String name, InputStream in, long length, BundleLimits limits, PayloadCheck check)
            throws BundleRefusedException, IOException {
        BundleHeader h = BundleHeader.read(name, in, length, limits);
        check.beforePayloads(h);
        byte[] buf = new byte[BUFFER_BYTES];
        for (PayloadFile f : h.manifest().getFilesList()) {
            ManifestChecks.checkDigest(name, f, hash(name, f, in, buf, null));
        }
        return h;
    }

    /**
     * SHA-256 of the next {@code f.getSizeBytes()} bytes of {@code in}, copying them to {@code copy}
     * when it is not null; a stream that ends early is refused as truncated.
     */
    public static byte[] hash(String name, PayloadFile f, InputStream in, byte[] buf, java.io.OutputStream copy)
            throws BundleRefusedException, IOException {
        MessageDigest d = sha256();
        long left = f.getSizeBytes();
        while (left > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (n < 0) {
                throw new BundleRefusedException(name, "size of " + f.getPath(), f.getSizeBytes() + " bytes",
                        (f.getSizeBytes() - left) + " bytes (truncated)");
            }
            d.update(buf, 0, n);
            if (copy != null) {
                copy.write(buf, 0, n);
            }
            left -= n;
        }
        return d.digest();
    }

    /** Checks on the header (signature, manifest) that must pass before payloads are read. */
    public interface PayloadCheck {
        void beforePayloads(BundleHeader header) throws BundleRefusedException;
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
