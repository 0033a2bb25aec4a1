package cryo.workstation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/**
 * Bad input at the command line: one clear line on stderr, never a stack trace. What makes control
 * impossible exits at once; a mistake in the supervision options (MQTT) turns supervision off and
 * the controller keeps controlling.
 */
class CliBadInputTest {

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CryoMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    /**
     * A loopback port where nothing listens, and nothing can start to while the test holds it:
     * bound by a socket that never listens (a connection to it is refused). Closing a probe
     * socket instead would leave the port free for any other process to take.
     */
    static java.net.Socket heldPort() throws java.io.IOException {
        java.net.Socket s = new java.net.Socket();
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return s;
    }

    private static void assertOneClearLine(Result r) {
        assertTrue(r.code != 0, "non-zero exit");
        String err = r.err.strip();
        assertFalse(err.isEmpty(), "says why on stderr");
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
    }

    /** Runs keep their outbox and alarm journal here, not in ~/.cryo/state (a trip latched there by one run would start the next tripped). */
    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path stateDir;

    @Test
    void anSpiBoardOnAMachineWithoutSpiIsOneLineNamingWhatIsMissing() {
        org.junit.jupiter.api.Assumptions.assumeTrue(!java.nio.file.Files.exists(java.nio.file.Path.of("/dev/spidev0.0")), "this machine has SPI");
        Result r = run("run", "--board", "spi:0.0", "--duration", "1", "--quiet");
        assertOneClearLine(r);
        assertTrue(r.err.contains("/dev/spidev0.0"), r.err);
        r = run("run", "--board", "spi:9.0", "--duration", "1", "--quiet");
        assertOneClearLine(r);
        assertTrue(r.err.startsWith("cryo: --board: "), r.err);
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
        try (java.net.Socket held = heldPort()) {
            int port = held.getLocalPort();
            Result r = run("run", "--broker", "tcp://127.0.0.1:" + port, "--duration", "1", "--quiet", "--state-dir", stateDir.toString());
            assertOneClearLine(r);
            assertTrue(r.err.contains("cannot reach MQTT broker tcp://127.0.0.1:" + port), r.err);
        }
    }

    /**
     * Supervision is not control: a bad MQTT option is one line on stderr naming it, and the
     * controller runs its whole (bounded) --duration, printing a status line every second.
     */
    static void assertControlsWithoutSupervision(Result r, String option, String problem) {
        assertOneClearLine(r); // exit 1 at the end: a timed run that never reached a broker
        assertEquals(1, r.code, r.err);
        assertTrue(r.err.startsWith("cryo: " + option) && r.err.contains(problem), r.err);
        assertTrue(r.err.contains("MQTT supervision off (statuses not published, no commands), controlling anyway"), r.err);
        assertTrue(r.out.contains("without MQTT"), r.out);
        long statusLines = r.out.lines().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d \\| .*\\| ARMED .*")).count();
        assertTrue(statusLines >= 2, "status lines keep coming for the whole run: " + r.out);
    }

    private Result runFor2_5s(String... options) {
        java.util.List<String> a = new java.util.ArrayList<>(java.util.List.of("run", "--duration", "2.5", "--state-dir", stateDir.toString()));
        a.addAll(java.util.List.of(options));
        return run(a.toArray(new String[0]));
    }

    @Test
    void malformedBrokerUriTurnsSupervisionOffNotControl() {
        assertControlsWithoutSupervision(runFor2_5s("--broker", "localhost"), "--broker 'localhost'", "is not a broker URI");
    }

    @Test
    void missingTlsFileTurnsSupervisionOffNotControl() {
        String missing = stateDir.resolve("missing-ca.pem").toString();
        assertControlsWithoutSupervision(runFor2_5s("--broker", "ssl://127.0.0.1:8883", "--cafile", missing), "--cafile " + missing, "does not exist");
    }

    @Test
    void missingPasswordFileTurnsSupervisionOffNotControl() {
        String missing = stateDir.resolve("missing.pw").toString();
        assertControlsWithoutSupervision(runFor2_5s("--broker", "tcp://127.0.0.1:1883", "--username", "sim-1", "--password-file", missing),
                "--password-file " + missing, "does not exist");
    }

    @Test
    void signedCommandsWithoutKeysTurnSupervisionOffNotControl() {
        assertControlsWithoutSupervision(runFor2_5s("--require-signed"), "--require-signed", "needs --operator-keys FILE");
    }

    @Test
    void embeddedPortInUseTurnsSupervisionOffNotControl() throws Exception {
        try (ServerSocket busy = new ServerSocket()) {
            busy.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            assertControlsWithoutSupervision(runFor2_5s("--embedded-port", Integer.toString(busy.getLocalPort())), "--embedded-port", "is in use");
        }
    }

    @Test
    void badConfigurationStopsBeforeControl() {
        Result r = run("run", "--config", stateDir.resolve("missing.yaml").toString(), "--duration", "5", "--state-dir", stateDir.toString());
        assertOneClearLine(r);
        assertTrue(r.err.contains("missing.yaml: cannot read"), r.err);
        assertFalse(r.out.contains("| ARMED"), "no control: " + r.out);
    }

    @Test
    void unreachableBoardStopsBeforeControl() throws Exception {
        try (java.net.Socket held = heldPort()) {
            Result r = run("run", "--board", "tcp://127.0.0.1:" + held.getLocalPort(), "--duration", "5", "--state-dir", stateDir.toString());
            assertOneClearLine(r);
            assertTrue(r.err.contains("board"), r.err);
            assertFalse(r.out.contains("| ARMED"), "no control: " + r.out);
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
        java.nio.file.Path csv = state.resolve("watch.csv");
        // the embedded broker binds a port of the kernel's choosing (no port picked, freed and hoped
        // for) and run says which on stdout: the line a user reads is the one this test reads
        StringWriter runOut = new StringWriter(); // synchronized: read while run writes it
        StringWriter runErr = new StringWriter();
        int[] runCode = new int[1];
        Thread runner = new Thread(() -> runCode[0] = CryoMain.execute(new PrintWriter(runOut, true), new PrintWriter(runErr, true),
                "run", "--embedded-port", "0", "--duration", "8", "--speed", "5", "--node", "cli-1",
                "--state-dir", state.toString())); // its own state: a journalled trip must not outlive the test
        runner.start();
        java.util.regex.Pattern on = java.util.regex.Pattern.compile("status on (tcp://127\\.0\\.0\\.1:\\d+) ");
        long deadline = System.nanoTime() + 20_000_000_000L;
        java.util.regex.Matcher m = on.matcher("");
        while (!(m = on.matcher(runOut.toString())).find() && runner.isAlive() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        assertTrue(m.find(0), "run names its broker on stdout: " + runOut + runErr);
        String broker = m.group(1);
        assertTrue(runOut.toString().contains("cryo: embedded MQTT broker on " + broker + "\n"), "said as soon as it was bound: " + runOut);
        Result watch = null;
        while (System.nanoTime() < deadline) {
            watch = run("watch", "--broker", broker, "--count", "4", "--timeout", "6", "--csv", csv.toString());
            if (watch.code == 0) {
                break;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
        }
        runner.join(30_000);
        Result[] runResult = {new Result(runCode[0], runOut.toString(), runErr.toString())};
        assertEquals(0, watch.code, watch.err);
        assertTrue(watch.out.contains("cli-1 | mxc "), watch.out);
        assertEquals(0, runResult[0].code, runResult[0].err);
        assertTrue(runResult[0].out.contains("| ARMED 0 alarms"), runResult[0].out);
        for (String line : runResult[0].out.lines().filter(l -> l.contains("| ARMED")).toList()) {
            assertTrue(line.length() <= 100, "the status line fits 100 columns: " + line);
            assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d \\| mxc [0-9.]+mK sp 20mK [0-9.]+% R\\d zone.*"), "setpoint and heater % shown: " + line);
        }
        // the CSV watch logged plots cleanly: one header, every row its columns, numbers where numbers belong
        java.util.List<String> rows = java.nio.file.Files.readAllLines(csv);
        String[] header = rows.get(0).split(",", -1);
        assertTrue(rows.size() >= 5, "a header and a row a status: " + rows);
        int mxc = java.util.Arrays.asList(header).indexOf("mxc_K");
        int unix = java.util.Arrays.asList(header).indexOf("unix_s");
        int heater = java.util.Arrays.asList(header).indexOf("loop_mxc_output_W");
        assertTrue(mxc > 0 && unix > 0 && heater > 0, rows.get(0));
        double lastUnix = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] cells = row.split(",", -1);
            assertEquals(header.length, cells.length, row);
            double t = Double.parseDouble(cells[unix]);
            assertTrue(t >= lastUnix, "time runs forward: " + row);
            lastUnix = t;
            double k = Double.parseDouble(cells[mxc]);
            assertTrue(k > 0.005 && k < 0.05, "mixing chamber in kelvin: " + row);
            assertTrue(Double.parseDouble(cells[heater]) >= 0, row);
        }
    }
}
