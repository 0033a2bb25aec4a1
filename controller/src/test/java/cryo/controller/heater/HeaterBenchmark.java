package cryo.controller.heater;

import cryo.controller.config.PidOptions;
import cryo.hal.calibration.CalibrationCurve;
import cryo.hal.calibration.Curve340;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * One PID update and one curve conversion: time and allocation (run with the gc profiler).
 * Three forks of ten 1 s iterations: on a shared 2-vCPU machine one fork of five gave errors
 * as large as the scores. Run as controller/README.md says (test-compile, then the test classpath).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 10, time = 1)
@Fork(3)
public class HeaterBenchmark {
    private PidController pid;
    private CalibrationCurve spline;
    private CalibrationCurve log10;
    private long ticks;
    private int i;

    @Setup
    public void setup() throws Exception {
        pid = new PidController(2e-3, 2e-3, 1e-3, 1e-3, PidOptions.DEFAULT);
        spline = curve("/curves/sim-ruox-mxc-spline.340");
        log10 = curve("/curves/sim-ruox-mxc.340");
    }

    private static CalibrationCurve curve(String name) throws Exception {
        try (InputStream in = HeaterBenchmark.class.getResourceAsStream(name)) {
            return Curve340.parse(name, new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).toCalibration();
        }
    }

    @Benchmark
    public double pidUpdate() {
        ticks += 100_000_000L;
        return pid.update(0.050, 0.050 + ((++i & 15) - 8) * 1e-7, ticks, ticks, false);
    }

    @Benchmark
    public double curveToKelvinSpline() {
        return spline.toKelvin(3000.0 + (++i & 1023));
    }

    @Benchmark
    public double curveToKelvinLog10() {
        return log10.toKelvin(3000.0 + (++i & 1023));
    }

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder().include(HeaterBenchmark.class.getName()).addProfiler("gc").build()).run();
    }
}
