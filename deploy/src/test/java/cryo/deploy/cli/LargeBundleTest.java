package cryo.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bundle build, verify and show stream: a bundle with a 200 MB payload file builds and verifies in
 * a JVM with the launcher's 64 MB heap, and the loader installs it into a slot under the same heap.
 */
class LargeBundleTest {
    private static final long PAYLOAD_BYTES = 200L << 20;

    @TempDir
    Path dir;

    private record Result(int code, String out) {
    }

    @Test
    void aTwoHundredMegabyteBundleBuildsAndVerifiesUnderA64MegabyteHeap() throws Exception {
        Path keys = dir.resolve("keys");
        assertEquals(0, DeployMain.execute(new String[] {"bundle", "keygen", "--out", keys.toString()},
                new java.io.PrintWriter(java.io.Writer.nullWriter()), new java.io.PrintWriter(java.io.Writer.nullWriter())));
        Path trusted = Files.createDirectories(dir.resolve("trusted"));
        Files.copy(keys.resolve("signing.pub"), trusted.resolve("ops.pub"));
        Path payload = Files.createDirectories(dir.resolve("payload"));
        Files.writeString(payload.resolve("controller.jar"), "controller");
        try (RandomAccessFile big = new RandomAccessFile(payload.resolve("big.bin").toFile(), "rw")) {
            big.setLength(PAYLOAD_BYTES); // sparse: no disk for the input, only for the bundle
            big.seek(PAYLOAD_BYTES / 2);
            big.write("a mark in the middle".getBytes(StandardCharsets.US_ASCII));
        }
        Path bundle = dir.resolve("big.cryob");
        try {
            Result built = deployMain("bundle", "build", "--key", keys.resolve("signing.key").toString(), "--out", bundle.toString(),
                    "--payload", payload.toString(), "--version", "1.0.0");
            assertEquals(0, built.code(), built.out());
            assertTrue(Files.size(bundle) > PAYLOAD_BYTES, "bundle size " + Files.size(bundle));

            Result verified = deployMain("bundle", "verify", bundle.toString(), "--trusted", trusted.toString());
            assertEquals(0, verified.code(), verified.out());
            assertTrue(verified.out().contains("verifies: 1.0.0, 2 files"), verified.out());

            Result shown = deployMain("bundle", "show", bundle.toString());
            assertEquals(0, shown.code(), shown.out());
            assertTrue(shown.out().matches("(?s).*\\s" + PAYLOAD_BYTES + "\\s+[0-9a-f]{64}\\s+big\\.bin.*"), shown.out());

            Result installed = deployMain("loader", "install", bundle.toString(), "--root", dir.resolve("root").toString(),
                    "--trusted", trusted.toString());
            assertEquals(0, installed.code(), installed.out());
            assertTrue(installed.out().contains("installed into slot b"), installed.out());
            assertEquals(PAYLOAD_BYTES, Files.size(dir.resolve("root/slots/b/payload/big.bin")));
        } finally {
            Files.deleteIfExists(bundle);
            Files.deleteIfExists(dir.resolve("root/slots/b/payload/big.bin"));
        }
    }

    /** DeployMain in a child JVM with the launcher's small-board options. */
    private Result deployMain(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-Xmx64m", "-cp", System.getProperty("java.class.path"), DeployMain.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM did not finish");
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
