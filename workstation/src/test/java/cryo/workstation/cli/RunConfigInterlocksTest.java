package cryo.workstation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cryo run --config FILE} runs with the file's interlock limits, not the stage defaults: the
 * shipped cryostat file with an under-temperature limit of 4 K on the 4 K plate (which sits at
 * 3.3 K) trips UNDER_TEMPERATURE at once. (Before, run rebuilt the configuration and dropped the
 * file's interlock section.)
 */
class RunConfigInterlocksTest {

    private static String resource(String name) throws Exception {
        try (InputStream in = RunConfigInterlocksTest.class.getResourceAsStream("/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void runUsesTheInterlockLimitsOfTheConfigurationFile(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("curves"));
        for (String c : List.of("sim-ruox-mxc-spline.340", "sim-pt100-50k.340", "sim-cernox-4k.340")) {
            Files.writeString(dir.resolve("curves").resolve(c), resource("curves/" + c), StandardCharsets.ISO_8859_1);
        }
        String yaml = resource("cryo-cryostat.yaml");
        String plate = "    - sensor: 4k\n      overTemperatureKelvin: 320\n      underTemperatureKelvin: off\n";
        assertTrue(yaml.contains(plate), "the shipped file's 4 K plate entry");
        Path f = dir.resolve("cryo.yaml");
        Files.writeString(f, yaml.replace(plate, plate.replace("underTemperatureKelvin: off", "underTemperatureKelvin: 4.0")),
                StandardCharsets.UTF_8);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = CryoMain.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                "run", "--config", f.toString(), "--embedded-port", "0", "--duration", "3", "--node", "limits-1",
                "--state-dir", dir.resolve("state").toString(), "--wide");
        assertEquals(0, code, err.toString());
        List<String> lines = out.toString().lines().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d t=.*")).toList();
        assertTrue(!lines.isEmpty(), "status lines: " + out);
        String last = lines.get(lines.size() - 1);
        assertTrue(last.contains("| 4k ") && last.contains("| 50k "), "the plates are in the status line: " + last);
        assertTrue(last.contains("| TRIPPED(UNDER_TEMPERATURE"), last);
    }
}
