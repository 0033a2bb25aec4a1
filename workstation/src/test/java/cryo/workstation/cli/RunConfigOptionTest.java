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
}
