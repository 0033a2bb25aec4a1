package cryo.workstation.cli;

import cryo.controller.config.ControllerConfig;
import cryo.sim.scenario.Scenario;
import cryo.sim.scenario.ScenarioException;
import cryo.sim.scenario.ScenarioLoader;
import cryo.sim.scenario.expect.Expectation;
import cryo.sim.scenario.expect.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * {@code cryo sim --check}: runs scenario files and judges each against its own {@code expect:}
 * block. One {@link Case} per file; a file that does not load, a run that fails and a file that
 * states no expectation all count as failures, so a check never passes by checking nothing.
 */
final class SimCheck {
    /** Runs one scenario (SimRun with the seed and configuration of the command line). */
    interface Runner {
        SimRun.Result run(Scenario scenario) throws Exception;
    }

    /**
     * One scenario file's result.
     *
     * @param error why it could not be judged (a bad file, a failed run, no expectations), or null
     */
    record Case(String name, Path file, double simulatedSeconds, double wallSeconds, List<Verdict> verdicts, String error) {
        boolean passed() {
            return error == null && verdicts.stream().allMatch(Verdict::passed);
        }

        /** The first failed expectation and what was seen, or the error. */
        String failure() {
            if (error != null) {
                return error;
            }
            return verdicts.stream().filter(v -> !v.passed()).findFirst()
                    .map(v -> v.expectation() + " (line " + v.line() + "): seen " + v.seen()).orElse("");
        }
    }

    private SimCheck() {
    }

    /** A file, or every *.yaml directly in a directory in name order. */
    static List<Path> files(Path fileOrDir) {
        if (Files.isRegularFile(fileOrDir)) {
            return List.of(fileOrDir);
        }
        if (!Files.isDirectory(fileOrDir)) {
            throw new UserError("--check " + fileOrDir + ": no such file or directory");
        }
        List<Path> out;
        try (Stream<Path> s = Files.list(fileOrDir)) {
            out = s.filter(p -> p.getFileName().toString().endsWith(".yaml") && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UserError("--check " + fileOrDir + ": cannot list: " + e.getMessage());
        }
        if (out.isEmpty()) {
            throw new UserError("--check " + fileOrDir + ": no *.yaml scenario files in it");
        }
        return out;
    }

    /** Loads, runs and judges one file; {@code config} is the one the runner runs under (it says which loop reads which stage). */
    static Case run(Path file, ControllerConfig config, Runner runner) {
        String fallbackName = file.getFileName().toString().replaceFirst("\\.yaml$", "");
        Scenario s;
        try {
            s = ScenarioLoader.loadFile(file, cryo.workstation.sequence.SequenceFiles::read);
        } catch (ScenarioException e) {
            return new Case(fallbackName, file, 0, 0, List.of(), e.getMessage());
        }
        if (s.expectations().isEmpty()) {
            return new Case(s.name(), file, 0, 0, List.of(), file + ": expect: none given, nothing to check");
        }
        long start = System.nanoTime();
        SimRun.Result r;
        try {
            r = runner.run(s);
        } catch (Exception e) {
            return new Case(s.name(), file, 0, (System.nanoTime() - start) * 1e-9, List.of(),
                    "run failed: " + CryoMain.oneLine(e));
        }
        List<Verdict> verdicts = Expectation.judgeAll(s.expectations(), SimOutcome.of(r, config));
        return new Case(s.name(), file, r.simulatedSeconds(), r.wallSeconds(), verdicts, null);
    }

    /** "PASS heater-open  2.0 h virtual  0.89 s wall", and for a failure the expectation and what was seen. */
    static String line(Case c) {
        String head = String.format(Locale.ROOT, "%s %-22s %7.1f h virtual %7.2f s wall", c.passed() ? "PASS" : "FAIL", c.name(),
                c.simulatedSeconds() / 3600, c.wallSeconds());
        return c.passed() ? head : head + "  " + c.failure();
    }

    /** "22 scenarios: 21 passed, 1 failed (heater-open); 1.4e+06 s virtual in 35.2 s wall". */
    static String summary(List<Case> cases) {
        List<String> failed = cases.stream().filter(c -> !c.passed()).map(Case::name).toList();
        double virtual = cases.stream().mapToDouble(Case::simulatedSeconds).sum();
        double wall = cases.stream().mapToDouble(Case::wallSeconds).sum();
        return String.format(Locale.ROOT, "%d scenario%s: %d passed, %d failed%s; %.1f h virtual in %.1f s wall", cases.size(),
                cases.size() == 1 ? "" : "s", cases.size() - failed.size(), failed.size(),
                failed.isEmpty() ? "" : " (" + String.join(", ", failed) + ")", virtual / 3600, wall);
    }

    /**
     * JUnit XML as CI servers read it: one testsuite, one testcase per scenario (time = wall
     * seconds), a failure per failed expectation (the first in its message, all in its text), an
     * error for a file that could not be judged; every verdict in the testcase's system-out.
     */
    static void writeJunit(Path file, String suiteName, List<Case> cases, long seed) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(w);
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuite");
            x.writeAttribute("name", suiteName);
            x.writeAttribute("tests", Integer.toString(cases.size()));
            x.writeAttribute("failures", Long.toString(cases.stream().filter(c -> c.error() == null && !c.passed()).count()));
            x.writeAttribute("errors", Long.toString(cases.stream().filter(c -> c.error() != null).count()));
            x.writeAttribute("skipped", "0");
            x.writeAttribute("time", seconds(cases.stream().mapToDouble(Case::wallSeconds).sum()));
            x.writeCharacters("\n  ");
            x.writeStartElement("properties");
            x.writeEmptyElement("property");
            x.writeAttribute("name", "seed");
            x.writeAttribute("value", Long.toString(seed));
            x.writeEndElement();
            for (Case c : cases) {
                x.writeCharacters("\n  ");
                x.writeStartElement("testcase");
                x.writeAttribute("classname", suiteName);
                x.writeAttribute("name", c.name());
                x.writeAttribute("file", c.file().toString());
                x.writeAttribute("time", seconds(c.wallSeconds()));
                if (c.error() != null) {
                    x.writeCharacters("\n    ");
                    x.writeStartElement("error");
                    x.writeAttribute("message", c.error());
                    x.writeAttribute("type", "scenario");
                    x.writeCharacters(c.error());
                    x.writeEndElement();
                } else if (!c.passed()) {
                    StringBuilder all = new StringBuilder();
                    for (Verdict v : c.verdicts()) {
                        if (!v.passed()) {
                            all.append(v.expectation()).append(" (line ").append(v.line()).append("): seen ").append(v.seen()).append('\n');
                        }
                    }
                    x.writeCharacters("\n    ");
                    x.writeStartElement("failure");
                    x.writeAttribute("message", c.failure());
                    x.writeAttribute("type", "expectation");
                    x.writeCharacters(all.toString());
                    x.writeEndElement();
                }
                StringBuilder out = new StringBuilder();
                out.append(String.format(Locale.ROOT, "%.0f s virtual in %.2f s wall%n", c.simulatedSeconds(), c.wallSeconds()));
                for (Verdict v : c.verdicts()) {
                    out.append(v).append('\n');
                }
                x.writeCharacters("\n    ");
                x.writeStartElement("system-out");
                x.writeCharacters(out.toString());
                x.writeEndElement();
                x.writeCharacters("\n  ");
                x.writeEndElement();
            }
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}
