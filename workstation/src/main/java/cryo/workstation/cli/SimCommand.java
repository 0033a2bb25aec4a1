package cryo.workstation.cli;

import cryo.hal.bus.BusException;
import cryo.sim.scenario.Scenario;
import cryo.sim.scenario.ScenarioException;
import cryo.sim.scenario.ScenarioLoader;
import cryo.sim.scenario.TracePlot;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cryo sim}: runs a scenario (a file, or the name of a shipped one) through the full
 * controller under a controller configuration (by default the shipped cryo-cryostat.yaml, the one
 * `cryo run` runs) against the simulated cryostat in lock-step virtual time and writes a JSON
 * report, a CSV trace and a PNG plot. The scenario is checked whole before the run; a bad one is one
 * line naming file, line and field. With {@code --check} it runs scenario files and judges each
 * against its own {@code expect:} block instead ({@link SimCheck}): exit 1 when any fails.
 */
@Command(name = "sim", mixinStandardHelpOptions = true,
        description = "Run a scenario through the controller against the simulated cryostat (virtual time).")
public final class SimCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--scenario", paramLabel = "FILE|NAME",
            description = "scenario file, or a shipped scenario: cooldown, warmup, or a fault name (see sim-board/README.md)")
    String scenario;

    @Option(names = "--config", paramLabel = "FILE",
            description = "controller configuration (YAML, see controller/README.md) the scenario runs under; its tick is the run's unless the scenario gives control_tick_s (default: the shipped cryo-cryostat.yaml, what `cryo run` runs)")
    Path configFile;

    @Option(names = "--seed", defaultValue = "1", description = "seed of sensor noise and fault randomness (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--report", paramLabel = "out.json", description = "JSON report")
    Path report;

    @Option(names = "--trace", paramLabel = "out.csv", description = "CSV trace: time_s, <stage>_k, <heater>_w, then per loop <loop>_read_k, _setpoint_k, _output_w, _mode, and relay_closed, interlock_tripped")
    Path trace;

    @Option(names = "--plot", paramLabel = "out.png", description = "PNG plot: true temperatures, what the controller read, PID setpoints, heater powers; commands and trips marked")
    Path plot;

    @Option(names = "--list", description = "list the shipped scenarios and exit")
    boolean list;

    @Option(names = "--check", paramLabel = "FILE|DIR",
            description = "run a scenario file, or every *.yaml in a directory, and judge each against its own expect: block; "
                    + "one PASS/FAIL line per scenario and a summary; exits 1 naming the failed expectation")
    Path check;

    @Option(names = "--junit", paramLabel = "out.xml", description = "with --check: JUnit XML (a testcase per scenario) for a CI server")
    Path junit;

    /** The configuration runs are under (--config, else the shipped one) and where it came from. */
    private cryo.controller.config.ControllerConfig config;
    private String configSource;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            for (String n : ScenarioLoader.SHIPPED) {
                out.println(n);
            }
            return 0;
        }
        try {
            if (configFile != null) {
                config = cryo.controller.config.ConfigLoader.load(configFile);
                configSource = configFile.toString();
            } else {
                config = cryo.controller.config.ConfigLoader.loadShipped(cryo.controller.config.ConfigLoader.CRYOSTAT_RESOURCE);
                configSource = SimRun.SHIPPED_CONFIG;
            }
        } catch (IllegalArgumentException e) {
            throw new UserError("--config " + e.getMessage());
        }
        if (check != null) {
            return check(out);
        }
        if (junit != null) {
            throw new UserError("--junit goes with --check FILE|DIR");
        }
        if (scenario == null) {
            throw new UserError("--scenario FILE|NAME (or --check FILE|DIR) is required (shipped: " + String.join(", ", ScenarioLoader.SHIPPED) + ")");
        }
        Scenario s;
        try {
            s = SimRun.load(scenario);
        } catch (ScenarioException e) {
            throw new UserError("scenario " + e.getMessage());
        }
        double tick = s.tickSeconds(config.tickIntervalSeconds());
        OutputFiles.checkWritable("--report", report);
        OutputFiles.checkWritable("--trace", trace);
        OutputFiles.checkPng("--plot", plot);
        out.printf(Locale.ROOT, "cryo sim: %s under %s (%.1f h simulated, %.3g s control tick%s, seed %d)%n",
                s.name(), configSource, s.durationSeconds() / 3600, tick,
                Double.isNaN(s.controlTickSeconds()) ? "" : " from the scenario's control_tick_s", seed);
        out.flush();
        SimRun.Result r;
        try {
            r = SimRun.run(s, config, configSource, seed);
        } catch (BusException e) {
            throw new UserError("simulated board: " + e.getMessage());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw new UserError("scenario " + s.source() + ": " + e.getMessage());
        }
        try {
            if (report != null) {
                Files.writeString(report, SimRun.reportJson(r), StandardCharsets.UTF_8);
            }
            if (trace != null) {
                try (Writer w = Files.newBufferedWriter(trace, StandardCharsets.UTF_8)) {
                    r.trace().writeCsv(w);
                }
            }
            if (plot != null) {
                TracePlot.write(plot, "cryo sim: " + r.scenario().name() + String.format(Locale.ROOT, "  (seed %d, %.3g s tick)", r.seed(), r.tickSeconds()),
                        r.scenario().description(), r.trace(), SimRun.markers(r));
            }
        } catch (IOException e) {
            throw new UserError("cannot write output: " + e.getMessage());
        }
        var stages = r.trace().stages();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < stages.length; i++) {
            b.append(' ').append(stages[i].id()).append('=').append(Kelvin.format(r.trace().finalKelvin(i)));
        }
        out.printf(Locale.ROOT, "cryo sim: done: %.0f s simulated in %.2f s wall (%.0f× real time), %d trips, %d alarms;%s%n",
                r.simulatedSeconds(), r.wallSeconds(), r.simulatedSeconds() / r.wallSeconds(), r.trips().size(), r.alarms().size(), b);
        for (SimRun.Event e : r.trips()) {
            out.printf(Locale.ROOT, "  trip at %.0f s: %s%n", e.boardSeconds(), e.reason());
        }
        return 0; // a trip is a result of the run, not a failure of the command
    }

    /** --check: every scenario judged against its expectations; exit 1 when any failed. */
    private int check(PrintWriter out) {
        if (scenario != null || report != null || trace != null || plot != null) {
            throw new UserError("--check runs scenario files by itself: leave out --scenario, --report, --trace and --plot");
        }
        OutputFiles.checkWritable("--junit", junit);
        List<Path> files = SimCheck.files(check);
        out.printf(Locale.ROOT, "cryo sim --check: %d scenario%s from %s under %s (seed %d)%n", files.size(), files.size() == 1 ? "" : "s", check,
                configSource, seed);
        out.flush();
        List<SimCheck.Case> cases = new ArrayList<>();
        for (Path f : files) {
            SimCheck.Case c = SimCheck.run(f, config, s -> SimRun.run(s, config, configSource, seed));
            cases.add(c);
            out.println(SimCheck.line(c));
            out.flush();
        }
        out.println("cryo sim --check: " + SimCheck.summary(cases));
        if (junit != null) {
            String suite = "cryo-sim-check." + (check.getFileName() == null ? "scenarios" : check.getFileName().toString().replaceFirst("\\.yaml$", ""));
            try {
                SimCheck.writeJunit(junit, suite, cases, seed);
            } catch (IOException e) {
                throw new UserError("--junit " + junit + ": cannot write: " + e.getMessage());
            }
        }
        List<SimCheck.Case> failed = cases.stream().filter(c -> !c.passed()).toList();
        if (failed.isEmpty()) {
            return 0;
        }
        PrintWriter err = spec.commandLine().getErr();
        for (SimCheck.Case c : failed) {
            err.println("cryo: sim --check: " + c.name() + " failed: " + c.failure());
        }
        err.flush();
        return 1;
    }
}
