package cryo.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cryo.deploy.bundle.Bundle;
import cryo.deploy.bundle.BundleLimits;
import cryo.v1.PayloadFile;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The firmware bundle carries the firmware and its runtime libraries, nothing for workstations:
 * built exactly as {@code ./cryo bundle build} builds it from the controller module's output
 * (the reactor packages controller before deploy's tests run).
 */
class FirmwareBundleContentsTest {
    private static final Path FIRMWARE = Path.of("..", "controller", "target");
    /** Workstation, simulator, broker, plotting and CLI libraries that must never reach the board. */
    private static final Pattern BANNED = Pattern.compile(
            "lib/(sim-board|workstation|bench|moquette|netty|h2-|HikariCP|bugsnag|librato|metrics-|jackson|picocli|slf4j-nop|"
                    + "jmh|guava|gson|protobuf-java-util|junit|archunit|"
                    + "org\\.eclipse\\.paho\\.client\\.mqttv3).*"); // the node speaks MQTT 5; 3.1.1 is the workstation's
    /** What the firmware needs at run time (ARCHITECTURE.md): each must be there. */
    private static final List<String> REQUIRED = List.of("controller.jar", "lib/proto-", "lib/hal-", "lib/protobuf-java-",
            "lib/disruptor-", "lib/org.eclipse.paho.mqttv5.client-", "lib/pi4j-core-", "lib/snakeyaml-");

    @TempDir
    Path dir;

    @Test
    void theBundleHoldsOnlyTheFirmwareAndItsRuntimeLibraries() throws Exception {
        boolean built = Files.isDirectory(FIRMWARE.resolve("lib"));
        if (!"true".equalsIgnoreCase(System.getenv("CI"))) {
            assumeTrue(built, "controller not packaged yet (./mvnw -pl controller -am package)");
        }
        assertTrue(built, "expected the packaged firmware at " + FIRMWARE.toAbsolutePath());
        Path keys = dir.resolve("keys");
        Path out = dir.resolve("fw.cryob");
        assertEquals(0, run("bundle", "keygen", "--out", keys.toString()));
        assertEquals(0, run("bundle", "build", "--key", keys.resolve("signing.key").toString(), "--out", out.toString(),
                "--firmware", FIRMWARE.toString(), "--version", "1.0.0"));
        Bundle b = Bundle.parse("fw.cryob", Files.readAllBytes(out), BundleLimits.DEFAULT);
        List<String> paths = new ArrayList<>();
        for (PayloadFile f : b.manifest().getFilesList()) {
            paths.add(f.getPath());
        }
        assertEquals("cryo.controller.app.FirmwareMain", b.manifest().getMainClass());
        for (String p : paths) {
            assertTrue(!BANNED.matcher(p).matches(), "a workstation or simulator library in the firmware bundle: " + p + " in " + paths);
            assertTrue(p.equals("controller.jar") || p.matches("lib/[^/]+\\.jar"), "unexpected payload file " + p);
        }
        for (String r : REQUIRED) {
            assertTrue(paths.stream().anyMatch(p -> p.startsWith(r)), "missing " + r + " in " + paths);
        }
        long bytes = Files.size(out);
        long payloadBytes = 0;
        for (byte[] p : b.payloads()) {
            payloadBytes += p.length;
        }
        // the figures deploy/README.md quotes
        System.out.printf("firmware bundle: %d files, %d bytes payload, %d bytes bundle: %s%n", paths.size(), payloadBytes, bytes, paths);
        for (int i = 0; i < paths.size(); i++) {
            String native_ = platformNative(b.payloads().get(i));
            assertTrue(native_ == null, paths.get(i) + " carries a platform-specific native library " + native_
                    + " (the board is 64-bit ARM; ship pure Java or every platform's build)");
        }
    }

    /**
     * The first native library in a jar that exists for one x86 or desktop platform only (a jar
     * that ships linux-aarch64 too, as JNA does, is fine), or null.
     */
    private static String platformNative(byte[] jar) throws Exception {
        List<String> natives = new ArrayList<>();
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            for (JarEntry e = in.getNextJarEntry(); e != null; e = in.getNextJarEntry()) {
                String n = e.getName().toLowerCase(java.util.Locale.ROOT);
                if (n.endsWith(".so") || n.endsWith(".dll") || n.endsWith(".dylib") || n.endsWith(".jnilib")) {
                    natives.add(e.getName());
                }
            }
        }
        if (natives.isEmpty() || natives.stream().anyMatch(n -> n.contains("aarch64") || n.contains("arm64"))) {
            return null;
        }
        return natives.get(0);
    }

    private static int run(String... args) {
        return DeployMain.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
    }
}
