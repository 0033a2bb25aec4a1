package cryo.workstation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cryo run --config FILE}: a bad file is one line naming file, line and field, before anything starts. */
class RunConfigOptionTest {

    @Test
    void aBadConfigurationIsOneLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("cryo.yaml");
        String shipped;
        try (var in = RunConfigOptionTest.class.getResourceAsStream("/cryo-default.yaml")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Files.writeString(f, shipped.replace("tickIntervalSeconds: 0.1", "tickIntervalSecond: 0.1"));
        int line = java.util.Arrays.asList(shipped.split("\n")).indexOf("tickIntervalSeconds: 0.1") + 1;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            code = CryoMain.execute("run", "--config", f.toString(), "--embedded-port", "0");
        } finally {
            System.setErr(oldErr);
        }
        String e = err.toString(StandardCharsets.UTF_8).trim();
        assertEquals(1, code, e);
        assertEquals(1, e.split("\n").length, e);
        assertTrue(e.startsWith("cryo: " + f + ":" + line + ": tickIntervalSecond: unknown key"), e);
    }

    /** The five-stage configuration against the one-stage board of 'cryo board': refused before control, naming the sensors. */
    @Test
    void aConfigurationNamingSensorsTheBoardLacksIsRefused(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("curves"));
        for (String r : new String[] {"cryo-cryostat.yaml", "curves/sim-ruox-mxc-spline.340", "curves/sim-pt100-50k.340", "curves/sim-cernox-4k.340"}) {
            try (var in = RunConfigOptionTest.class.getResourceAsStream("/" + r)) {
                Files.write(dir.resolve(r), in.readAllBytes());
            }
        }
        java.io.StringWriter boardOut = new java.io.StringWriter();
        Thread board = new Thread(() -> CryoMain.execute(new java.io.PrintWriter(boardOut, true), new java.io.PrintWriter(new java.io.StringWriter(), true),
                "board", "--port", "0", "--duration", "8"));
        board.setDaemon(true);
        board.start();
        java.util.regex.Pattern uri = java.util.regex.Pattern.compile("tcp://127\\.0\\.0\\.1:\\d+");
        long deadline = System.nanoTime() + 10_000_000_000L;
        java.util.regex.Matcher m = uri.matcher("");
        while (System.nanoTime() < deadline && !(m = uri.matcher(boardOut.toString())).find()) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        assertTrue(m.find(0), "board serving: " + boardOut);
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        int code = CryoMain.execute(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true), "run", "--config",
                dir.resolve("cryo-cryostat.yaml").toString(), "--board", m.group(), "--duration", "5", "--state-dir", dir.resolve("state").toString());
        String e = err.toString().strip();
        assertEquals(1, code, e);
        assertEquals(1, e.lines().count(), e);
        assertTrue(e.contains("names 5 sensors the board does not have: still (channel 2), cold-plate (channel 3), sample (channel 5), 50k (channel 0), 4k (channel 1)"), e);
        assertTrue(!out.toString().contains("| ARMED"), "no control: " + out);
        board.join(15_000);
    }
}
