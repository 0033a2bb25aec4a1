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
