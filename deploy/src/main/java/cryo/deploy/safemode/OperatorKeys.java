package cryo.deploy.safemode;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 keys of operators allowed to send commands: DIR/&lt;key_id&gt;.hmac, the key in hex.
 * Without keys no MQTT install is accepted (bundles can still come through the inbox).
 */
public final class OperatorKeys {
    private final Map<String, byte[]> keys;

    public OperatorKeys(Map<String, byte[]> keys) {
        this.keys = Map.copyOf(keys);
    }

    public static OperatorKeys none() {
        return new OperatorKeys(Map.of());
    }

    public static OperatorKeys load(Path dir) throws IOException {
        Map<String, byte[]> keys = new HashMap<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, "*.hmac")) {
            for (Path f : s) {
                String id = f.getFileName().toString().replaceFirst("\\.hmac$", "");
                try {
                    keys.put(id, HexFormat.of().parseHex(Files.readString(f).trim()));
                } catch (IllegalArgumentException e) {
                    throw new IOException(f + ": expected the key in hex, found other text");
                }
            }
        }
        return new OperatorKeys(keys);
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** null when the HMAC verifies; otherwise why not. */
    public String check(String keyId, byte[] command, byte[] hmac) {
        byte[] key = keys.get(keyId);
        if (key == null) {
            return "operator key: expected one of " + keys.keySet() + ", found '" + keyId + "'";
        }
        if (!MessageDigest.isEqual(hmac(key, command), hmac)) {
            return "hmac_sha256: expected a valid HMAC by key '" + keyId + "', found one that does not verify";
        }
        return null;
    }

    public static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
