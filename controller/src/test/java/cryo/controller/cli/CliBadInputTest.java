package cryo.controller.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Bad input at the command line: one clear line on stderr, non-zero exit, never a stack trace. */
class CliBadInputTest {

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CryoMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    private static void assertOneClearLine(Result r) {
        assertTrue(r.code != 0, "non-zero exit");
        String err = r.err.strip();
        assertFalse(err.isEmpty(), "says why on stderr");
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
    }

    @Test
    void unknownOption() {
        Result r = run("run", "--warp-drive");
        assertOneClearLine(r);
        assertEquals(2, r.code);
        assertTrue(r.err.contains("--warp-drive"), r.err);
    }

    @Test
    void unreachableBroker() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // free now, nobody listens after close
        }
        Result r = run("run", "--broker", "tcp://127.0.0.1:" + port, "--duration", "1", "--quiet");
        assertOneClearLine(r);
        assertTrue(r.err.contains("cannot reach MQTT broker tcp://127.0.0.1:" + port), r.err);
    }

    @Test
    void malformedBrokerUri() {
        Result r = run("run", "--broker", "localhost", "--duration", "1");
        assertOneClearLine(r);
        assertTrue(r.err.contains("not a broker URI"), r.err);
    }

    @Test
    void embeddedPortInUse() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Result r = run("run", "--embedded-port", Integer.toString(busy.getLocalPort()), "--duration", "1");
            assertOneClearLine(r);
            assertTrue(r.err.contains("is in use"), r.err);
        }
    }

    @Test
    void badSpeed() {
        Result r = run("run", "--speed", "-3");
        assertOneClearLine(r);
        assertTrue(r.err.contains("--speed"), r.err);
    }

    @Test
    void runPublishesAndWatchDecodesEndToEnd(@org.junit.jupiter.api.io.TempDir java.nio.file.Path state) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        int p = port;
        Result[] runResult = new Result[1];
        Thread runner = new Thread(() -> runResult[0] = run("run", "--embedded-port", Integer.toString(p), "--duration", "8", "--speed", "5", "--node", "cli-1",
                "--state-dir", state.toString())); // its own state: a journalled trip must not outlive the test
        runner.start();
        Result watch = null;
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            watch = run("watch", "--broker", "tcp://127.0.0.1:" + p, "--count", "2", "--timeout", "5");
            if (watch.code == 0) {
                break;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
        }
        runner.join(30_000);
        assertEquals(0, watch.code, watch.err);
        assertTrue(watch.out.contains("cli-1") && watch.out.contains("mxc="), watch.out);
        assertEquals(0, runResult[0].code, runResult[0].err);
        assertTrue(runResult[0].out.contains("interlock=ARMED"), runResult[0].out);
    }
}
