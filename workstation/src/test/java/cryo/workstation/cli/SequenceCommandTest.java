package cryo.workstation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceCommandTest {
    private static final Path EXAMPLE = Paths.get("..", "examples", "ramsey.txtpb");

    @TempDir
    Path dir;

    @Test
    void checkAcceptsTheExampleAndRefusesABadFile() throws Exception {
        assertEquals(0, CryoMain.execute("sequence", "check", EXAMPLE.toString()));
        Path bad = dir.resolve("bad.txtpb");
        Files.writeString(bad, "name: \"bad\"\nchannels { name: \"q0\" kind: CHANNEL_DRIVE board_channel: 0 max_amplitude: 0.5 }\n"
                + "pulses { name: \"x\" channel: \"q0\" start_ticks: 2 duration_ticks: 40 amplitude: 0.1 envelope: ENVELOPE_SQUARE }\n");
        assertEquals(1, CryoMain.execute("sequence", "check", bad.toString()));
        assertEquals(1, CryoMain.execute("sequence", "check", dir.resolve("missing.json").toString()));
    }

    @Test
    void checkSaysWhichPathASequenceTakesAndWhy() throws Exception {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        assertEquals(0, CryoMain.execute(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true),
                "sequence", "check", EXAMPLE.toString(), "--loops", "0"));
        assertTrue(out.toString().contains(": path program: fits board memory (structured: "), out.toString());
        assertTrue(out.toString().contains("proven against the board's 15.6 M events/s and 4096-entry FIFO"), out.toString());

        // 70,000 distinct pulses: more than the board's tables hold, so the host streams it
        StringBuilder big = new StringBuilder("name: \"big\"\nchannels { name: \"q0\" kind: CHANNEL_DRIVE board_channel: 0 max_amplitude: 0.5 }\n");
        for (int i = 0; i < 70_000; i++) {
            big.append("pulses { name: \"p\" channel: \"q0\" start_ticks: ").append(i * 100_000L)
                    .append(" duration_ticks: 40 envelope: ENVELOPE_SQUARE }\n");
        }
        Path file = dir.resolve("big.txtpb");
        Files.writeString(file, big.toString());
        out.getBuffer().setLength(0);
        assertEquals(0, CryoMain.execute(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err, true),
                "sequence", "check", file.toString(), "--lookahead-ms", "250"), err.toString());
        assertTrue(out.toString().contains(": path stream: too large for board memory (70000 pulse definitions, the board's definition table "
                + "holds 4096); the host keeps the FIFO 250.000 ms ahead; lookahead 250 ms (--lookahead-ms)"), out.toString());
    }

    @Test
    void plotWritesAPng() throws Exception {
        Path png = dir.resolve("seq.png");
        assertEquals(0, CryoMain.execute("sequence", "plot", EXAMPLE.toString(), "--out", png.toString()));
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1400, img.getWidth());
        assertTrue(img.getHeight() > 300);
    }

    @Test
    void runPlaysTheExampleOnTheSimulator() {
        assertEquals(0, CryoMain.execute("sequence", "run", EXAMPLE.toString(), "--loops", "20"));
    }
}
