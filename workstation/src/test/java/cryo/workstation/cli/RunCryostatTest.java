package cryo.workstation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cryo run} with no --config: the five-stage simulated cryostat, cold, regulated by the
 * shipped cryo-cryostat.yaml — the mixing chamber at 20 mK and the still at 0.8 K from the first
 * status lines.
 */
class RunCryostatTest {

    @Test
    void runRegulatesTheColdCryostatWithTheShippedConfiguration(@TempDir Path state) throws Exception {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // 12 wall seconds at 1.5x: 18 s of the fridge. A slow speed on purpose: the board runs on
        // the wall clock, and at high speed a stall of 0.3 board seconds (15 ms wall at 20x,
        // 200 ms at 1.5x; JIT and a loaded machine at start-up) reads as stale data and trips the interlock
        int code = CryoMain.execute(new PrintWriter(out, true), new PrintWriter(err, true),
                "run", "--embedded-port", "0", "--duration", "12", "--speed", "1.5", "--node", "cryostat-1",
                "--state-dir", state.toString(), "--wide", "--log", state.resolve("run.csv").toString());
        assertEquals(0, code, err.toString());
        List<String> lines = out.toString().lines().filter(l -> l.matches("\\d\\d:\\d\\d:\\d\\d t=.*")).toList();
        assertTrue(lines.size() >= 3, "status lines: " + out);
        String last = lines.get(lines.size() - 1);
        assertTrue(last.contains("| mxc ") && last.contains(" zone ") && last.contains("| still ") && last.contains(" pid") && last.contains("| ARMED"), last);
        // from base (12 mK) to its 20 mK setpoint the chamber's liquid takes minutes (a time constant of
        // about one): 18 s of the fridge show it on its way, warming, without overshoot
        double mxc = millikelvin(last, "mxc");
        assertTrue(mxc > 14.0 && mxc < 20.5, "mixing chamber on its way from base to 20 mK: " + last);
        // the chamber's heater, warming it, loads the still: within 5 mK while that lasts
        assertEquals(800.0, millikelvin(last, "still"), 5.0, "still held at 0.8 K: " + last);
        List<String> csv = java.nio.file.Files.readAllLines(state.resolve("run.csv"));
        assertTrue(csv.get(0).startsWith("time,unix_s,node,board_time_s,seq,mxc_K,mxc_quality,"), csv.get(0));
        assertTrue(csv.size() >= 10, "--log: a row for every status (1.5 a wall second for 12 s): " + csv.size());
    }

    private static double millikelvin(String line, String stage) {
        Matcher m = Pattern.compile("\\| " + stage + " ([0-9.]+)mK").matcher(line);
        assertTrue(m.find(), stage + " in " + line);
        return Double.parseDouble(m.group(1));
    }
}
