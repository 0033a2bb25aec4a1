package cryo.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cryo bench sequencer-compile}: JMH on {@link SequenceCompileBenchmark}: ns and bytes allocated per pulse. */
@Command(name = "sequencer-compile", mixinStandardHelpOptions = true,
        description = "JMH: compile a 100,000-pulse sequence; ns and bytes allocated per pulse (issue 6).")
final class SequencerCompile implements Callable<Integer> {
    @Option(names = "--quick", description = "fewer, shorter iterations")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", defaultValue = "target/sequencer-compile.json", description = "results (default ${DEFAULT-VALUE})")
    Path json;

    @Override
    public Integer call() throws Exception {
        var opts = new OptionsBuilder().include(SequenceCompileBenchmark.class.getName())
                .forks(1).warmupIterations(quick ? 3 : 5).warmupTime(TimeValue.seconds(quick ? 1 : 2))
                .measurementIterations(quick ? 3 : 5).measurementTime(TimeValue.seconds(quick ? 1 : 2))
                .addProfiler(GCProfiler.class).build();
        Map<String, Object> r = new LinkedHashMap<>();
        for (RunResult res : new Runner(opts).run()) {
            var p = res.getPrimaryResult();
            var norm = res.getSecondaryResults().get("gc.alloc.rate.norm");
            r.put("pulses", SequenceCompileBenchmark.PULSES);
            r.put("ns_per_pulse", Math.round(p.getScore() * 10) / 10.0);
            r.put("ns_per_pulse_error", Math.round(p.getScoreError() * 10) / 10.0);
            r.put("bytes_allocated_per_pulse", norm == null ? Double.NaN : Math.round(norm.getScore() * 10) / 10.0);
            r.put("ms_per_sequence", Math.round(p.getScore() * SequenceCompileBenchmark.PULSES / 1e4) / 100.0);
        }
        r.put("machine_cores", Runtime.getRuntime().availableProcessors());
        r.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        r.put("load_average", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf("%ncompile %,d pulses: %s ± %s ns/pulse (%s ms per sequence), %s bytes allocated/pulse (JMH, -prof gc); load %.2f%n",
                SequenceCompileBenchmark.PULSES, r.get("ns_per_pulse"), r.get("ns_per_pulse_error"), r.get("ms_per_sequence"),
                r.get("bytes_allocated_per_pulse"), r.get("load_average"));
        if (json != null) {
            Path parent = json.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(json, BenchMain.toJson(r));
        }
        return 0;
    }
}
