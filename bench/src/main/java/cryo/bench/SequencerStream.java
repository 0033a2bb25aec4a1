package cryo.bench;

import cryo.controller.alarm.AlarmRecord;
import cryo.controller.alarm.AlarmSet;
import cryo.controller.app.ControlTimer;
import cryo.controller.app.Controller;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.ring.ControlRing;
import cryo.controller.sequencer.PulseSequencerStage;
import cryo.controller.sequencer.SequencerConfig;
import cryo.hal.device.BoardClock;
import cryo.sim.board.LockStepDriver;
import cryo.sim.board.RealTimeRunner;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.AbortSequence;
import cryo.v1.ChannelKind;
import cryo.v1.Command;
import cryo.v1.Envelope;
import cryo.v1.Pulse;
import cryo.v1.PulseChannel;
import cryo.v1.PulseSequence;
import cryo.v1.RepeatBlock;
import cryo.v1.StartSequence;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Option;

/**
 * {@code cryo bench sequencer-stream}: the pulse sequencer in real time against the simulated
 * board (board on the wall clock, {@link ControlTimer} at a fine tick), streaming a looping
 * sequence at a fixed entry rate with a tight lookahead. PASS means: the sequence was still running
 * at the end, zero underflows (host- or board-detected), the entry rate held, and no bytes
 * allocated on the ring thread per entry. Prints the slack histogram and where the time went
 * (CPU per thread, GC, timer lateness), and writes the same figures as JSON (and markdown).
 *
 * <p>Warm-up is honest and separate: first the same chain in lock-step virtual time (JIT), then a
 * short real-time settle run that is reported but not counted; the measured run is one start of
 * the sequence with a fresh histogram, and any underflow in it is a FAIL.
 */
@picocli.CommandLine.Command(name = "sequencer-stream", mixinStandardHelpOptions = true,
        description = "Real-time pulse streaming against the simulated board: zero underflows at a tight lookahead (issue 6).")
final class SequencerStream implements Callable<Integer> {
    @Option(names = "--seconds", defaultValue = "600", description = "measured run, seconds of board time (default ${DEFAULT-VALUE})")
    double seconds;

    @Option(names = "--lookahead-ms", defaultValue = "auto", description = "sequencer lookahead in ms, or auto: measured on this host "
            + "(the tick + the worst stall of a bare thread parking on the tick for --calibration-seconds + a margin; default ${DEFAULT-VALUE})")
    String lookahead;

    @Option(names = "--calibration-seconds", defaultValue = "10", description = "the auto lookahead's calibration run (default ${DEFAULT-VALUE})")
    double calibrationSeconds;

    double lookaheadMs;

    @Option(names = "--rate", defaultValue = "100000", description = "FIFO entries per second of board time, a multiple of 4000 (default ${DEFAULT-VALUE})")
    int rate;

    @Option(names = "--tick-ms", defaultValue = "1", description = "control tick: the ring's pass period (default ${DEFAULT-VALUE})")
    double tickMs;

    @Option(names = "--spin-us", defaultValue = "0", description = "the timer yields instead of parking this long before each tick (default ${DEFAULT-VALUE}: a 10 ms lookahead does not need a µs-exact tick, and yielding costs a 2-core machine CPU)")
    double spinMicros;

    @Option(names = "--board-step-ms", defaultValue = "1", description = "how often the simulated board's thread catches its firmware and plant "
            + "up to its free-running clock (default ${DEFAULT-VALUE}; the pulse engine is also caught up at every bus transfer, so this does not "
            + "limit pulse timing)")
    double boardStepMs;

    @Option(names = "--timer-clock", defaultValue = "host", description = "what the control timer schedules on: host (the host's monotonic "
            + "clock, as a real host does: reading the board's clock costs a bus transfer) or board (the simulated board's free-running clock "
            + "read directly: the same host clock through one more indirection) (default ${DEFAULT-VALUE})")
    String timerClock;

    // 60 s, not 20: C2 compiles the ring's event loop (on-stack, ~40k events) only after that many
    // events, and that compile resolves the Disruptor class's string constants on the ring thread
    // (152 bytes, once); with a 20 s warm-up it fell ~26 s into the measured run
    @Option(names = "--warmup-seconds", defaultValue = "60", description = "lock-step warm-up, seconds of board time (default ${DEFAULT-VALUE})")
    double warmupSeconds;

    @Option(names = "--settle-seconds", defaultValue = "5", description = "real-time settle run before the measured one, not counted (default ${DEFAULT-VALUE})")
    double settleSeconds;

    @Option(names = "--json", paramLabel = "FILE", defaultValue = "target/sequencer-stream.json", description = "results (default ${DEFAULT-VALUE})")
    Path json;

    @Option(names = "--markdown", paramLabel = "FILE", description = "also write the results as a markdown section")
    Path markdown;

    private final Map<String, Object> r = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
        if (rate < 4000 || rate % 4000 != 0 || rate > 4_000_000) {
            throw new IllegalArgumentException("--rate " + rate + " must be a multiple of 4000 in 4000..4000000");
        }
        if ("auto".equals(lookahead)) {
            if (!(calibrationSeconds > 0) || !(tickMs > 0)) {
                throw new IllegalArgumentException("--calibration-seconds and --tick-ms must be > 0");
            }
            long worst = cryo.controller.sequencer.HostStalls.worstStallNanos(tickMs / 1000, calibrationSeconds);
            lookaheadMs = cryo.controller.sequencer.HostStalls.lookaheadTicks(tickMs / 1000, worst) / 1e6;
            r.put("lookahead_source", cryo.controller.sequencer.HostStalls.describe(tickMs / 1000, calibrationSeconds, worst));
            System.out.println(r.get("lookahead_source"));
        } else {
            try {
                lookaheadMs = Double.parseDouble(lookahead);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--lookahead-ms must be a number of ms or auto, was " + lookahead);
            }
            r.put("lookahead_source", "--lookahead-ms " + lookahead);
        }
        if (!(seconds > 0) || !(tickMs > 0) || !(lookaheadMs > tickMs) || !(boardStepMs > 0) || spinMicros < 0 || spinMicros > tickMs * 1000) {
            throw new IllegalArgumentException("need --seconds > 0, --lookahead-ms > --tick-ms > 0, --board-step-ms > 0, 0 <= --spin-us <= the tick");
        }
        var os = ManagementFactory.getOperatingSystemMXBean();
        r.put("machine_cpu", cpuName());
        r.put("machine_cores", Runtime.getRuntime().availableProcessors());
        r.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        r.put("gc", gcNames());
        r.put("max_heap_mib", Runtime.getRuntime().maxMemory() >> 20);
        r.put("load_average_at_start", os.getSystemLoadAverage());
        r.put("rate_entries_per_second", rate);
        r.put("lookahead_ms", lookaheadMs);
        r.put("tick_ms", tickMs);
        r.put("timer_spin_us", spinMicros);
        r.put("board_step_ms", boardStepMs);
        r.put("requested_seconds", seconds);

        PulseSequence stream = stream(rate);
        // this benchmark is about the host feeding the FIFO: programs off, every sequence streams
        SequencerConfig sc = SequencerConfig.defaults(0.1).withLookaheadTicks(BoardClock.fromSeconds(lookaheadMs / 1000)).withPrograms(false);

        // 1. JIT warm-up: the same chain in lock-step virtual time
        long w0 = System.nanoTime();
        SimulatedBoard warmBoard = SimulatedBoards.mixingChamber(2);
        String[] answer = new String[1];
        try (Controller w = Controller.create(config(warmBoard), sc, warmBoard, warmBoard.clock(), ControlRing.defaultWaitStrategy(),
                (cmd, ok, why, t) -> answer[0] = (ok ? "accepted: " : "refused: ") + why).start()) {
            w.submit(start("warm-up", stream));
            w.awaitIdle();
            if (answer[0] == null || !answer[0].startsWith("accepted")) {
                throw new IllegalStateException("START_SEQUENCE " + answer[0]);
            }
            new LockStepDriver(warmBoard, tickMs / 1000, w::step).run(warmupSeconds);
            System.out.printf("warm-up: %.0f s of board time in lock-step in %.1f s wall: %s, %d entries%n", warmupSeconds,
                    (System.nanoTime() - w0) / 1e9, w.sequencer().state(), w.sequencer().entriesWritten());
        }

        // 2. real time
        SimulatedBoard board = SimulatedBoards.mixingChamber(1);
        Controller c = Controller.create(config(board), sc, board, board.clock(), ControlRing.defaultWaitStrategy(),
                (cmd, ok, why, t) -> answer[0] = (ok ? "accepted: " : "refused: ") + why).start();
        RealTimeRunner runner = new RealTimeRunner(board, 1.0, boardStepMs / 1000, System::nanoTime).start();
        Histogram timerLate = new Histogram(10_000_000_000L, 3);
        BoardClock schedule;
        if ("board".equals(timerClock)) {
            schedule = board.clock();
        } else if ("host".equals(timerClock)) {
            long offset = System.nanoTime() - board.clock().nowTicks(); // the board runs at speed 1 on the same wall clock
            schedule = () -> System.nanoTime() - offset;
        } else {
            throw new IllegalArgumentException("--timer-clock must be host or board, was " + timerClock);
        }
        r.put("timer_clock", timerClock);
        ControlTimer timer = new ControlTimer(c, schedule, tickMs / 1000, (long) (spinMicros * 1000),
                v -> timerLate.recordValue(Math.min(Math.max(0, v), 10_000_000_000L))).start();
        PulseSequencerStage q = c.sequencer();
        // everything that may stop the JVM at a safepoint (thread lookups, monitoring switches) happens
        // before the settle runs, never next to the measured start
        var mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Thread ringThread = c.ring().thread();
        Thread timerThread = thread("cryo-timer");
        Thread boardThread = thread("sim-board-realtime");
        if (mx.isThreadContentionMonitoringSupported()) {
            mx.setThreadContentionMonitoringEnabled(true); // how long the ring waits to enter monitors (wake-up, board lock)
        }
        Canary canary = new Canary(BoardClock.fromSeconds(tickMs / 1000), BoardClock.fromSeconds(lookaheadMs / 1000) - BoardClock.fromSeconds(tickMs / 1000)).start();
        int settles = 0;
        while (settleSeconds > 0 && settles < 3) {
            settles++;
            String a = startAndWait(c, answer, start("settle-" + settles, stream));
            LockSupport.parkNanos((long) (settleSeconds * 1e9));
            boolean held = PulseSequencerStage.RUNNING.equals(q.state());
            System.out.printf("settle run %d (%.0f s, not counted): %s -> %s%s%n", settles, settleSeconds, a, q.state(),
                    held ? "" : " " + q.lastError());
            startAndWait(c, answer, Command.newBuilder().setCorrelationId("settle-abort-" + settles)
                    .setAbortSequence(AbortSequence.getDefaultInstance()).build());
            if (held) {
                break;
            }
        }
        r.put("settle_runs", settles);

        long ringCpu0 = mx.getThreadCpuTime(ringThread.getId());
        long timerCpu0 = timerThread == null ? 0 : mx.getThreadCpuTime(timerThread.getId());
        long boardCpu0 = boardThread == null ? 0 : mx.getThreadCpuTime(boardThread.getId());
        var ringInfo0 = mx.getThreadInfo(ringThread.getId());
        long timerTicks0 = timer.ticksPublished();
        long timerSkipped0 = timer.ticksSkipped();
        long gcCount0 = gcCount();
        long gcMillis0 = gcMillis();
        long boardUnderflow0 = board.pulseEngine().underflowCount();
        long played0 = board.pulseEngine().playedCount();
        timerLate.reset();
        canary.reset();
        String accepted = startAndWait(c, answer, start("measured", stream));
        // from here on the ring thread only streams (the start command's reply text is behind us)
        long alloc0 = mx.getThreadAllocatedBytes(ringThread.getId());
        long b0 = board.clock().nowTicks();
        long wall0 = System.nanoTime();
        long end = wall0 + (long) (seconds * 1e9);
        long report = wall0 + 10_000_000_000L;
        System.out.println("measured run: " + accepted);
        long streamingAlloc = 0;
        long streamingEntries = 0;
        long sampleAlloc = 0;
        long sampleEntries = 0;
        while (System.nanoTime() < end && PulseSequencerStage.RUNNING.equals(q.state())) {
            LockSupport.parkNanos(50_000_000L);
            // Allocation while streaming (an abort's error text is not streaming). A sample counts only
            // once a later one still sees the sequence running and no underflow: an abort builds its
            // message before the state says aborted, and the first time that code runs (string concat
            // bootstrap, ~300-400 kB under JFR) it takes milliseconds, so a sample taken meanwhile held
            // part of it and looked like streaming (the 391,240 bytes of session 2's 30 ms run).
            long a = mx.getThreadAllocatedBytes(ringThread.getId()) - alloc0;
            long n = q.entriesWritten();
            if (PulseSequencerStage.RUNNING.equals(q.state()) && q.underflows() == 0) {
                streamingAlloc = sampleAlloc;
                streamingEntries = sampleEntries;
                sampleAlloc = a;
                sampleEntries = n;
            }
            if (System.nanoTime() >= report) {
                report += 10_000_000_000L;
                System.out.printf("  %5.0f s: %s, %,d entries written, min slack so far %.3f ms, load %.2f%n",
                        (System.nanoTime() - wall0) / 1e9, q.state(), q.entriesWritten(), q.minSlackTicks() / 1e6, os.getSystemLoadAverage());
            }
        }
        long wall = System.nanoTime() - wall0;
        long ringCpu = mx.getThreadCpuTime(ringThread.getId()) - ringCpu0;
        long timerCpu = timerThread == null ? 0 : mx.getThreadCpuTime(timerThread.getId()) - timerCpu0;
        long boardCpu = boardThread == null ? 0 : mx.getThreadCpuTime(boardThread.getId()) - boardCpu0;
        var ringInfo = mx.getThreadInfo(ringThread.getId());
        canary.close();
        timer.close(); // no more ticks: the ring goes idle and its figures are stable
        c.awaitIdle();
        long alloc = mx.getThreadAllocatedBytes(ringThread.getId()) - alloc0;
        if (PulseSequencerStage.RUNNING.equals(q.state())) {
            streamingAlloc = alloc;
            streamingEntries = q.entriesWritten();
        }
        double boardSeconds = (board.clock().nowTicks() - b0) * 1e-9;
        long entries = q.entriesWritten();
        String state = q.state();
        String lastError = q.lastError();
        long underflows = q.underflows();
        long boardUnderflows = board.pulseEngine().underflowCount() - boardUnderflow0;
        long played = board.pulseEngine().playedCount() - played0;
        Histogram slack = q.slackHistogram().copy();
        String alarm = alarmLine(c.alarms());
        runner.close();
        c.close();

        double perEntry = streamingAlloc / (double) Math.max(1, streamingEntries);
        double entryRate = entries / Math.max(1e-9, boardSeconds);
        boolean ran = PulseSequencerStage.RUNNING.equals(state) && boardSeconds >= seconds * 0.99;
        boolean pass = ran && underflows == 0 && boardUnderflows == 0 && Math.abs(entryRate - rate) <= 0.01 * rate && perEntry < 0.001;
        r.put("result", pass ? "PASS" : "FAIL");
        r.put("state_at_end", state);
        r.put("last_error", lastError);
        r.put("alarm", alarm);
        r.put("board_seconds", round(boardSeconds));
        r.put("wall_seconds", round(wall / 1e9));
        r.put("entries_written", entries);
        r.put("entries_played", played);
        r.put("entries_per_board_second", Math.round(entryRate));
        r.put("underflows_host", underflows);
        r.put("underflows_board", boardUnderflows);
        r.put("slack_count", slack.getTotalCount());
        r.put("slack_min_ms", ms(slack.getMinValue()));
        r.put("slack_p50_ms", ms(slack.getValueAtPercentile(50)));
        r.put("slack_p99_ms", ms(slack.getValueAtPercentile(99)));
        r.put("slack_p9999_ms", ms(slack.getValueAtPercentile(99.99)));
        r.put("slack_max_ms", ms(slack.getMaxValue()));
        r.put("ring_thread_allocated_bytes", streamingAlloc);
        r.put("ring_thread_allocated_bytes_entries", streamingEntries);
        r.put("ring_thread_allocated_bytes_including_abort", alloc);
        r.put("ring_thread_allocated_bytes_per_entry", perEntry);
        r.put("ring_thread_cpu_percent", round(100.0 * ringCpu / wall));
        r.put("timer_thread_cpu_percent", round(100.0 * timerCpu / wall));
        r.put("board_thread_cpu_percent", round(100.0 * boardCpu / wall));
        r.put("ring_cpu_ns_per_entry", round(ringCpu / (double) Math.max(1, entries)));
        r.put("gc_collections", gcCount() - gcCount0);
        r.put("gc_millis", gcMillis() - gcMillis0);
        r.put("timer_ticks", timer.ticksPublished() - timerTicks0);
        r.put("timer_ticks_skipped", timer.ticksSkipped() - timerSkipped0);
        r.put("ring_blocked_count", ringInfo.getBlockedCount() - ringInfo0.getBlockedCount());
        r.put("ring_blocked_ms", ringInfo.getBlockedTime() < 0 ? -1 : ringInfo.getBlockedTime() - ringInfo0.getBlockedTime());
        r.put("timer_lateness_p50_us", round(timerLate.getValueAtPercentile(50) / 1e3));
        r.put("timer_lateness_p99_us", round(timerLate.getValueAtPercentile(99) / 1e3));
        r.put("timer_lateness_p9999_us", round(timerLate.getValueAtPercentile(99.99) / 1e3));
        r.put("timer_lateness_max_us", round(timerLate.getMaxValue() / 1e3));
        r.put("load_average_at_end", os.getSystemLoadAverage());
        r.put("platform_stalls_beyond_margin", canary.stalls);
        r.put("platform_max_stall_ms", round(canary.maxLateNanos / 1e6));
        r.put("platform_margin_ms", round(canary.marginNanos / 1e6));

        String summary = summary(pass);
        System.out.println(summary);
        if (json != null) {
            Path parent = json.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(json, BenchMain.toJson(r));
            System.out.println("results: " + json);
        }
        if (markdown != null) {
            Files.writeString(markdown, markdown());
            System.out.println("markdown: " + markdown);
        }
        return pass ? 0 : 1;
    }

    private String summary(boolean pass) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%n%s: %,d entries/s of board time at a %.1f ms lookahead (%.1f ms tick on the %s clock) for %.1f s of board time (%.1f s asked)%n",
                pass ? "PASS" : "FAIL", rate, lookaheadMs, tickMs, timerClock, (double) r.get("board_seconds"), seconds));
        b.append(String.format("  state at end %s; entries written %,d (%,d/s), played %,d; underflows host %d, board %d%n",
                r.get("state_at_end"), r.get("entries_written"), r.get("entries_per_board_second"), r.get("entries_played"),
                r.get("underflows_host"), r.get("underflows_board")));
        if (!"".equals(r.get("last_error"))) {
            b.append("  sequencer: ").append(r.get("last_error")).append('\n');
            b.append("  alarm: ").append(r.get("alarm")).append('\n');
        }
        b.append(String.format("  slack (n %,d): min %.3f ms, p50 %.3f ms, p99 %.3f ms, p99.99 %.3f ms, max %.3f ms%n",
                r.get("slack_count"), r.get("slack_min_ms"), r.get("slack_p50_ms"), r.get("slack_p99_ms"), r.get("slack_p9999_ms"), r.get("slack_max_ms")));
        b.append(String.format("  ring-thread allocation while streaming: %d bytes over %,d entries (%.4f B/entry)%s%n", r.get("ring_thread_allocated_bytes"),
                r.get("ring_thread_allocated_bytes_entries"), r.get("ring_thread_allocated_bytes_per_entry"),
                r.get("ring_thread_allocated_bytes").equals(r.get("ring_thread_allocated_bytes_including_abort")) ? ""
                        : "; " + r.get("ring_thread_allocated_bytes_including_abort") + " bytes including the abort's error path"));
        b.append(String.format("  where the time went: CPU ring %.1f %% (%.0f ns/entry), timer %.1f %%, board %.1f %%; GC %d collections, %d ms; "
                        + "timer lateness p50 %.0f µs, p99 %.0f µs, p99.99 %.0f µs, max %.0f µs, %d ticks, %d skipped; "
                + "ring thread BLOCKED entering a monitor (the wait strategy's wake-up, the board's lock) %d times, %d ms%n",
                r.get("ring_thread_cpu_percent"), r.get("ring_cpu_ns_per_entry"), r.get("timer_thread_cpu_percent"), r.get("board_thread_cpu_percent"),
                r.get("gc_collections"), r.get("gc_millis"), r.get("timer_lateness_p50_us"), r.get("timer_lateness_p99_us"),
                r.get("timer_lateness_p9999_us"), r.get("timer_lateness_max_us"), r.get("timer_ticks"), r.get("timer_ticks_skipped"),
                r.get("ring_blocked_count"), r.get("ring_blocked_ms")));
        b.append(String.format("  platform (a bare thread parking on the same tick, run alongside): %d stalls longer than the margin of %.1f ms "
                        + "(lookahead - tick), longest %.1f ms%s%n", r.get("platform_stalls_beyond_margin"), r.get("platform_margin_ms"),
                r.get("platform_max_stall_ms"), ((long) r.get("platform_stalls_beyond_margin")) > 0
                        ? " — the OS left a bare thread of this process unscheduled for longer than the lookahead allows: this machine cannot hold it at this load" : ""));
        b.append(String.format("  machine: %s, %d cores, %s, %s; load average %.2f at start, %.2f at end%n", r.get("machine_cpu"),
                r.get("machine_cores"), r.get("jdk"), r.get("gc"), r.get("load_average_at_start"), r.get("load_average_at_end")));
        return b.toString();
    }

    private String markdown() {
        return "### Real-time streaming (`./cryo bench sequencer-stream`)\n\n"
                + String.format("**%s** — %,d entries/s of board time, %.1f ms lookahead, %.1f ms tick, %.1f s of board time.%n%n",
                r.get("result"), rate, lookaheadMs, tickMs, (double) r.get("board_seconds"))
                + "| figure | value |\n|---|---|\n"
                + row("entries written / played", String.format("%,d / %,d", r.get("entries_written"), r.get("entries_played")))
                + row("underflows (host / board)", r.get("underflows_host") + " / " + r.get("underflows_board"))
                + row("slack min / p50 / p99 / p99.99", String.format("%.3f / %.3f / %.3f / %.3f ms", r.get("slack_min_ms"),
                r.get("slack_p50_ms"), r.get("slack_p99_ms"), r.get("slack_p9999_ms")))
                + row("ring-thread allocation", String.format("%d bytes (%.4f B/entry)", r.get("ring_thread_allocated_bytes"),
                r.get("ring_thread_allocated_bytes_per_entry")))
                + row("CPU: ring / timer / board thread", String.format("%.1f %% / %.1f %% / %.1f %%", r.get("ring_thread_cpu_percent"),
                r.get("timer_thread_cpu_percent"), r.get("board_thread_cpu_percent")))
                + row("GC during the run", r.get("gc_collections") + " collections, " + r.get("gc_millis") + " ms")
                + row("timer lateness p50 / p99 / max", String.format("%.0f / %.0f / %.0f µs", r.get("timer_lateness_p50_us"),
                r.get("timer_lateness_p99_us"), r.get("timer_lateness_max_us")))
                + row("platform stalls beyond lookahead - tick (bare park loop alongside)", r.get("platform_stalls_beyond_margin")
                + " (longest " + r.get("platform_max_stall_ms") + " ms)")
                + row("machine", r.get("machine_cpu") + ", " + r.get("machine_cores") + " cores, " + r.get("jdk"))
                + row("load average start / end", String.format("%.2f / %.2f", r.get("load_average_at_start"), r.get("load_average_at_end")))
                + (!"".equals(r.get("last_error")) ? row("sequencer last error", String.valueOf(r.get("last_error"))) : "")
                + "\n";
    }

    private static String row(String k, String v) {
        return "| " + k + " | " + v.replace("|", "\\|") + " |\n";
    }

    /** Four channels, one repeat block: {@code rate / 1000} entries in every 1 ms pass, looping forever. */
    static PulseSequence stream(int rate) {
        int perPass = rate / 1000;
        long period = 1_000_000L / (perPass / 4);
        period -= period % 4;
        RepeatBlock.Builder train = RepeatBlock.newBuilder().setName("train").setCount(perPass / 4).setPeriodTicks(period);
        String[] ch = {"q0", "q1", "flux", "ro"};
        for (int i = 0; i < 4; i++) {
            train.addPulses(Pulse.newBuilder().setName("p" + i).setChannel(ch[i]).setStartTicks(i * 60L).setDurationTicks(40)
                    .setAmplitude(0.05).setEnvelope(Envelope.ENVELOPE_SQUARE));
        }
        return PulseSequence.newBuilder().setName("stream").setVersion(1)
                .addChannels(channel("q0", ChannelKind.CHANNEL_DRIVE, 0))
                .addChannels(channel("q1", ChannelKind.CHANNEL_DRIVE, 1))
                .addChannels(channel("flux", ChannelKind.CHANNEL_FLUX_BIAS, 2))
                .addChannels(channel("ro", ChannelKind.CHANNEL_READOUT, 5))
                .addBlocks(train).setLengthTicks(1_000_000).build();
    }

    private static PulseChannel channel(String name, ChannelKind kind, int boardChannel) {
        return PulseChannel.newBuilder().setName(name).setKind(kind).setBoardChannel(boardChannel).setMaxAmplitude(0.8).build();
    }

    private ControllerConfig config(SimulatedBoard board) {
        ControllerConfig base = DefaultConfig.mixingChamber("stream-1", board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve());
        return new ControllerConfig(base.nodeId(), base.firmwareVersion(), tickMs / 1000, 1.0, base.watchdogTimeoutMillis(),
                base.staleTicks(), base.sensors(), base.loops(), base.overTemperature());
    }

    private static Command start(String id, PulseSequence s) {
        return Command.newBuilder().setCorrelationId(id).setStartSequence(StartSequence.newBuilder().setSequence(s)).build();
    }

    /** Submits a command in real time and waits (bounded) for the ring's answer. */
    private static String startAndWait(Controller c, String[] answer, Command cmd) {
        answer[0] = null;
        if (!c.submit(cmd)) {
            throw new IllegalStateException("ring full");
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (answer[0] == null && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
        }
        if (answer[0] == null) {
            throw new IllegalStateException("no answer to " + cmd.getActionCase() + " within 5 s");
        }
        if (answer[0].startsWith("refused")) {
            throw new IllegalStateException(cmd.getActionCase() + " " + answer[0]);
        }
        return answer[0];
    }

    private static String alarmLine(AlarmSet set) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < set.count(); i++) {
            AlarmRecord a = set.get(i);
            b.append(b.length() == 0 ? "" : "; ").append(String.format("alarm %d %s %s value %.0f limit %.0f", a.alarmId(), a.cause(),
                    a.severity(), a.value(), a.limit()));
        }
        return b.length() == 0 ? "none" : b.toString();
    }

    private static Thread thread(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) {
                return t;
            }
        }
        return null;
    }

    private static long gcCount() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionCount());
        }
        return n;
    }

    private static long gcMillis() {
        long n = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            n += Math.max(0, gc.getCollectionTime());
        }
        return n;
    }

    private static String gcNames() {
        StringBuilder b = new StringBuilder();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            b.append(b.length() == 0 ? "" : ", ").append(gc.getName());
        }
        return b.toString();
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

    private static double ms(long ticks) {
        return Math.round(ticks / 1e3) / 1000.0;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /**
     * The platform's floor, measured alongside: a bare thread parking on the same tick and doing
     * nothing else. A stall longer than the margin (lookahead - tick) means the OS did not run this
     * process for longer than the sequencer could ride out, whatever the host code does.
     */
    static final class Canary implements AutoCloseable {
        final long periodNanos;
        final long marginNanos;
        volatile long stalls;
        volatile long maxLateNanos;
        private volatile boolean running = true;
        private final Thread thread = new Thread(this::loop, "platform-canary");

        Canary(long periodNanos, long marginNanos) {
            this.periodNanos = periodNanos;
            this.marginNanos = marginNanos;
            thread.setDaemon(true);
        }

        void reset() {
            stalls = 0;
            maxLateNanos = 0;
        }

        Canary start() {
            thread.start();
            return this;
        }

        private void loop() {
            long next = System.nanoTime() + periodNanos;
            while (running) {
                long now = System.nanoTime();
                if (now < next) {
                    LockSupport.parkNanos(next - now);
                    continue;
                }
                long late = now - next;
                if (late > maxLateNanos) {
                    maxLateNanos = late;
                }
                if (late > marginNanos) {
                    stalls++;
                }
                next += periodNanos;
                if (next <= now) {
                    next = now + periodNanos;
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            LockSupport.unpark(thread);
            thread.join(2000);
        }
    }
}
