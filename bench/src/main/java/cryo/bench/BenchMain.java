package cryo.bench;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.LiteBlockingWaitStrategy;
import com.lmax.disruptor.PhasedBackoffWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.TimeoutBlockingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cryo bench}: the ring against an ArrayBlockingQueue baseline in the same run, wait
 * strategies, allocation per event, tick jitter against the platform floor, and the small-board
 * footprint. Prints tables; --json and --markdown write the same numbers.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Measure the control path (see docs/PERFORMANCE.md).",
        subcommands = {SequencerStream.class, SequencerCompile.class, SequencerProgram.class, ExporterBench.class, JobsBench.class})
public final class BenchMain implements Callable<Integer> {
    @Option(names = "--quick", description = "about a minute instead of about ten")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "write machine-readable results")
    Path json;

    @Option(names = "--markdown", paramLabel = "FILE", description = "write the results as docs/PERFORMANCE.md")
    Path markdown;

    @Option(names = "--rate", defaultValue = "2000", description = "events per second for the latency runs (default ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--no-footprint", description = "skip the child-process footprint run")
    boolean noFootprint;

    @Option(names = "--no-jmh", description = "skip the JMH run")
    boolean noJmh;

    private final Map<String, Object> results = new LinkedHashMap<>();
    private final StringBuilder md = new StringBuilder();

    public static void main(String[] args) {
        CommandLine cl = new CommandLine(new BenchMain());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("cryo bench: " + ex.getMessage());
            return 1;
        });
        System.exit(cl.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        double latencySeconds = quick ? 5 : 30;
        long throughputEvents = quick ? 200_000 : 2_000_000;
        double strategySeconds = quick ? 2 : 10;
        double jitterSeconds = quick ? 10 : 60;
        double footprintSeconds = quick ? 15 : 600;

        machine();

        // 1. ring vs baseline, same run, same chain
        Histogram ring;
        Histogram base;
        double ringTput;
        double baseTput;
        try (RingPipeline p = new RingPipeline(cryo.controller.ring.ControlRing.defaultWaitStrategy(), "Disruptor ring (default wait strategy)")) {
            ring = Runs.latency(p, rate, latencySeconds);
            ringTput = Runs.throughput(p, throughputEvents);
        }
        try (QueuePipeline p = new QueuePipeline()) {
            base = Runs.latency(p, rate, latencySeconds);
            baseTput = Runs.throughput(p, throughputEvents);
        }
        results.put("event_rate_per_second", rate);
        results.put("ring_latency_p50_ns", ring.getValueAtPercentile(50));
        results.put("ring_latency_p99_ns", ring.getValueAtPercentile(99));
        results.put("ring_latency_p999_ns", ring.getValueAtPercentile(99.9));
        results.put("ring_latency_p9999_ns", ring.getValueAtPercentile(99.99));
        results.put("ring_latency_max_ns", ring.getMaxValue());
        results.put("baseline_latency_p50_ns", base.getValueAtPercentile(50));
        results.put("baseline_latency_p99_ns", base.getValueAtPercentile(99));
        results.put("baseline_latency_p999_ns", base.getValueAtPercentile(99.9));
        results.put("baseline_latency_p9999_ns", base.getValueAtPercentile(99.99));
        results.put("baseline_latency_max_ns", base.getMaxValue());
        results.put("ring_throughput_per_second", Math.round(ringTput));
        results.put("baseline_throughput_per_second", Math.round(baseTput));
        results.put("throughput_ratio", round(ringTput / baseTput));
        results.put("latency_p99_ratio", round((double) ring.getValueAtPercentile(99) / base.getValueAtPercentile(99)));
        md.append("## Control-path latency: ring against a queue baseline\n\n")
                .append("From a tick published into the ring (its intended send time, so coordinated omission is charged)\n")
                .append("to the end of the real chain — board input over the register bus, interlock, heater loop (output\n")
                .append("written to the board), sequencer, telemetry — on the in-process simulated board, at ")
                .append(rate).append(" events/s for ").append(latencySeconds).append(" s each. The baseline runs the same stages, one\n")
                .append("thread each, joined by ArrayBlockingQueue hand-offs with a lock around the shared bus.\n\n")
                .append("| chain | p50 | p99 | p99.9 | p99.99 | max | throughput (events/s) |\n|---|---|---|---|---|---|---|\n");
        row("Disruptor ring", ring, ringTput);
        row("ArrayBlockingQueue baseline", base, baseTput);
        md.append("\nThroughput ratio (ring / baseline): **").append(results.get("throughput_ratio"))
                .append("** (goal ≥ 5). p99 latency ratio (ring / baseline): **").append(results.get("latency_p99_ratio"))
                .append("** (goal ≤ 0.2).\n\n");
        System.out.println(md);

        // 2. wait strategies
        md.append("## Wait strategies (ring, same chain, ").append(rate).append(" events/s, ").append(strategySeconds).append(" s each)\n\n")
                .append("| strategy | p50 | p99 | p99.9 | max | ring-thread CPU while idle |\n|---|---|---|---|---|---|\n");
        Map<String, Supplier<WaitStrategy>> strategies = new LinkedHashMap<>();
        strategies.put("blocking", BlockingWaitStrategy::new);
        strategies.put("lite-blocking", LiteBlockingWaitStrategy::new);
        strategies.put("timeout-blocking (1 ms)", () -> new TimeoutBlockingWaitStrategy(1, TimeUnit.MILLISECONDS));
        strategies.put("sleeping", SleepingWaitStrategy::new);
        strategies.put("yielding", YieldingWaitStrategy::new);
        strategies.put("phased back-off (10 µs spin, 100 µs yield, then lite-blocking)",
                () -> PhasedBackoffWaitStrategy.withLiteLock(10, 100, TimeUnit.MICROSECONDS));
        for (Map.Entry<String, Supplier<WaitStrategy>> s : strategies.entrySet()) {
            try (RingPipeline p = new RingPipeline(s.getValue().get(), s.getKey())) {
                Histogram h = Runs.latency(p, rate, strategySeconds);
                double idleCpu = idleCpuPercent(p.workers()[0]);
                md.append(String.format("| %s | %s | %s | %s | %s | %.0f %% |%n", s.getKey(), ns(h.getValueAtPercentile(50)),
                        ns(h.getValueAtPercentile(99)), ns(h.getValueAtPercentile(99.9)), ns(h.getMaxValue()), idleCpu));
                results.put("wait_" + s.getKey().split(" ")[0] + "_p99_ns", h.getValueAtPercentile(99));
            }
        }
        md.append('\n');

        // 3. allocation on the ring thread
        double perEvent;
        try (RingPipeline p = new RingPipeline(cryo.controller.ring.ControlRing.defaultWaitStrategy(), "ring")) {
            perEvent = Runs.allocatedBytesPerEvent(p, 1_000_000, 1_000_000);
        }
        results.put("allocated_bytes_per_event", perEvent);
        md.append("## Allocation\n\nBytes allocated on the ring thread per event over 1,000,000 events after a 1,000,000-event\n")
                .append("warm-up (ThreadMXBean): **").append(perEvent).append("**. The same figure is enforced by\n")
                .append("`ZeroAllocationTest` in `./mvnw verify`.\n\n");
        if (!noJmh) {
            jmh();
        }

        // 4. tick jitter
        Histogram floor = TickJitter.floor(jitterSeconds);
        Histogram tick = TickJitter.controller(jitterSeconds);
        results.put("tick_jitter_p50_ns", tick.getValueAtPercentile(50));
        results.put("tick_jitter_p99_ns", tick.getValueAtPercentile(99));
        results.put("tick_jitter_p999_ns", tick.getValueAtPercentile(99.9));
        results.put("tick_jitter_max_ns", tick.getMaxValue());
        results.put("floor_jitter_p50_ns", floor.getValueAtPercentile(50));
        results.put("floor_jitter_p99_ns", floor.getValueAtPercentile(99));
        results.put("floor_jitter_p999_ns", floor.getValueAtPercentile(99.9));
        results.put("floor_jitter_max_ns", floor.getMaxValue());
        results.put("tick_jitter_p999_ratio", round((double) tick.getValueAtPercentile(99.9) / Math.max(1, floor.getValueAtPercentile(99.9))));
        md.append("## Tick jitter (100 Hz control tick against its absolute schedule, ").append(jitterSeconds).append(" s each)\n\n")
                .append("| loop | p50 | p99 | p99.9 | max | samples |\n|---|---|---|---|---|---|\n")
                .append(String.format("| controller timer, publishing into the running ring | %s | %s | %s | %s | %d |%n",
                        ns(tick.getValueAtPercentile(50)), ns(tick.getValueAtPercentile(99)), ns(tick.getValueAtPercentile(99.9)),
                        ns(tick.getMaxValue()), tick.getTotalCount()))
                .append(String.format("| bare park loop (platform floor) | %s | %s | %s | %s | %d |%n",
                        ns(floor.getValueAtPercentile(50)), ns(floor.getValueAtPercentile(99)), ns(floor.getValueAtPercentile(99.9)),
                        ns(floor.getMaxValue()), floor.getTotalCount()))
                .append("\np99.9 ratio (controller / floor): **").append(results.get("tick_jitter_p999_ratio")).append("** (goal ≤ 1.5).\n\n");

        // 5. footprint
        if (!noFootprint) {
            Path dir = Files.createTempDirectory("cryo-footprint");
            Footprint.Result f = Footprint.run(footprintSeconds, dir);
            results.put("footprint_seconds", f.seconds());
            results.put("footprint_first_status_seconds", round(f.firstStatusSeconds()));
            results.put("footprint_max_rss_kib", f.maxRssKiB());
            results.put("footprint_max_gc_pause_ms", f.maxGcPauseMillis());
            results.put("footprint_gc_pauses", f.gcPauses());
            results.put("footprint_out_of_memory", f.outOfMemory());
            md.append("## Footprint (`cryo run`, simulated board at real-time speed, embedded broker)\n\n")
                    .append("| JVM options | run | time to first status | max resident | longest GC pause | GC pauses | OutOfMemoryError | exit |\n|---|---|---|---|---|---|---|---|\n")
                    .append(String.format("| `%s` | %.0f s | %.2f s | %d MiB | %.2f ms | %d | %s | %d |%n%n", f.jvmOptions(), f.seconds(),
                            f.firstStatusSeconds(), f.maxRssKiB() / 1024, f.maxGcPauseMillis(), f.gcPauses(), f.outOfMemory() ? "yes" : "no", f.exitCode()));
        }

        md.append("## Goals and what limits them\n\n")
                .append("- Throughput ratio ").append(results.get("throughput_ratio")).append(" against the goal of 5, p99 ratio ")
                .append(results.get("latency_p99_ratio")).append(" against 0.2. The LMAX figures (7.9x, 250x) are for stages that do\n")
                .append("  almost nothing; here every event does ~3 framed, CRC-checked register transfers to the board (JMH: ")
                .append(results.get("jmh_chain_ns_per_event")).append(" ns of\n")
                .append("  work per event on one thread), so the hand-off the ring saves is a small part of the cost, and on 2 cores the\n")
                .append("  baseline's stage threads overlap. The ring's win is its tail: one hand-off instead of five, and no lock\n")
                .append("  on the bus because one thread owns it.\n")
                .append("- Tick jitter p99.9 ratio ").append(results.get("tick_jitter_p999_ratio")).append(" against 1.5: both loops park in 1 ms slices on a\n")
                .append("  shared, virtualised 2-core machine, so both tails are set by the hypervisor and neighbours and the ratio of\n")
                .append("  two such tails swings from run to run (0.7 to 1.8 in full runs here); a 1000-sample --quick run makes\n")
                .append("  p99.9 the second-largest value. On a Raspberry Pi, run the ring and timer on an isolated\n")
                .append("  core (isolcpus=3, taskset) with the phased back-off strategy, which spins only briefly before parking.\n")
                .append("- Footprint: a GC pause above 10 ms is a goal miss when it shows; the 10-minute run (`./cryo bench`\n")
                .append("  without --quick) is the one that counts. Resident memory includes the embedded broker (Moquette, Netty);\n")
                .append("  with an external broker it is smaller.\n")
                .append("- Wait strategy: the default is lite-blocking (parks while idle: 0 % CPU on an idle ring, which matters on a\n")
                .append("  Pi; signals only when the ring thread waits). Yielding and sleeping buy nothing on 2 shared cores and burn a core.\n\n");
        System.out.println(md);
        if (json != null) {
            Files.writeString(json, toJson(results));
        }
        if (markdown != null) {
            Files.writeString(markdown, header() + md);
        }
        return 0;
    }

    private void jmh() throws Exception {
        var opts = new OptionsBuilder().include(ChainBenchmark.class.getName())
                .forks(1).warmupIterations(quick ? 2 : 5).warmupTime(TimeValue.seconds(1))
                .measurementIterations(quick ? 3 : 5).measurementTime(TimeValue.seconds(1))
                .addProfiler(GCProfiler.class).build();
        for (RunResult r : new Runner(opts).run()) {
            double ns = r.getPrimaryResult().getScore();
            var norm = r.getSecondaryResults().get("gc.alloc.rate.norm");
            double bytes = norm == null ? Double.NaN : norm.getScore();
            results.put("jmh_chain_ns_per_event", round(ns));
            results.put("jmh_chain_alloc_bytes_per_event", round(bytes));
            md.append(String.format("JMH (`ChainBenchmark`, one event through the chain on one thread, -prof gc): **%.0f ns/event**, "
                    + "gc.alloc.rate.norm **%.3f bytes/event**.%n%n", ns, bytes));
        }
    }

    private static double idleCpuPercent(Thread t) {
        var mx = ManagementFactory.getThreadMXBean();
        long cpu0 = mx.getThreadCpuTime(t.getId());
        long wall0 = System.nanoTime();
        java.util.concurrent.locks.LockSupport.parkNanos(500_000_000L);
        long cpu = mx.getThreadCpuTime(t.getId()) - cpu0;
        return 100.0 * cpu / (System.nanoTime() - wall0);
    }

    private void row(String name, Histogram h, double tput) {
        md.append(String.format("| %s | %s | %s | %s | %s | %s | %,.0f |%n", name, ns(h.getValueAtPercentile(50)), ns(h.getValueAtPercentile(99)),
                ns(h.getValueAtPercentile(99.9)), ns(h.getValueAtPercentile(99.99)), ns(h.getMaxValue()), tput));
    }

    private void machine() throws Exception {
        String cpu = "unknown";
        Path info = Path.of("/proc/cpuinfo");
        if (Files.exists(info)) {
            for (String l : Files.readAllLines(info)) {
                if (l.startsWith("model name")) {
                    cpu = l.substring(l.indexOf(':') + 1).trim();
                    break;
                }
            }
        }
        List<String> gcs = new ArrayList<>();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcs.add(gc.getName());
        }
        results.put("machine_cpu", cpu);
        results.put("machine_cores", Runtime.getRuntime().availableProcessors());
        results.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        results.put("gc", String.join(", ", gcs));
        results.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
        results.put("wait_strategy", cryo.controller.ring.ControlRing.defaultWaitStrategy().getClass().getSimpleName());
        results.put("load_average_at_start", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        results.put("quick", quick);
    }

    private String header() {
        return "# Performance\n\nGenerated by `./cryo bench" + (quick ? " --quick" : "") + " --markdown docs/PERFORMANCE.md`. "
                + "Every figure below comes from that one run; comparisons are between runs made in it.\n\n"
                + "| machine | |\n|---|---|\n"
                + "| CPU | " + results.get("machine_cpu") + " |\n"
                + "| cores | " + results.get("machine_cores") + " |\n"
                + "| JDK | " + results.get("jdk") + " |\n"
                + "| GC (bench JVM) | " + results.get("gc") + ", max heap " + results.get("max_heap_mib") + " MiB |\n"
                + "| ring wait strategy | " + results.get("wait_strategy") + " |\n"
                + "| load average at start | " + results.get("load_average_at_start") + " |\n\n";
    }

    private static String ns(long v) {
        return v >= 1_000_000 ? String.format("%.2f ms", v / 1e6) : v >= 1000 ? String.format("%.1f µs", v / 1e3) : v + " ns";
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    static String toJson(Map<String, Object> m) {
        StringBuilder b = new StringBuilder("{\n");
        int i = 0;
        for (Map.Entry<String, Object> e : m.entrySet()) {
            Object v = e.getValue();
            String val = v instanceof String ? "\"" + ((String) v).replace("\\", "\\\\").replace("\"", "\\\"") + "\""
                    : v instanceof Double && (((Double) v).isNaN() || ((Double) v).isInfinite()) ? "null" : String.valueOf(v);
            b.append("  \"").append(e.getKey()).append("\": ").append(val).append(++i < m.size() ? ",\n" : "\n");
        }
        return b.append("}\n").toString();
    }
}
