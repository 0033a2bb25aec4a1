package cryo.workstation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code cryo sim --check}: scenarios judged against their own expectations, a red result for a change that breaks one, JUnit XML for CI. */
class SimCheckTest {
    /** The shipped scenarios, as files (workstation tests run in the module directory). */
    static final Path SHIPPED = Path.of("..", "sim-board", "src", "main", "resources", "scenarios");

    record Run(int exit, String out, String err) {
    }

    static Run cryo(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = CryoMain.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Document parse(Path xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(xml.toFile());
    }

    /**
     * One test for the whole directory: every shipped scenario states its expectations and meets
     * them. The directory goes through the command line; the two long runs (ShippedRuns.SHARED: the
     * 36 h cooldown, the 30 h warm-up) leave it and are judged by the same SimCheck.run on the run
     * SimScenarioTest asserts on too, so each runs once in the suite.
     */
    @Test
    void everyShippedScenarioPassesItsOwnExpectations(@TempDir Path tmp) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("scenarios"));
        long files;
        try (var s = Files.list(SHIPPED)) {
            List<Path> yaml = s.filter(p -> p.toString().endsWith(".yaml")).toList();
            files = yaml.size();
            for (Path p : yaml) {
                if (!ShippedRuns.SHARED.contains(p.getFileName().toString().replaceFirst("\\.yaml$", ""))) {
                    Files.copy(p, dir.resolve(p.getFileName()));
                }
            }
        }
        for (String name : ShippedRuns.SHARED) {
            SimCheck.Case c = ShippedRuns.check(name);
            assertTrue(c.passed(), SimCheck.line(c));
            assertEquals(name, c.name());
        }
        long rest = files - ShippedRuns.SHARED.size();
        Path junit = tmp.resolve("check.xml");
        Run r = cryo("sim", "--check", dir.toString(), "--junit", junit.toString());
        List<String> lines = r.out().lines().toList();
        assertEquals(0, r.exit(), r.out() + r.err());
        assertEquals(rest, lines.stream().filter(l -> l.startsWith("PASS ")).count(), r.out());
        assertTrue(lines.get(lines.size() - 1).startsWith("cryo sim --check: " + rest + " scenarios: " + rest + " passed, 0 failed;"), r.out());

        Element suite = parse(junit).getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        assertEquals(Long.toString(rest), suite.getAttribute("tests"));
        assertEquals("0", suite.getAttribute("failures"));
        assertEquals("0", suite.getAttribute("errors"));
        NodeList cases = suite.getElementsByTagName("testcase");
        assertEquals(rest, cases.getLength());
        assertEquals("board-hang", ((Element) cases.item(0)).getAttribute("name"), "in file-name order");
        assertEquals(0, suite.getElementsByTagName("failure").getLength());
    }

    /**
     * A user's change that breaks a shipped scenario gives a red result naming the expectation:
     * here the circulation-loss scenario with a total loss instead of 80 % (its regulation cannot
     * hold any more; HOLD_BAND_RUNAWAY trips).
     */
    @Test
    void aChangeThatBreaksAScenarioExitsNonZeroNamingTheExpectation(@TempDir Path tmp) throws Exception {
        String shipped = Files.readString(SHIPPED.resolve("circulation-loss.yaml"));
        assertTrue(shipped.contains("value: 0.8"), shipped);
        Path dir = Files.createDirectories(tmp.resolve("lab"));
        Files.writeString(dir.resolve("circulation-loss.yaml"), shipped.replace("value: 0.8", "value: 1.0"));
        Path junit = tmp.resolve("check.xml");
        Run r = cryo("sim", "--check", dir.toString(), "--junit", junit.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        String fail = r.out().lines().filter(l -> l.startsWith("FAIL ")).findFirst().orElseThrow();
        assertTrue(fail.startsWith("FAIL circulation-loss"), fail);
        assertTrue(fail.contains("no_trip (line ") && fail.contains("seen 1 trip, first HOLD_BAND_RUNAWAY on mxc at "), fail);
        assertTrue(r.out().contains("1 scenario: 0 passed, 1 failed (circulation-loss)"), r.out());
        assertTrue(r.err().startsWith("cryo: sim --check: circulation-loss failed: no_trip (line "), r.err());

        Element suite = parse(junit).getDocumentElement();
        assertEquals("1", suite.getAttribute("failures"));
        Element failure = (Element) suite.getElementsByTagName("failure").item(0);
        assertTrue(failure.getAttribute("message").startsWith("no_trip (line "), failure.getAttribute("message"));
        assertTrue(failure.getTextContent().contains("max_k.mxc <= 40.00 mK (line "), failure.getTextContent());
    }

    /**
     * The lab's case: their own configuration with a limit loosened too far. The shipped
     * sensor-frozen scenario passes under a copy of the shipped configuration, and fails, naming
     * its first_trip expectation and the trip seen, once the mixing chamber's stale limit is 30
     * intervals instead of 3.
     */
    @Test
    void aConfigWithAWrongLimitFailsTheShippedScenarioNamingTheExpectation(@TempDir Path tmp) throws Exception {
        Path lab = Files.createDirectories(tmp.resolve("scenarios"));
        Files.copy(SHIPPED.resolve("sensor-frozen.yaml"), lab.resolve("sensor-frozen.yaml"));
        Path resources = Path.of("..", "controller", "src", "main", "resources");
        Path curves = Files.createDirectories(tmp.resolve("curves"));
        try (var s = Files.list(resources.resolve("curves"))) {
            for (Path c : s.toList()) {
                Files.copy(c, curves.resolve(c.getFileName()));
            }
        }
        String shipped = Files.readString(resources.resolve("cryo-cryostat.yaml"));
        Path good = Files.writeString(tmp.resolve("good.yaml"), shipped);
        Run green = cryo("sim", "--check", lab.toString(), "--config", good.toString());
        assertEquals(0, green.exit(), green.out() + green.err());

        String mxcStale = "    - sensor: mxc\n";
        int at = shipped.indexOf("staleIntervals: 3", shipped.indexOf(mxcStale));
        assertTrue(at > 0, "the mxc sensor's stale limit in the shipped configuration");
        Path wrong = Files.writeString(tmp.resolve("wrong.yaml"), shipped.substring(0, at) + "staleIntervals: 30" + shipped.substring(at + "staleIntervals: 3".length()));
        Path junit = tmp.resolve("check.xml");
        Run red = cryo("sim", "--check", lab.toString(), "--config", wrong.toString(), "--junit", junit.toString());
        assertEquals(1, red.exit(), red.out() + red.err());
        String fail = red.out().lines().filter(l -> l.startsWith("FAIL ")).findFirst().orElseThrow();
        assertTrue(fail.startsWith("FAIL sensor-frozen") && fail.contains("first_trip: STALE_DATA on mxc within 0.5 s of the first fault (1800 s) (line "),
                fail);
        assertTrue(red.err().startsWith("cryo: sim --check: sensor-frozen failed: first_trip: STALE_DATA on mxc within 0.5 s"), red.err());
        Element failure = (Element) parse(junit).getDocumentElement().getElementsByTagName("failure").item(0);
        assertTrue(failure.getAttribute("message").startsWith("first_trip: STALE_DATA"), failure.getAttribute("message"));
    }

    @Test
    void aFileThatCannotBeJudgedFailsWithItsLineOrSaysWhy(@TempDir Path tmp) throws Exception {
        Path bad = Files.writeString(tmp.resolve("bad.yaml"), "name: bad\nduration_h: 1\nexpect:\n  no_trip: yes\n");
        Path none = Files.writeString(tmp.resolve("quiet.yaml"), "name: quiet\nduration_s: 10\n");
        Path junit = tmp.resolve("out.xml");
        Run r = cryo("sim", "--check", tmp.toString(), "--junit", junit.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("FAIL bad") && r.out().contains(bad + ":4: expect.no_trip: 'yes': only true"), r.out());
        assertTrue(r.out().contains("FAIL quiet") && r.out().contains(none + ": expect: none given, nothing to check"), r.out());
        Element suite = parse(junit).getDocumentElement();
        assertEquals("2", suite.getAttribute("errors"));
        assertEquals(2, suite.getElementsByTagName("error").getLength());

        Run one = cryo("sim", "--check", bad.toString());
        assertEquals(1, one.exit(), one.out() + one.err());
        assertTrue(one.out().contains("1 scenario: 0 passed, 1 failed (bad)"), one.out());

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        Run e = cryo("sim", "--check", empty.toString());
        assertEquals(1, e.exit());
        assertEquals("cryo: --check " + empty + ": no *.yaml scenario files in it\n", e.err());
        Run j = cryo("sim", "--scenario", "cooldown", "--junit", junit.toString());
        assertEquals("cryo: --junit goes with --check FILE|DIR\n", j.err());
        Run both = cryo("sim", "--check", bad.toString(), "--scenario", "cooldown");
        assertTrue(both.err().startsWith("cryo: --check runs scenario files by itself"), both.err());
    }
}
