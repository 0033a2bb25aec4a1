package cryo.workstation.cli;

import cryo.controller.config.ConfigLoader;
import cryo.sim.scenario.Scenario;
import cryo.sim.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The shipped scenarios that take minutes of CPU (the 36 h cooldown, the 30 h warm-up), run once per
 * test JVM and shared: SimCheckTest judges their files' expectations on the run, SimScenarioTest
 * asserts what the files cannot say on the same run. Runs as `cryo sim --check` does: the file
 * from the shipped directory, the shipped configuration, seed 1.
 */
final class ShippedRuns {
    /** Scenario names (file names without .yaml) run once and shared. */
    static final Set<String> SHARED = Set.of("cooldown", "warmup");
    static final long SEED = 1;

    private static final Map<String, SimRun.Result> RUNS = new ConcurrentHashMap<>();

    private ShippedRuns() {
    }

    static Path file(String name) {
        return SimCheckTest.SHIPPED.resolve(name + ".yaml");
    }

    static Scenario scenario(String name) throws Exception {
        return ScenarioLoader.loadFile(file(name), cryo.workstation.sequence.SequenceFiles::read);
    }

    /** The run of a shipped scenario, made on first use. */
    static SimRun.Result result(String name) throws Exception {
        if (!SHARED.contains(name)) {
            throw new IllegalArgumentException(name + " is not shared: " + SHARED);
        }
        synchronized (ShippedRuns.class) {
            SimRun.Result r = RUNS.get(name);
            if (r == null) {
                r = SimRun.run(scenario(name), SEED);
                RUNS.put(name, r);
            }
            return r;
        }
    }

    /** The scenario's file judged on the shared run, as `cryo sim --check FILE` judges it. */
    static SimCheck.Case check(String name) {
        return SimCheck.run(file(name), ConfigLoader.loadShipped(ConfigLoader.CRYOSTAT_RESOURCE), s -> result(name));
    }
}
