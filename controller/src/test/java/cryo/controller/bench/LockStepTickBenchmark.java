package cryo.controller.bench;

import cryo.controller.app.Controller;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.ring.ControlRing;
import cryo.hal.calibration.CalibrationCurve;
import cryo.hal.device.StageId;
import cryo.sim.board.LockStepDriver;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.sim.plant.CryostatPlant;
import cryo.sim.plant.PlantParameters;
import cryo.v1.Command;
import cryo.v1.LoopMode;
import cryo.v1.SetManualOutput;
import cryo.v1.SetMode;
import cryo.v1.SetSetpoint;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of one lock-step tick of 1 s with the full controller in the loop, at base: the board and
 * its five-stage plant advance 1 s (sensor models, faults hooks, backward-Euler step), then the
 * controller runs one tick through its ring (6 thermometer reads, 4 loops, interlock, watchdog
 * kick over CRC frames). Still open-loop at 15 mW, MXC under PID at 30 mK.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class LockStepTickBenchmark {
    private Controller controller;
    private LockStepDriver driver;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        SimulatedBoard board = SimulatedBoards.cryostat(CryostatPlant.cooledToBase(PlantParameters.defaults(), 0.015), 1);
        CalibrationCurve[] curves = new CalibrationCurve[6];
        for (int ch = 0; ch < 6; ch++) {
            curves[ch] = board.wiring().sensor(ch).curve();
        }
        ControllerConfig config = DefaultConfig.cryostat("bench", 1.0, curves);
        controller = Controller.create(config, board, board.clock(), ControlRing.defaultWaitStrategy(), (c, ok, why, t) -> { }).start();
        controller.submit(Command.newBuilder().setCorrelationId("1").setSetMode(SetMode.newBuilder().setLoopId("still").setMode(LoopMode.LOOP_MODE_OPEN_LOOP)).build());
        controller.submit(Command.newBuilder().setCorrelationId("2").setSetManualOutput(SetManualOutput.newBuilder().setLoopId("still").setOutputWatts(0.015)).build());
        controller.submit(Command.newBuilder().setCorrelationId("3").setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(0.030)).build());
        controller.submit(Command.newBuilder().setCorrelationId("4").setSetMode(SetMode.newBuilder().setLoopId("mxc").setMode(LoopMode.LOOP_MODE_PID)).build());
        controller.awaitIdle();
        driver = new LockStepDriver(board, 1.0, controller::step);
        for (int i = 0; i < 600; i++) {
            driver.step();
        }
        if (!(board.plant().temperatureKelvin(StageId.MXC) < 0.05)) {
            throw new IllegalStateException("benchmark fridge not at base");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        controller.close();
    }

    @Benchmark
    public void oneSecondTickWithController() {
        driver.step();
    }
}
