package cryo.workstation.mqtt;

import cryo.controller.mqtt.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cryo.workstation.cli.CryoMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS against mosquitto TLS listeners, with certificates made by openssl here: client
 * certificates (mutual TLS), server authentication alone, and TLS with username/password.
 */
class TlsTest {
    @TempDir
    static Path pki;

    @TempDir
    Path tmp;

    @BeforeAll
    static void makeCertificates() throws Exception {
        assumeTrue(MosquittoProcess.available() && TestPki.available(), "mosquitto and openssl needed");
        TestPki.make(pki, "broker", "node", "sup");
    }

    private static String serverTls() {
        return "cafile " + pki.resolve("ca.crt") + "\ncertfile " + pki.resolve("broker.crt") + "\nkeyfile " + pki.resolve("broker.key") + "\n";
    }

    private static Path f(String name) {
        return pki.resolve(name);
    }

    @Test
    void mutualTlsSessionAndOneLineErrorsForBadFiles() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start(tmp.resolve("broker"), serverTls() + "require_certificate true\n")) {
            String uri = "ssl://127.0.0.1:" + broker.port();
            BrokerOptions nodeTls = new BrokerOptions(uri, null, null, f("ca.crt"), f("node.crt"), f("node.key"));
            BrokerOptions supTls = new BrokerOptions(uri, null, null, f("ca.crt"), f("sup.crt"), f("sup.key"));
            NodeFixture n = new NodeFixture("tls-1", nodeTls, tmp.resolve("state"), null, false, 0.2);
            try (TestSubscriber sub = new TestSubscriber(uri, "tls-1", "tls-sup", false, Mqtt311Options.of(supTls))) {
                assertTrue(TestSubscriber.await(10, () -> sub.copy(sub.statuses).size() >= 3), "statuses over mutual TLS: " + n.session.lastError());
                assertTrue(sub.copy(sub.states).get(0).hasBirth());
            } finally {
                n.close();
            }
            // a broker certificate from a CA we do not trust: refused, control goes on
            assertRefusedWhileControlGoesOn("tls-2", new BrokerOptions(uri, null, null, f("other-ca.crt"), f("node.crt"), f("node.key")));
            // this broker wants a client certificate: server authentication alone is refused
            assertRefusedWhileControlGoesOn("tls-2b", new BrokerOptions(uri, null, null, f("ca.crt"), null, null));
        }
        String uri = "ssl://127.0.0.1:8883";
        assertOneLine(assertThrows(IllegalArgumentException.class,
                () -> Mqtt311Options.of(new BrokerOptions(uri, null, null, f("missing.crt"), null, null))).getMessage(), "--cafile");
        assertOneLine(assertThrows(IllegalArgumentException.class,
                () -> Mqtt311Options.of(new BrokerOptions(uri, null, null, f("ca.crt"), f("node.crt"), f("sup.key")))).getMessage(), "does not match");
        assertOneLine(assertThrows(IllegalArgumentException.class,
                () -> Mqtt311Options.of(new BrokerOptions(uri, null, null, f("ca.key"), null, null))).getMessage(), "--cafile");
        assertOneLine(assertThrows(IllegalArgumentException.class,
                () -> Mqtt311Options.of(new BrokerOptions("tcp://127.0.0.1:1883", null, null, f("ca.crt"), null, null))).getMessage(), "ssl://");
        assertOneLine(assertThrows(IllegalArgumentException.class,
                () -> Mqtt311Options.of(new BrokerOptions("mqtt://x", null, null, null, null, null))).getMessage(), "--broker");
    }

    @Test
    void serverAuthenticationOnlyWithoutAClientCertificate() throws Exception {
        try (MosquittoProcess broker = MosquittoProcess.start(tmp.resolve("broker"), serverTls())) {
            String uri = "ssl://127.0.0.1:" + broker.port();
            BrokerOptions caOnly = new BrokerOptions(uri, null, null, f("ca.crt"), null, null);
            NodeFixture n = new NodeFixture("tls-3", caOnly, tmp.resolve("state"), null, false, 0.2);
            try (TestSubscriber sub = new TestSubscriber(uri, "tls-3", "tls-sup3", false, Mqtt311Options.of(caOnly))) {
                assertTrue(TestSubscriber.await(10, () -> sub.copy(sub.statuses).size() >= 3), "statuses over server-authenticated TLS: " + n.session.lastError());
                assertTrue(sub.copy(sub.states).get(0).hasBirth());
            } finally {
                n.close();
            }
            // the server is still authenticated: a CA that did not sign it is refused
            assertRefusedWhileControlGoesOn("tls-4", new BrokerOptions(uri, null, null, f("other-ca.crt"), null, null));
        }
    }

    @Test
    void tlsWithUsernameAndPassword() throws Exception {
        Path dir = tmp.resolve("broker");
        Files.createDirectories(dir);
        Path passwd = dir.resolve("passwd");
        SupervisionCliAndAclTest.passwords(passwd, new String[][] {{"tls-5", "nodepw"}, {"observer", "obspw"}});
        String conf = serverTls() + "allow_anonymous false\npassword_file " + passwd + "\n";
        try (MosquittoProcess broker = MosquittoProcess.start(dir, conf)) {
            String uri = "ssl://127.0.0.1:" + broker.port();
            Path nodePw = tmp.resolve("node.pw");
            Files.writeString(nodePw, "nodepw\n");
            NodeFixture n = new NodeFixture("tls-5", new BrokerOptions(uri, "tls-5", nodePw, f("ca.crt"), null, null), tmp.resolve("state"),
                    null, false, 0.2);
            Path obsPw = tmp.resolve("obs.pw");
            Files.writeString(obsPw, "obspw\n");
            MqttConnectOptions observer = Mqtt311Options.of(new BrokerOptions(uri, "observer", obsPw, f("ca.crt"), null, null));
            try (TestSubscriber sub = new TestSubscriber(uri, "tls-5", "tls-obs", false, observer)) {
                assertTrue(TestSubscriber.await(10, () -> sub.copy(sub.statuses).size() >= 3), "statuses over TLS with a password: " + n.session.lastError());
            } finally {
                n.close();
            }
            Path wrong = tmp.resolve("wrong.pw");
            Files.writeString(wrong, "nope\n");
            String why = assertRefusedWhileControlGoesOn("tls-5", new BrokerOptions(uri, "tls-5", wrong, f("ca.crt"), null, null));
            assertTrue(why.toLowerCase().contains("password") || why.toLowerCase().contains("authori"), why);
            assertRefusedWhileControlGoesOn("tls-5", new BrokerOptions(uri, null, null, f("ca.crt"), null, null)); // anonymous
        }
    }

    @Test
    void cryoRunWithMismatchedTlsFilesSaysSoOnceAndKeepsControlling() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CryoMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), "run", "--broker", "ssl://127.0.0.1:8883",
                "--cafile", f("ca.crt").toString(), "--cert", f("node.crt").toString(), "--key", f("sup.key").toString(),
                "--duration", "2.5", "--state-dir", tmp.resolve("state").toString());
        assertEquals(1, code, "a timed run that never had a broker: " + err);
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertTrue(err.toString().startsWith("cryo: --key") && err.toString().contains("does not match")
                && err.toString().contains("MQTT supervision off"), err.toString());
        assertTrue(out.toString().lines().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d \\| .*\\| ARMED .*")).count() >= 2,
                "control ran the whole time: " + out);
    }

    /** A node whose broker refuses it: one line in lastError, not connected, the ring keeps ticking. */
    private String assertRefusedWhileControlGoesOn(String node, BrokerOptions options) throws Exception {
        NodeFixture w = new NodeFixture(node, options, tmp.resolve("state-" + node + System.nanoTime()), null, false, 0.2);
        try {
            assertTrue(TestSubscriber.await(10, () -> !w.session.lastError().isEmpty()), "refused");
            assertFalse(w.session.connected());
            String why = w.session.lastError();
            assertFalse(why.contains("\n"), why);
            long seq = w.controller.ring().processedSequence();
            assertTrue(TestSubscriber.await(5, () -> w.controller.ring().processedSequence() > seq + 10), "control goes on");
            assertFalse(w.session.connected(), "still refused");
            return why;
        } finally {
            w.close();
        }
    }

    private static void assertOneLine(String message, String mentions) {
        assertTrue(message.contains(mentions) && !message.contains("\n"), message);
    }
}
