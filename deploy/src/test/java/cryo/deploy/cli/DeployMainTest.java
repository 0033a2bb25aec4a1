package cryo.deploy.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: exit codes 0/1/2 and one clear line on stderr, never a stack trace. */
class DeployMainTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter err = new StringWriter();
        PrintStream oldOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            int code = DeployMain.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(oldOut);
        }
    }

    private static void assertOneErrorLine(Result r, int code, String contains) {
        assertEquals(code, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), "expected one line on stderr, found: " + r.err());
        assertTrue(r.err().contains(contains), r.err());
        assertFalse(r.err().contains("\tat "), "stack trace on stderr: " + r.err());
    }

    @Test
    void keygenBuildVerifyInstallStatus() throws Exception {
        Path keys = dir.resolve("keys");
        assertEquals(0, run("bundle", "keygen", "--out", keys.toString()).code());
        assertOneErrorLine(run("bundle", "keygen", "--out", keys.toString()), 1, "refusing to overwrite a key");
        Path trusted = Files.createDirectories(dir.resolve("trusted"));
        Files.copy(keys.resolve("signing.pub"), trusted.resolve("ops.pub"));
        Path payload = Files.createDirectories(dir.resolve("payload/lib"));
        Files.writeString(payload.resolve("a.jar"), "library");
        Files.writeString(dir.resolve("payload/controller.jar"), "controller");
        Path bundle = dir.resolve("c.cryob");
        Result built = run("bundle", "build", "--key", keys.resolve("signing.key").toString(), "--out", bundle.toString(),
                "--payload", dir.resolve("payload").toString(), "--version", "1.2.0", "--security-counter", "2");
        assertEquals(0, built.code(), built.err());
        assertEquals(0, run("bundle", "verify", bundle.toString(), "--trusted", trusted.toString()).code());

        Path root = dir.resolve("root");
        Result installed = run("loader", "install", bundle.toString(), "--root", root.toString(), "--trusted", trusted.toString());
        assertEquals(0, installed.code(), installed.err());
        assertTrue(installed.out().contains("installed into slot b"), installed.out());
        Result status = run("loader", "status", "--root", root.toString());
        assertEquals(0, status.code(), status.err());
        assertTrue(status.out().contains("slot b*  trial  1.2.0"), status.out());

        // a second install of the same bundle while slot b is on trial is refused
        assertOneErrorLine(run("loader", "install", bundle.toString(), "--root", root.toString(), "--trusted", trusted.toString()),
                1, "refused: node state: expected no trial boot in progress");
    }

    @Test
    void securityCounterOutOfRangeIsRefusedAtBuildAndVerify() throws Exception {
        Path keys = dir.resolve("keys");
        assertEquals(0, run("bundle", "keygen", "--out", keys.toString()).code());
        Path trusted = Files.createDirectories(dir.resolve("trusted"));
        Files.copy(keys.resolve("signing.pub"), trusted.resolve("ops.pub"));
        Files.createDirectories(dir.resolve("payload"));
        Files.writeString(dir.resolve("payload/controller.jar"), "controller");
        for (String counter : new String[] {"-1", "1000001"}) {
            assertOneErrorLine(run("bundle", "build", "--key", keys.resolve("signing.key").toString(), "--out", dir.resolve("x.cryob").toString(),
                    "--payload", dir.resolve("payload").toString(), "--version", "1.0.0", "--security-counter", counter), 1,
                    "--security-counter: expected 0..1000000, found " + counter);
        }
        assertFalse(Files.exists(dir.resolve("x.cryob")));
        // a bundle made by an older builder that stored -1 as 2^64-1
        java.security.KeyPair pair = new java.security.KeyPair(cryo.deploy.bundle.KeyFiles.readPublic(keys.resolve("signing.pub")),
                cryo.deploy.bundle.KeyFiles.readPrivate(keys.resolve("signing.key")));
        Path old = dir.resolve("old.cryob");
        Files.write(old, new cryo.deploy.bundle.BundleBuilder().version("1.0.0").securityCounter(-1).mainClass("x.Main")
                .file("controller.jar", new byte[] {1}).build(pair));
        assertOneErrorLine(run("bundle", "verify", old.toString(), "--trusted", trusted.toString()), 1,
                "security counter: expected 0..1000000, found 18446744073709551615");
        assertOneErrorLine(run("loader", "install", old.toString(), "--root", dir.resolve("root").toString(), "--trusted", trusted.toString()), 1,
                "security counter: expected 0..1000000, found 18446744073709551615");
    }

    @Test
    void showListsManifestAndFiles() throws Exception {
        Path keys = dir.resolve("keys");
        assertEquals(0, run("bundle", "keygen", "--out", keys.toString()).code());
        Files.createDirectories(dir.resolve("payload/lib"));
        Files.writeString(dir.resolve("payload/controller.jar"), "controller");
        Files.writeString(dir.resolve("payload/lib/a.jar"), "library");
        Path bundle = dir.resolve("c.cryob");
        assertEquals(0, run("bundle", "build", "--key", keys.resolve("signing.key").toString(), "--out", bundle.toString(),
                "--payload", dir.resolve("payload").toString(), "--version", "1.2.0", "--security-counter", "3").code());
        Result shown = run("bundle", "show", bundle.toString());
        assertEquals(0, shown.code(), shown.err());
        assertTrue(shown.out().contains("version            1.2.0"), shown.out());
        assertTrue(shown.out().contains("security counter   3"), shown.out());
        assertTrue(shown.out().contains("main class         cryo.controller.app.FirmwareMain"), shown.out());
        assertTrue(shown.out().contains("files              2, 17 bytes"), shown.out());
        // sha256("controller")
        assertTrue(shown.out().contains("        10  " + java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest("controller".getBytes(StandardCharsets.UTF_8))) + "  controller.jar"),
                shown.out());
        assertOneErrorLine(run("bundle", "show", dir.resolve("none.cryob").toString()), 1, "expected a file, found nothing");
        Files.writeString(dir.resolve("junk.cryob"), "not a bundle at all");
        assertOneErrorLine(run("bundle", "show", dir.resolve("junk.cryob").toString()), 1, "magic");
    }

    @Test
    void badInputGivesOneLineAndTheRightCode() throws Exception {
        assertOneErrorLine(run("loader", "frobnicate"), 2, "Unmatched argument");
        assertOneErrorLine(run("bundle", "build", "--out", "x"), 2, "Missing required option");
        Path trusted = Files.createDirectories(dir.resolve("trusted"));
        assertOneErrorLine(run("bundle", "verify", dir.resolve("none.cryob").toString(), "--trusted", trusted.toString()), 1,
                "expected at least one *.pub file");
        Files.writeString(trusted.resolve("x.pub"), "not a key");
        assertOneErrorLine(run("bundle", "verify", dir.resolve("none.cryob").toString(), "--trusted", trusted.toString()), 1,
                "expected a PEM block");
        assertOneErrorLine(run("loader", "status", "--root", dir.resolve("nothing").toString()), 1, "expected a loader root");
        assertOneErrorLine(run("loader", "run", "--root", dir.resolve("r").toString(), "--trusted", dir.resolve("none").toString()), 1,
                "--trusted: trusted keys directory");
    }

    @Test
    void theLoaderRefusesABadBoardUriInOneLine() {
        Path keys = dir.resolve("board-keys");
        assertEquals(0, run("bundle", "keygen", "--out", keys.toString()).code());
        assertOneErrorLine(run("loader", "run", "--root", dir.resolve("r2").toString(), "--trusted", keys.toString(),
                "--board", "usb:0"), 1, "--board: ");
        assertOneErrorLine(run("loader", "run", "--root", dir.resolve("r3").toString(), "--trusted", keys.toString(),
                "--board", "spi:0.9"), 1, "--board: ");
    }
}
