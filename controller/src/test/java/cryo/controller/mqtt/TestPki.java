package cryo.controller.mqtt;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Certificates made by openssl for TLS tests: a CA ("ca"), a second CA nobody trusts ("other-ca"), and leaf certificates it signs for 127.0.0.1. */
public final class TestPki {
    public static final Path OPENSSL = Path.of("/usr/bin/openssl");

    private TestPki() {
    }

    public static boolean available() {
        return MosquittoProcess.required(OPENSSL, System.getenv("CI"));
    }

    /** Writes ca.crt/key, other-ca.crt/key and NAME.crt/NAME.key for each leaf into {@code dir}. */
    public static void make(Path dir, String... leaves) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        ssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=test-ca");
        ssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out", "other-ca.crt", "-days", "2", "-subj", "/CN=other-ca");
        for (String name : leaves) {
            ssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
            ssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", name + ".crt",
                    "-days", "2", "-extfile", "san.ext");
        }
    }

    private static void ssl(Path dir, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(OPENSSL.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl " + args[0] + ": " + Files.readString(dir.resolve("openssl.log")));
    }
}
