package cryo.sim.plant.bench;

import cryo.hal.device.StageId;
import cryo.sim.plant.CryostatPlant;
import java.util.Locale;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the plant benchmarks: (1) throughput of whole 30 h cooldowns at a 1 s step, simulated seconds per wall
 * second (the yardstick), best of five; (2) the JMH per-step benchmark unless {@code --no-jmh}.
 */
public final class PlantBenchmarks {

    private PlantBenchmarks() {
    }

    public static void main(String[] args) throws Exception {
        double best = 0;
        for (int rep = 0; rep < 5; rep++) {
            CryostatPlant plant = new CryostatPlant();
            plant.setHeaterPowerWatts(StageId.STILL, 0.015);
            int steps = 30 * 3600;
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                plant.update(1.0);
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            double ratio = steps / wall;
            best = Math.max(best, ratio);
            System.out.printf(Locale.ROOT, "30 h cooldown at 1 s steps: %.3f s wall, %.0f simulated s per wall s, "
                            + "%.2f Newton iterations per step, MXC %.2f mK%n",
                    wall, ratio, (double) plant.newtonIterations() / steps, 1e3 * plant.temperatureKelvin(StageId.MXC));
        }
        System.out.printf(Locale.ROOT, "best: %.0f simulated s per wall s%n", best);
        if (args.length > 0 && args[0].equals("--no-jmh")) {
            return;
        }
        new Runner(new OptionsBuilder().include(PlantStepBenchmark.class.getName()).build()).run();
    }
}
