package cryo.controller.mqtt;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS with a server certificate and client certificates, against a mosquitto TLS listener. */
class TlsTest {
    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    @TempDir
    Path tmp;

    @Test
    void mutualTlsSessionAndOneLineErrorsForBadFiles() throws Exception {
        assumeTrue(MosquittoProcess.available() && Files.isExecutable(OPENSSL), "mosquitto and openssl needed");
        Path d = tmp.resolve("pki");
        Files.createDirectories(d);
        Files.writeString(d.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        ssl(d, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.crt", "-days", "2", "-subj", "/CN=test-ca");
        ssl(d, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "other-ca.key", "-out", "other-ca.crt", "-days", "2", "-subj", "/CN=other-ca");
        for (String name : List.of("broker", "node", "sup")) {
            ssl(d, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", "/CN=" + name);
            ssl(d, "x509", "-req", "-in", name + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-out", name + ".crt",
                    "-days", "2", "-extfile", "san.ext");
        }
        String conf = "cafile " + d.resolve("ca.crt") + "\ncertfile " + d.resolve("broker.crt") + "\nkeyfile " + d.resolve("broker.key")
                + "\nrequire_certificate true\n";
        try (MosquittoProcess broker = MosquittoProcess.start(tmp.resolve("broker"), conf)) {
            String uri = "ssl://127.0.0.1:" + broker.port();
            BrokerOptions nodeTls = new BrokerOptions(uri, null, null, d.resolve("ca.crt"), d.resolve("node.crt"), d.resolve("node.key"));
            BrokerOptions supTls = new BrokerOptions(uri, null, null, d.resolve("ca.crt"), d.resolve("sup.crt"), d.resolve("sup.key"));
            NodeFixture n = new NodeFixture("tls-1", nodeTls, tmp.resolve("state"), null, false, 0.2);
            try (TestSubscriber sub = new TestSubscriber(uri, "tls-1", "tls-sup", false, supTls.validate())) {
                assertTrue(TestSubscriber.await(10, () -> sub.copy(sub.statuses).size() >= 3), "statuses over mutual TLS: " + n.session.lastError());
                assertTrue(sub.copy(sub.states).get(0).hasBirth());
            } finally {
                n.close();
            }
            // a broker certificate from a CA we do not trust: refused, control goes on
            BrokerOptions wrongCa = new BrokerOptions(uri, null, null, d.resolve("other-ca.crt"), d.resolve("node.crt"), d.resolve("node.key"));
            NodeFixture w = new NodeFixture("tls-2", wrongCa, tmp.resolve("state2"), null, false, 0.2);
            try {
                assertTrue(TestSubscriber.await(10, () -> !w.session.lastError().isEmpty()), "handshake refused");
                assertTrue(!w.session.connected());
                long seq = w.controller.ring().processedSequence();
                assertTrue(TestSubscriber.await(5, () -> w.controller.ring().processedSequence() > seq + 10), "control goes on");
            } finally {
                w.close();
            }
        }
        String uri = "ssl://127.0.0.1:8883";
        assertOneLine(assertThrows(IllegalArgumentException.class,
                () -> new BrokerOptions(uri, null, null, d.resolve("missing.crt"), null, null).validate()).getMessage(), "--cafile");
        assertOneLine(assertThrows(IllegalArgumentException.class,
                () -> new BrokerOptions(uri, null, null, d.resolve("ca.crt"), d.resolve("node.crt"), d.resolve("sup.key")).validate()).getMessage(), "does not match");
        assertOneLine(assertThrows(IllegalArgumentException.class,
                () -> new BrokerOptions(uri, null, null, d.resolve("ca.key"), null, null).validate()).getMessage(), "--cafile");
        assertOneLine(assertThrows(IllegalArgumentException.class,
                () -> new BrokerOptions("tcp://127.0.0.1:1883", null, null, d.resolve("ca.crt"), null, null).validate()).getMessage(), "ssl://");
        assertOneLine(assertThrows(IllegalArgumentException.class,
                () -> new BrokerOptions("mqtt://x", null, null, null, null, null).validate()).getMessage(), "--broker");
    }

    private static void assertOneLine(String message, String mentions) {
        assertTrue(message.contains(mentions) && !message.contains("\n"), message);
    }

    private static void ssl(Path dir, String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(OPENSSL.toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("openssl.log").toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl " + args[0] + ": " + Files.readString(dir.resolve("openssl.log")));
    }
}
