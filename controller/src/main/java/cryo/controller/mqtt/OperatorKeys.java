package cryo.controller.mqtt;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Operator keys for HMAC-SHA256 signed commands. File format, one key a line:
 * {@code KEY_ID OPERATOR_ID HEX_SECRET} ('#' starts a comment). A key signs only for its
 * operator: a command whose operator_id differs from the key's operator is refused.
 */
public final class OperatorKeys {
    public static final int MIN_SECRET_BYTES = 16;

    /** One operator key. */
    public record Key(String keyId, String operatorId, byte[] secret) {
    }

    private final Map<String, Key> keys;

    private OperatorKeys(Map<String, Key> keys) {
        this.keys = keys;
    }

    public static OperatorKeys of(Key... keys) {
        Map<String, Key> m = new LinkedHashMap<>();
        for (Key k : keys) {
            m.put(k.keyId(), k);
        }
        return new OperatorKeys(m);
    }

    /** Reads a key file; a bad line is an IllegalArgumentException naming the file, line and field. */
    public static OperatorKeys load(Path file) throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("operator key file " + file + " does not exist");
        }
        Map<String, Key> m = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash);
            }
            line = line.strip();
            if (line.isEmpty()) {
                continue;
            }
            String where = file + " line " + (i + 1);
            String[] f = line.split("\\s+");
            if (f.length != 3) {
                throw new IllegalArgumentException(where + ": expected 'KEY_ID OPERATOR_ID HEX_SECRET', found " + f.length + " fields");
            }
            byte[] secret;
            try {
                secret = HexFormat.of().parseHex(f[2]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": secret is not hex");
            }
            if (secret.length < MIN_SECRET_BYTES) {
                throw new IllegalArgumentException(where + ": secret of " + secret.length + " bytes, at least " + MIN_SECRET_BYTES + " required");
            }
            if (m.containsKey(f[0])) {
                throw new IllegalArgumentException(where + ": key id '" + f[0] + "' appears twice");
            }
            m.put(f[0], new Key(f[0], f[1], secret));
        }
        if (m.isEmpty()) {
            throw new IllegalArgumentException("operator key file " + file + " holds no keys");
        }
        return new OperatorKeys(m);
    }

    public Key find(String keyId) {
        return keys.get(keyId);
    }

    /** The first key of the file (the cli's default when no --key-id is given). */
    public Key first() {
        return keys.values().iterator().next();
    }

    public static byte[] sign(byte[] secret, byte[] commandBytes) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(commandBytes);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 unavailable: " + e.getMessage(), e);
        }
    }

    /** Constant-time check of a signature over the command bytes. */
    public static boolean verify(byte[] secret, byte[] commandBytes, byte[] signature) {
        return MessageDigest.isEqual(sign(secret, commandBytes), signature);
    }
}
