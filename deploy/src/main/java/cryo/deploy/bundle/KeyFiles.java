package cryo.deploy.bundle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Ed25519 keys as PEM files (PKCS#8 private, X.509 SubjectPublicKeyInfo public), the same encoding
 * {@code openssl genpkey -algorithm ed25519} writes, so keys can be inspected with openssl.
 */
public final class KeyFiles {
    public static final String PRIVATE_FILE = "signing.key";
    public static final String PUBLIC_FILE = "signing.pub";
    private static final String PRIVATE_LABEL = "PRIVATE KEY";
    private static final String PUBLIC_LABEL = "PUBLIC KEY";

    private KeyFiles() {
    }

    public static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519 (needs Java 15+)", e);
        }
    }

    /** Writes DIR/signing.key (mode 600) and DIR/signing.pub; refuses to overwrite a key. */
    public static void writeKeyPair(KeyPair pair, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path priv = dir.resolve(PRIVATE_FILE);
        Path pub = dir.resolve(PUBLIC_FILE);
        if (Files.exists(priv) || Files.exists(pub)) {
            throw new IOException("key files already exist in " + dir + ": expected none, found "
                    + (Files.exists(priv) ? priv.getFileName() : pub.getFileName()) + " (refusing to overwrite a key)");
        }
        Files.createFile(priv);
        try {
            Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system: nothing more we can do
        }
        Files.writeString(priv, pem(PRIVATE_LABEL, pair.getPrivate().getEncoded()));
        Files.writeString(pub, pem(PUBLIC_LABEL, pair.getPublic().getEncoded()));
    }

    public static PrivateKey readPrivate(Path file) throws IOException {
        byte[] der = unpem(file, PRIVATE_LABEL);
        try {
            return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": expected an Ed25519 private key, found something else (" + e.getMessage() + ")");
        }
    }

    public static PublicKey readPublic(Path file) throws IOException {
        return parsePublic(file.toString(), Files.readString(file, StandardCharsets.US_ASCII));
    }

    public static PublicKey parsePublic(String name, String pemText) throws IOException {
        byte[] der = unpem(name, pemText, PUBLIC_LABEL);
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new IOException(name + ": expected an Ed25519 public key, found something else (" + e.getMessage() + ")");
        }
    }

    public static String publicPem(PublicKey key) {
        return pem(PUBLIC_LABEL, key.getEncoded());
    }

    /** SHA-256 of the encoded public key: how a bundle names the key that signed it. */
    public static byte[] fingerprint(PublicKey key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** First 8 bytes of a fingerprint in hex: enough to tell keys apart in messages. */
    public static String shortId(byte[] fingerprint) {
        return HexFormat.of().formatHex(fingerprint, 0, Math.min(8, fingerprint.length));
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    private static byte[] unpem(Path file, String label) throws IOException {
        return unpem(file.toString(), Files.readString(file, StandardCharsets.US_ASCII), label);
    }

    private static byte[] unpem(String name, String text, String label) throws IOException {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b < 0 || e < b) {
            throw new IOException(name + ": expected a PEM block '" + begin + "', found none");
        }
        try {
            return Base64.getMimeDecoder().decode(text.substring(b + begin.length(), e));
        } catch (IllegalArgumentException ex) {
            throw new IOException(name + ": PEM body is not valid base64 (" + ex.getMessage() + ")");
        }
    }
}
