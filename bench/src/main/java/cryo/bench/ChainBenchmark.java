package cryo.bench;

import cryo.controller.app.Controller;
import cryo.controller.ring.ControlEvent;
import cryo.controller.ring.ControlRing;
import cryo.controller.ring.EventType;
import cryo.controller.ring.RingStage;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One control event through the real stage chain (board input over the register bus, interlock,
 * heater loop, sequencer, telemetry), run on the benchmark thread exactly as the ring thread runs
 * it, so JMH's GC profiler (-prof gc, gc.alloc.rate.norm) measures the chain's own allocation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ChainBenchmark {
    private Controller controller;
    private RingStage[] stages;
    private ControlEvent event;
    private long ticks;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        controller = Chains.controller(null, ControlRing.defaultWaitStrategy()); // ring not started
        List<RingStage> list = controller.stages();
        stages = list.toArray(new RingStage[0]);
        event = new ControlEvent(Chains.sensors(controller));
    }

    @Benchmark
    public double oneEventThroughTheChain() {
        event.type = EventType.TICK;
        ticks += Runs.TICK;
        event.boardTicks = ticks;
        for (RingStage s : stages) {
            s.onEvent(event);
        }
        double t = event.temperatureKelvin[0];
        event.clear();
        return t;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        controller.close();
    }
}
