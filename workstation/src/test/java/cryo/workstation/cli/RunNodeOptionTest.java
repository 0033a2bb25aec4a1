package cryo.workstation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cryo run --config FILE}: the file's nodeId holds unless --node is given. */
class RunNodeOptionTest {
    @TempDir
    Path dir;

    @Test
    void theConfigFilesNodeIdHoldsUnlessNodeIsGiven() throws Exception {
        Path f = dir.resolve("cryo.yaml");
        String shipped;
        try (var in = RunNodeOptionTest.class.getResourceAsStream("/cryo-default.yaml")) {
            shipped = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertTrue(shipped.contains("nodeId: sim-1\n"), "the shipped file names its node");
        Files.writeString(f, shipped.replace("nodeId: sim-1\n", "nodeId: lab-7\n"));
        Files.createDirectories(dir.resolve("curves"));
        try (var in = RunNodeOptionTest.class.getResourceAsStream("/curves/sim-ruox-mxc-spline.340")) {
            Files.copy(in, dir.resolve("curves/sim-ruox-mxc-spline.340")); // the file's curve, relative to it
        }

        assertTrue(run(f).contains("cryo: node lab-7 running"), "the file's nodeId without --node");
        // the rest of the rule without another start-up (a run costs seconds)
        cryo.controller.config.ControllerConfig fromFile = cryo.controller.config.ConfigLoader.load(f);
        assertEquals("fridge-2", RunCommand.nodeId("fridge-2", fromFile), "--node overrides the file");
        assertEquals("lab-7", RunCommand.nodeId(null, fromFile));
        assertEquals("sim-1", RunCommand.nodeId(null, null), "neither: the default");
    }

    private String run(Path config, String... more) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] args = {"run", "--config", config.toString(), "--duration", "0.5", "--quiet", "--embedded-port", "0",
                "--state-dir", dir.resolve("state-" + System.nanoTime()).toString()};
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        int code = CryoMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), all);
        assertEquals(0, code, err.toString());
        return out.toString();
    }
}
