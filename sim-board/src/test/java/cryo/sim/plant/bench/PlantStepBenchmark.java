package cryo.sim.plant.bench;

import cryo.hal.device.StageId;
import cryo.sim.plant.CryostatPlant;
import cryo.sim.plant.PlantParameters;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * JMH: cost of one {@code update(1 s)} of the default plant, at base (steady, one Newton iteration) and in
 * the middle of a cooldown (plates at ~150 K and falling, two to three iterations). Run with
 * {@code PlantBenchmarks} (see sim-board/README.md, "Thermal plant").
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PlantStepBenchmark {

    private CryostatPlant atBase;
    private CryostatPlant coolingDown;
    private int tick;

    @Setup(Level.Trial)
    public void setUp() {
        atBase = CryostatPlant.cooledToBase(PlantParameters.defaults(), 0.015);
        coolingDown = new CryostatPlant();
        coolingDown.setHeaterPowerWatts(StageId.STILL, 0.015);
        for (int i = 0; i < 4 * 3600; i++) {
            coolingDown.update(1.0);
        }
    }

    @Benchmark
    public double updateOneSecondAtBase() {
        // a heater that moves a little every step, as under a PID loop holding a setpoint
        atBase.setHeaterPowerWatts(StageId.MXC, 5e-6 + (tick++ & 1) * 0.05e-6);
        atBase.update(1.0);
        return atBase.temperatureKelvin(StageId.MXC);
    }

    @Benchmark
    public double updateOneSecondAtBaseWithHeaterJumps() {
        // worst case: the MXC heater jumps between 0 and 15 µW every second (T moves ×2 per step)
        atBase.setHeaterPowerWatts(StageId.MXC, (tick++ & 15) * 1e-6);
        atBase.update(1.0);
        return atBase.temperatureKelvin(StageId.MXC);
    }

    @Benchmark
    public double updateOneSecondCoolingDown() {
        // a few seconds forward and back would not be physics: keep cooling; 2 s of benchmark is ~1 h of plant
        coolingDown.update(1.0);
        return coolingDown.temperatureKelvin(StageId.PLATE_4K);
    }
}
