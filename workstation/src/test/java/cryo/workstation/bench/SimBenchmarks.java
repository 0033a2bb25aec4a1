package cryo.workstation.bench;

import cryo.controller.bench.LockStepTickBenchmark;
import cryo.workstation.cli.SimRun;
import cryo.hal.device.StageId;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.scenario.Scenario;
import cryo.sim.scenario.ScenarioLoader;
import cryo.sim.scenario.ScenarioSetup;
import java.util.Locale;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The issue-3/19 yardstick: the shipped {@code cooldown} scenario (36 h) with the full controller
 * in the loop under the shipped configuration at its 0.1 s tick, and again at a 1 s tick,
 * simulated seconds per wall second and wall time per tick, best of {@code --reps N} (default
 * 3); for comparison the same 36 h of board + plant without the controller at both steps; then the JMH per-tick benchmark unless {@code --no-jmh}. A timed harness, not a
 * unit test.
 */
public final class SimBenchmarks {
    private SimBenchmarks() {
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    public static void main(String[] args) throws Exception {
        int reps = 3;
        boolean jmh = true;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--no-jmh")) {
                jmh = false;
            } else if (args[i].equals("--reps")) {
                reps = Integer.parseInt(args[++i]);
            }
        }
        Scenario cooldown = ScenarioLoader.resolve("cooldown");
        // as `cryo sim` runs it: the shipped configuration and its 0.1 s tick; then the same at a 1 s tick
        // (the scenario's control_tick_s), the tick the issue-3 figures were measured at
        Scenario oneSecond = new Scenario(cooldown.name(), cooldown.source(), cooldown.description(), cooldown.durationSeconds(), 1.0,
                cooldown.traceIntervalSeconds(), cooldown.plant(), cooldown.initialState(), cooldown.initialStillWatts(),
                cooldown.initialKelvin(), cooldown.commands(), cooldown.faults(), cooldown.expectations());
        System.out.printf(Locale.ROOT, "load average at start: %.2f (%d processors)%n",
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), Runtime.getRuntime().availableProcessors());
        cryo.controller.config.ControllerConfig shipped = cryo.controller.config.ConfigLoader.loadShipped(cryo.controller.config.ConfigLoader.CRYOSTAT_RESOURCE);
        // the 0.1 s tick twice: the ring's stages on the driver thread (as cryo sim runs them) and,
        // for comparison, on their own thread with a hand-off per tick (as before)
        Scenario[] runs = {cooldown, cooldown, oneSecond};
        boolean[] ringThread = {false, true, false};
        for (int k = 0; k < runs.length; k++) {
            Scenario s = runs[k];
            String how = ringThread[k] ? "ring thread" : "ring inline";
            double best = 0;
            double worst = Double.MAX_VALUE;
            for (int rep = 0; rep < reps; rep++) {
                long cpu0 = processCpuNanos();
                long driver0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                SimRun.Result r = SimRun.run(s, shipped, SimRun.SHIPPED_CONFIG, 1, ringThread[k]);
                double cpu = (processCpuNanos() - cpu0) * 1e-9;
                double driver = (java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - driver0) * 1e-9;
                double ratio = r.simulatedSeconds() / r.wallSeconds();
                best = Math.max(best, ratio);
                worst = Math.min(worst, ratio);
                int mxc = java.util.Arrays.asList(r.trace().stages()).indexOf(StageId.MXC);
                // the process's CPU time (every thread: the driver, the ring, the JIT, GC) says what a tick costs
                // whatever share of the cores a loaded machine gives it; the wall figure says what a user waits
                System.out.printf(Locale.ROOT, "cooldown with controller (%s, %s, %.3g s tick): %.0f s simulated in %.2f s wall = %.0f sim s / wall s, "
                        + "%.1f µs wall per tick; %.2f s CPU = %.0f sim s / CPU s, %.1f µs CPU per tick (driver thread %.1f, ring and the rest %.1f); "
                        + "MXC %.2f mK, %d trips, load average %.2f%n",
                        how, r.configSource(), r.tickSeconds(), r.simulatedSeconds(), r.wallSeconds(), ratio, 1e6 * r.wallSeconds() / r.steps(),
                        cpu, r.simulatedSeconds() / cpu, 1e6 * cpu / r.steps(), 1e6 * driver / r.steps(), 1e6 * (cpu - driver) / r.steps(), 1e3 * r.trace().finalKelvin(mxc), r.trips().size(),
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            }
            System.out.printf(Locale.ROOT, "%s, %.3g s tick: best %.0f, worst %.0f simulated s per wall s (target >= 10000)%n", how,
                    Double.isNaN(s.controlTickSeconds()) ? 0.1 : s.controlTickSeconds(), best, worst);
        }

        for (double step : new double[] {0.1, 1.0}) {
            SimulatedBoard board = ScenarioSetup.board(cooldown, 1);
            long steps = Math.round(cooldown.durationSeconds() / step);
            java.lang.management.ThreadMXBean threadMx = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu0 = threadMx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (long i = 0; i < steps; i++) {
                board.update(step);
            }
            double wall = (System.nanoTime() - t0) * 1e-9;
            double cpu = (threadMx.getCurrentThreadCpuTime() - cpu0) * 1e-9;
            System.out.printf(Locale.ROOT, "board + plant alone (no controller, heaters off), %.3g s steps: %.2f s wall, %.1f µs per step; "
                    + "%.2f s CPU, %.2f µs CPU per step%n", step, wall, 1e6 * wall / steps, cpu, 1e6 * cpu / steps);
        }
        if (jmh) {
            new Runner(new OptionsBuilder().include(LockStepTickBenchmark.class.getName()).build()).run();
        }
    }
}
