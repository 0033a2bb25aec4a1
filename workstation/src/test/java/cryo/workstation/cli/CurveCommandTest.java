package cryo.workstation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CurveCommandTest {

    private static Path shipped(Path dir) throws Exception {
        Path f = dir.resolve("sim-ruox-mxc.340");
        try (var in = CurveCommandTest.class.getResourceAsStream("/curves/sim-ruox-mxc.340")) {
            Files.write(f, in.readAllBytes());
        }
        return f;
    }

    private static String[] run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = CryoMain.execute(args);
            return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void showPrintsHeaderAndBreakpoints(@TempDir Path dir) throws Exception {
        String[] r = run("curve", "show", shipped(dir).toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("SIM-RUOX, serial MXC-1"), r[1]);
        assertTrue(r[1].contains("data format 4 (Log Ohms/K), interpolation log10 units"), r[1]);
        assertTrue(r[1].contains("200 breakpoints"), r[1]);
        assertEquals(200 + 5, r[1].split("\n").length);
    }

    @Test
    void plotWritesAPng(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("curve.png");
        String[] r = run("curve", "plot", shipped(dir).toString(), "--out", png.toString());
        assertEquals("0", r[0], r[2]);
        var img = ImageIO.read(png.toFile());
        assertEquals(900, img.getWidth());
        assertEquals(600, img.getHeight());
    }

    @Test
    void aBadFileIsOneLineNamingFileAndLine(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.340");
        Files.writeString(f, Files.readString(shipped(dir)).replace("  3  1.771477  36.5454", "  3  1.771477  0"));
        String[] r = run("curve", "show", f.toString());
        assertEquals("1", r[0]);
        assertEquals("cryo: " + f + ":12: breakpoint 3: temperature 0.0 K must be > 0", r[2].trim());
        r = run("curve", "show", dir.resolve("none.340").toString());
        assertEquals("cryo: " + dir.resolve("none.340") + ": no such file", r[2].trim());
    }
}
