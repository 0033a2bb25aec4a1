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
 * The issue-3 yardstick: the shipped {@code cooldown} scenario (36 h, 1 s control tick) with the
 * full controller in the loop, simulated seconds per wall second and wall time per tick, best
 * of {@code --reps N} (default 3); for comparison the same 36 h of board + plant without the
 * controller; then the JMH per-tick benchmark unless {@code --no-jmh}. A timed harness, not a
 * unit test.
 */
public final class SimBenchmarks {
    private SimBenchmarks() {
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
        double best = 0;
        double worst = Double.MAX_VALUE;
        for (int rep = 0; rep < reps; rep++) {
            SimRun.Result r = SimRun.run(cooldown, 1);
            double ratio = r.simulatedSeconds() / r.wallSeconds();
            best = Math.max(best, ratio);
            worst = Math.min(worst, ratio);
            int mxc = java.util.Arrays.asList(r.trace().stages()).indexOf(StageId.MXC);
            System.out.printf(Locale.ROOT, "cooldown with controller: %.0f s simulated in %.2f s wall = %.0f sim s / wall s, %.1f µs per 1 s tick, "
                    + "MXC %.2f mK, %d trips%n", r.simulatedSeconds(), r.wallSeconds(), ratio, 1e6 * r.wallSeconds() / r.steps(),
                    1e3 * r.trace().finalKelvin(mxc), r.trips().size());
        }
        System.out.printf(Locale.ROOT, "best %.0f, worst %.0f simulated s per wall s (target >= 10000)%n", best, worst);

        SimulatedBoard board = ScenarioSetup.board(cooldown, 1);
        long steps = Math.round(cooldown.durationSeconds());
        long t0 = System.nanoTime();
        for (long i = 0; i < steps; i++) {
            board.update(1.0);
        }
        double wall = (System.nanoTime() - t0) * 1e-9;
        System.out.printf(Locale.ROOT, "board + plant alone (no controller, heaters off): %.2f s wall, %.1f µs per 1 s step%n", wall, 1e6 * wall / steps);
        if (jmh) {
            new Runner(new OptionsBuilder().include(LockStepTickBenchmark.class.getName()).build()).run();
        }
    }
}
