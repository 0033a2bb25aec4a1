package cryo.controller.mqtt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The repository's docs/mosquitto files as the tests use them: read from docs/ itself (no copy
 * that could drift), the example mosquitto.conf with only its paths and ports pointed at a test
 * directory — every other line as documented.
 */
public final class ExampleMosquittoConf {
    private ExampleMosquittoConf() {
    }

    /** A file of the repository, found from the module directory the tests run in. */
    public static Path repoFile(String relative) {
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path f = d.resolve(relative);
            if (Files.isRegularFile(f) && Files.isDirectory(d.resolve("controller"))) {
                return f;
            }
        }
        throw new IllegalStateException(relative + " not found above " + Path.of("").toAbsolutePath());
    }

    /**
     * docs/mosquitto/mosquitto.conf with {@code files} replacing the values of its file options
     * (password_file, acl_file, persistence_location, cafile, certfile, keyfile), the TLS
     * listener 8883 moved to {@code tlsPort} and the loopback listener 1883 to {@code plainPort}.
     */
    public static String adapted(Map<String, String> files, int tlsPort, int plainPort) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String line : Files.readString(repoFile("docs/mosquitto/mosquitto.conf")).split("\n")) {
            String[] kv = line.strip().split("\\s+", 2);
            if (line.strip().equals("listener 8883")) {
                line = "listener " + tlsPort + " 127.0.0.1";
            } else if (line.strip().equals("listener 1883 127.0.0.1")) {
                line = "listener " + plainPort + " 127.0.0.1";
            } else if (!line.startsWith("#") && files.containsKey(kv[0])) {
                line = kv[0] + " " + files.get(kv[0]);
            }
            if (!line.startsWith("#") && (line.contains("/etc/") || line.contains("/var/") || line.contains(" 8883") || line.contains(" 1883"))) {
                throw new IllegalStateException("docs/mosquitto/mosquitto.conf: no test value for '" + line + "'");
            }
            out.append(line).append('\n');
        }
        return out.toString();
    }
}
