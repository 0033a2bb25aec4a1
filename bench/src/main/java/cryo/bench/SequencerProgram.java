package cryo.bench;

import cryo.controller.app.ControlTimer;
import cryo.controller.app.Controller;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.ring.ControlRing;
import cryo.controller.sequencer.CompiledSequence;
import cryo.controller.sequencer.PulseSequencerStage;
import cryo.controller.sequencer.SequencerConfig;
import cryo.hal.cmos.CryoCmosBoard;
import cryo.hal.device.BoardClock;
import cryo.hal.program.BoardProgram;
import cryo.hal.program.ProgramBuilder;
import cryo.hal.program.ProgramDriver;
import cryo.hal.program.ProgramStatus;
import cryo.hal.pulse.PulseEntries;
import cryo.hal.pulse.PulseEntryCodec;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.sim.board.RealTimeRunner;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.Command;
import cryo.v1.StartSequence;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import picocli.CommandLine.Option;

/**
 * {@code cryo bench sequencer-program}: the board plays a looping four-channel program from its own
 * memory (the same 100,000 entries/s load as {@code sequencer-stream}), in real time on the
 * free-running simulated board, while the host runs the same chain (ring at a 1 ms tick, board
 * thread, canary) plus {@code --load-threads} busy threads that allocate (GC pressure). PASS only
 * when underflows is 0 and the entries played are within 0.1 % of those the timeline schedules
 * up to the board time the run ended. Also measures the upload of the largest program the board
 * holds over the in-process simulated bus, next to the figure computed for SPI at 10 MHz.
 */
@picocli.CommandLine.Command(name = "sequencer-program", mixinStandardHelpOptions = true,
        description = "The board plays a pulse program from its own memory in real time: zero underflows whatever the host does (issue 17).")
final class SequencerProgram implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "600", description = "measured run, seconds (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--rate", defaultValue = "100000", description = "entries per second of board time, a multiple of 4000 (default ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--tick-ms", defaultValue = "1", description = "control tick (default ${DEFAULT-VALUE})")
    double tickMs;

    @Option(names = "--board-step-ms", defaultValue = "1", description = "simulated board thread's catch-up step (default ${DEFAULT-VALUE})")
    double boardStepMs;

    @Option(names = "--load-threads", defaultValue = "1", description = "busy threads allocating garbage alongside (default ${DEFAULT-VALUE})")
    int loadThreads;

    @Option(names = "--json", paramLabel = "FILE", defaultValue = "target/sequencer-program.json", description = "results (default ${DEFAULT-VALUE})")
    Path json;

    private final Map<String, Object> r = new LinkedHashMap<>();
    private volatile boolean loading = true;

    @Override
    public Integer call() throws Exception {
        if (rate < 4000 || rate % 4000 != 0 || rate > 4_000_000) {
            throw new IllegalArgumentException("--rate " + rate + " must be a multiple of 4000 in 4000..4000000");
        }
        if (!(seconds > 0) || !(tickMs > 0) || !(boardStepMs > 0) || loadThreads < 0 || loadThreads > 16) {
            throw new IllegalArgumentException("need --seconds > 0, --tick-ms > 0, --board-step-ms > 0, --load-threads 0..16");
        }
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        r.put("machine_cpu", cpuName());
        r.put("machine_cores", Runtime.getRuntime().availableProcessors());
        r.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        r.put("load_average_at_start", os.getSystemLoadAverage());
        r.put("rate_entries_per_second", rate);
        r.put("tick_ms", tickMs);
        r.put("load_threads", loadThreads);
        r.put("requested_seconds", seconds);

        var stream = SequencerStream.stream(rate);
        SequencerConfig sc = SequencerConfig.defaults(0.1).withLookaheadTicks(BoardClock.fromSeconds(Math.max(2 * tickMs, 10) / 1000));
        SimulatedBoard board = SimulatedBoards.mixingChamber(1);
        String[] answer = new String[1];
        ControllerConfig base = DefaultConfig.mixingChamber("program-1", board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve());
        ControllerConfig cfg = new ControllerConfig(base.nodeId(), base.firmwareVersion(), tickMs / 1000, 1.0, base.watchdogTimeoutMillis(),
                base.staleTicks(), base.sensors(), base.loops(), base.overTemperature());
        Controller c = Controller.create(cfg, sc, board, board.clock(), ControlRing.defaultWaitStrategy(),
                (cmd, ok, why, t) -> answer[0] = (ok ? "accepted: " : "refused: ") + why).start();
        RealTimeRunner runner = new RealTimeRunner(board, 1.0, boardStepMs / 1000, System::nanoTime).start();
        long offset = System.nanoTime() - board.clock().nowTicks();
        ControlTimer timer = new ControlTimer(c, () -> System.nanoTime() - offset, tickMs / 1000).start();
        SequencerStream.Canary canary = new SequencerStream.Canary(BoardClock.fromSeconds(tickMs / 1000), 10_000_000L).start();
        Thread[] load = new Thread[loadThreads];
        for (int i = 0; i < loadThreads; i++) {
            load[i] = new Thread(this::burn, "host-load-" + i);
            load[i].setDaemon(true);
            load[i].start();
        }
        PulseSequencerStage q = c.sequencer();
        answer[0] = null;
        if (!c.submit(Command.newBuilder().setCorrelationId("program").setStartSequence(StartSequence.newBuilder().setSequence(stream)).build())) {
            throw new IllegalStateException("ring full");
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while ((answer[0] == null || !PulseSequencerStage.RUNNING.equals(q.state())) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        if (!PulseSequencerStage.RUNNING.equals(q.state())) {
            throw new IllegalStateException("the program did not start: " + answer[0] + " / " + q.state() + " " + q.lastError());
        }
        System.out.println("started: " + answer[0]);
        long startTicks = q.startTicks();
        long played0 = board.pulseEngine().playedCount();
        long underflow0 = board.pulseEngine().underflowCount();
        long cpu0 = os.getProcessCpuTime();
        long wall0 = System.nanoTime();
        long end = wall0 + (long) (seconds * 1e9);
        long report = wall0 + 30_000_000_000L;
        while (System.nanoTime() < end && PulseSequencerStage.RUNNING.equals(q.state())) {
            LockSupport.parkNanos(100_000_000L);
            if (System.nanoTime() >= report) {
                report += 30_000_000_000L;
                System.out.printf("  %5.0f s: %s, %,d entries played, board underflows %d, canary's longest stall %.1f ms, load %.2f%n",
                        (System.nanoTime() - wall0) / 1e9, q.state(), board.pulseEngine().playedCount() - played0,
                        board.pulseEngine().underflowCount() - underflow0, canary.maxLateNanos / 1e6, os.getSystemLoadAverage());
            }
        }
        long wall = System.nanoTime() - wall0;
        long cpu = os.getProcessCpuTime() - cpu0;
        loading = false;
        String state = q.state();
        String lastError = q.lastError();
        timer.close();
        c.awaitIdle();
        runner.close();
        canary.close();
        board.catchUp(); // nothing else runs now: firmware up to the clock, then read time and counters together
        long upTo = board.simulatedUpToTicks();
        long played = board.pulseEngine().playedCount() - played0;
        long boardUnderflows = board.pulseEngine().underflowCount() - underflow0;
        long expected = scheduled(q.plan().compiled(), q.plan().periodTicks(), startTicks, upTo);
        long underflows = boardUnderflows + q.underflows();
        c.close();
        uploadFigures(); // after the run: nothing of it runs alongside the measured one

        boolean ran = PulseSequencerStage.RUNNING.equals(state) && wall >= seconds * 0.99e9;
        boolean pass = ran && underflows == 0 && Math.abs(played - expected) <= 0.001 * expected;
        r.put("entries_expected", expected);
        r.put("entries_played", played);
        r.put("underflows", underflows);
        r.put("host_cpu_seconds", round(cpu / 1e9));
        r.put("verdict", pass ? "PASS" : "FAIL");
        r.put("state_at_end", state);
        r.put("last_error", lastError);
        r.put("path", q.plan().path());
        r.put("board_seconds", round((upTo - startTicks) * 1e-9));
        r.put("wall_seconds", round(wall / 1e9));
        r.put("host_cpu_percent_of_one_core", round(100.0 * cpu / wall));
        r.put("platform_max_stall_ms", round(canary.maxLateNanos / 1e6));
        r.put("platform_stalls_beyond_10ms", canary.stalls);
        r.put("load_average_at_end", os.getSystemLoadAverage());
        String summary = String.format("sequencer-program: %s — %,d entries played of %,d scheduled over %.1f s of board time, %d underflows, "
                        + "host CPU %.1f s (%.1f %% of a core) with %d load thread(s); canary's longest stall %.1f ms (%d beyond 10 ms); "
                        + "upload of the largest program (%,d words): %.3f s over SPI at 10 MHz (computed), %.3f s over the in-process simulated bus "
                        + "(measured, median of %d); machine %s, %d cores, %s; load %.2f -> %.2f",
                r.get("verdict"), played, expected, (double) r.get("board_seconds"), underflows, cpu / 1e9, 100.0 * cpu / wall, loadThreads,
                canary.maxLateNanos / 1e6, canary.stalls, r.get("upload_words"), r.get("upload_spi_10mhz_seconds"), r.get("upload_sim_bus_seconds"),
                r.get("upload_sim_bus_runs"), r.get("machine_cpu"), r.get("machine_cores"), r.get("jdk"), r.get("load_average_at_start"),
                r.get("load_average_at_end"));
        System.out.println(summary);
        if (!"".equals(lastError)) {
            System.out.println("  sequencer: " + lastError);
        }
        if (json != null) {
            Path parent = json.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(json, BenchMain.toJson(r));
            System.out.println("results: " + json);
        }
        return pass ? 0 : 1;
    }

    /** Entries of the timeline (passes every {@code period} from {@code start}) due at or before {@code upTo}. */
    static long scheduled(CompiledSequence c, long period, long start, long upTo) {
        if (upTo < start) {
            return 0;
        }
        long rel = upTo - start;
        long passes = rel / period;
        long within = rel - passes * period;
        PulseEntries e = c.entries();
        long n = passes * e.size();
        for (int i = 0; i < e.size() && e.startTicks(i) <= within; i++) {
            n++;
        }
        return n;
    }

    /** The largest program the board holds, uploaded to a fresh simulated board in-process; and the SPI figure from the frame format. */
    private void uploadFigures() throws Exception {
        ProgramBuilder b = new ProgramBuilder();
        for (int d = 0; d < CryoCmosRegisters.PROG_DEFINITIONS; d++) {
            b.define(d % CryoCmosRegisters.PULSE_CHANNELS, PulseEntryCodec.ENVELOPE_SQUARE, 40, 0.01, 0, 0, 0, 0);
        }
        for (int i = 0; i < CryoCmosRegisters.PROG_ENTRIES; i++) {
            b.entry(i * 4L, i % CryoCmosRegisters.PROG_DEFINITIONS);
        }
        int plays = CryoCmosRegisters.PROG_INSTRUCTIONS - 1;
        for (int k = 0; k < plays; k++) {
            b.play((int) ((long) k * CryoCmosRegisters.PROG_ENTRIES / plays), 1);
        }
        BoardProgram p = b.halt().build();
        int runs = 5;
        double[] s = new double[runs];
        for (int k = 0; k < runs; k++) {
            SimulatedBoard board = SimulatedBoards.mixingChamber(1);
            ProgramDriver d = new ProgramDriver(new CryoCmosBoard(board));
            ProgramStatus st = new ProgramStatus();
            long t0 = System.nanoTime();
            String why = d.beginUpload(p);
            while (why.isEmpty() && !d.uploadSome(Integer.MAX_VALUE)) {
                // one call writes it all
            }
            why = why.isEmpty() ? d.load(p, st) : why;
            s[k] = (System.nanoTime() - t0) / 1e9;
            if (!why.isEmpty()) {
                throw new IllegalStateException("largest program refused: " + why);
            }
        }
        Arrays.sort(s);
        r.put("upload_words", p.words());
        r.put("upload_frames", (p.words() + CryoCmosRegisters.PROG_DATA_WORDS - 1) / CryoCmosRegisters.PROG_DATA_WORDS);
        r.put("upload_spi_10mhz_seconds", round(ProgramDriver.uploadSeconds(p.words(), 10e6)));
        r.put("upload_sim_bus_seconds", round(s[runs / 2]));
        r.put("upload_sim_bus_runs", runs);
    }

    /** Host load: allocates and drops short-lived arrays as fast as it can (GC and CPU pressure). */
    private void burn() {
        long sink = 0;
        while (loading) {
            long[] a = new long[1024];
            a[(int) (sink & 1023)] = sink;
            sink += a.length + a[(int) ((sink >>> 3) & 1023)];
        }
        if (sink == 42) {
            System.out.print("");
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static String cpuName() throws java.io.IOException {
        Path info = Path.of("/proc/cpuinfo");
        if (Files.exists(info)) {
            for (String l : Files.readAllLines(info)) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        }
        return "unknown";
    }
}
