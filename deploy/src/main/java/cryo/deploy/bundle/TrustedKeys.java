package cryo.deploy.bundle;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.HexFormat;

/** The public keys a loader accepts bundles from: every {@code *.pub} file in one directory. */
public final class TrustedKeys {
    private final String source;
    private final Map<String, PublicKey> byFingerprint = new LinkedHashMap<>();

    public TrustedKeys(String source, List<PublicKey> keys) {
        this.source = source;
        for (PublicKey k : keys) {
            byFingerprint.put(HexFormat.of().formatHex(KeyFiles.fingerprint(k)), k);
        }
    }

    public static TrustedKeys load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("trusted keys directory " + dir + ": expected a directory, found none");
        }
        List<PublicKey> keys = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*.pub")) {
            List<Path> files = new ArrayList<>();
            stream.forEach(files::add);
            files.sort(null);
            for (Path f : files) {
                keys.add(KeyFiles.readPublic(f));
            }
        }
        if (keys.isEmpty()) {
            throw new IOException("trusted keys directory " + dir + ": expected at least one *.pub file, found none");
        }
        return new TrustedKeys(dir.toString(), keys);
    }

    /** The key with this fingerprint, or null. */
    public PublicKey find(byte[] fingerprint) {
        return byFingerprint.get(HexFormat.of().formatHex(fingerprint));
    }

    public String source() {
        return source;
    }

    /** Short ids of all trusted keys, for messages. */
    public String describe() {
        List<String> ids = new ArrayList<>();
        for (String hex : byFingerprint.keySet()) {
            ids.add(hex.substring(0, 16));
        }
        return byFingerprint.size() + " trusted key(s) in " + source + " " + Arrays.toString(ids.toArray());
    }
}
