package cryo.workstation.cli;

import cryo.controller.app.Controller;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.ring.ControlRing;
import cryo.controller.sequencer.CompiledSequence;
import cryo.controller.sequencer.PulseSequencerStage;
import cryo.controller.sequencer.SequenceCompiler;
import cryo.controller.sequencer.SequenceException;
import cryo.workstation.sequence.SequenceFiles;
import cryo.controller.sequencer.SequencePlan;
import cryo.controller.sequencer.SequencerConfig;
import cryo.hal.bus.BusException;
import cryo.hal.device.BoardClock;
import cryo.sim.board.LockStepDriver;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.PulseSequence;
import cryo.v1.StartSequence;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cryo sequence check|plot|run FILE}: pulse sequence files (protobuf text format or JSON). */
@Command(name = "sequence", mixinStandardHelpOptions = true,
        description = "Check, plot or run a pulse sequence file (protobuf text format or JSON).",
        subcommands = {SequenceCommand.Check.class, SequenceCommand.Plot.class, SequenceCommand.Run.class})
public final class SequenceCommand {

    static PulseSequence read(Path file) {
        try {
            return SequenceFiles.read(file);
        } catch (SequenceException e) {
            throw new UserError(e.getMessage());
        }
    }

    /** Shared options: what the controller would be configured with. */
    static final class Settings {
        @Option(names = "--loops", defaultValue = "1", description = "passes to play, 0 = forever (default ${DEFAULT-VALUE})")
        long loops;

        @Option(names = "--throttle", description = "stretch the repetition rate to fit the thermal budget instead of refusing")
        boolean throttle;

        @Option(names = "--budget-mw", defaultValue = "10", description = "4 K plate budget for the board, mW (default ${DEFAULT-VALUE})")
        double budgetMilliwatts;

        @Option(names = "--lookahead-ms", defaultValue = "auto", description = "streaming lookahead, ms, or auto: measured on this host "
                + "(the 100 ms tick + the worst stall of a 2 s calibration run + a margin), only when a sequence streams (default ${DEFAULT-VALUE})")
        String lookahead;

        /** How the lookahead was chosen (one line), once {@link #measuredConfig} ran. */
        String lookaheadSource = "";

        SequencerConfig config() {
            if (loops < 0 || loops > 0xFFFF_FFFFL) {
                throw new UserError("--loops " + loops + " outside 0..4294967295");
            }
            // checked here with the flags' names and units (the config would name its fields, in watts and ticks)
            if (!(budgetMilliwatts > 0) || budgetMilliwatts > 1e6) {
                throw new UserError("--budget-mw " + budgetMilliwatts + " outside (0, 1000000] mW");
            }
            try {
                SequencerConfig c = SequencerConfig.defaults(0.1).withBudgetWatts(budgetMilliwatts * 1e-3);
                if ("auto".equals(lookahead)) {
                    return c;
                }
                double ms;
                try {
                    ms = Double.parseDouble(lookahead);
                } catch (NumberFormatException e) {
                    throw new UserError("--lookahead-ms must be a number of ms or auto, was " + lookahead);
                }
                if (!(ms >= 0.001) || ms > 10_000) {
                    throw new UserError("--lookahead-ms " + lookahead + " outside 0.001..10000 ms (or auto)");
                }
                lookaheadSource = "lookahead " + lookahead + " ms (--lookahead-ms)";
                return c.withLookaheadTicks(BoardClock.fromSeconds(ms * 1e-3));
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }

        /** The config with the streaming lookahead measured on this host (--lookahead-ms auto), else as given. */
        SequencerConfig measuredConfig() {
            SequencerConfig c = config();
            if (!"auto".equals(lookahead)) {
                return c;
            }
            long worst = cryo.controller.sequencer.HostStalls.worstStallNanos(0.001, 2.0);
            lookaheadSource = cryo.controller.sequencer.HostStalls.describe(0.1, 2.0, worst);
            try {
                return c.withLookaheadTicks(cryo.controller.sequencer.HostStalls.lookaheadTicks(0.1, worst));
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        }
    }

    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate a sequence against the board and the thermal budget; print every error (exit 1) or a summary.")
    static final class Check implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE")
        Path file;

        @picocli.CommandLine.Mixin
        Settings settings;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            PulseSequence s = read(file);
            SequencerConfig config = settings.config();
            try {
                CompiledSequence c = new SequenceCompiler(config).compile(s);
                SequencePlan p = SequencePlan.of(s, c, settings.loops, settings.throttle, config);
                if (p.streams()) {
                    // the streaming path depends on the host: measure it (unless --lookahead-ms says) and check again
                    p = SequencePlan.of(s, c, settings.loops, settings.throttle, settings.measuredConfig());
                }
                out.printf("%s: sequence \"%s\" v%d ok: %d entries a pass, pass %s, %s; %s%n", file, c.name(), c.version(), c.size(),
                        seconds(c.passTicks()), p.loops() == 0 ? "looping forever" : p.loops() + " loop(s)", p.note());
                out.printf("%s: path %s%s%n", file, p.path(), p.streams() ? "; " + settings.lookaheadSource : "");
                out.flush();
                return 0;
            } catch (SequenceException e) {
                for (String line : e.errors()) {
                    err.println(file + ": " + line);
                }
                err.flush();
                return 1;
            }
        }
    }

    @Command(name = "plot", mixinStandardHelpOptions = true, description = "Draw one pass of a sequence's timeline to a PNG.")
    static final class Plot implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--out", required = true, paramLabel = "PNG", description = "image to write (PNG)")
        Path out;

        @Option(names = "--width", defaultValue = "1400", description = "image width in pixels (default ${DEFAULT-VALUE})")
        int width;

        @Override
        public Integer call() throws Exception {
            if (width < 400 || width > 10_000) {
                throw new UserError("--width " + width + " outside 400..10000");
            }
            OutputFiles.checkPng("--out", out);
            PulseSequence s = read(file);
            CompiledSequence c;
            try {
                c = new SequenceCompiler(SequencerConfig.defaults(0.1)).compile(s);
            } catch (SequenceException e) {
                throw new UserError(file + ": " + e.getMessage() + " (see 'cryo sequence check " + file + "')");
            }
            SequencePlotter.write(s, c, width, out);
            spec.commandLine().getOut().printf("%s: wrote %s (%d entries, pass %s)%n", file, out, c.size(), seconds(c.passTicks()));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Play a sequence on the simulated board in lock-step virtual time and report what was played.")
    static final class Run implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "FILE")
        Path file;

        @picocli.CommandLine.Mixin
        Settings settings;

        @Option(names = "--max-seconds", defaultValue = "60", description = "stop after this much board time (default ${DEFAULT-VALUE})")
        double maxSeconds;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (!(maxSeconds > 0) || maxSeconds > 86_400) {
                throw new UserError("--max-seconds " + maxSeconds + " outside (0, 86400]");
            }
            PulseSequence s = read(file);
            SequencerConfig sc = settings.config();
            SimulatedBoard board = SimulatedBoards.mixingChamber(1);
            ControllerConfig cfg = DefaultConfig.mixingChamber("sim-1", board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve());
            String[] answer = new String[1];
            Controller controller;
            try {
                controller = Controller.create(cfg, sc, board, board.clock(), ControlRing.defaultWaitStrategy(),
                        (c, ok, why, t) -> answer[0] = (ok ? "accepted: " : "refused: ") + why).start();
            } catch (BusException | IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            try {
                LockStepDriver driver = new LockStepDriver(board, cfg.tickIntervalSeconds(), controller::step);
                controller.submit(cryo.v1.Command.newBuilder().setCorrelationId("cli").setStartSequence(StartSequence.newBuilder()
                        .setSequence(s).setLoops((int) settings.loops).setThrottle(settings.throttle)).build());
                controller.awaitIdle();
                out.println(file + ": " + answer[0]);
                out.flush();
                if (answer[0].startsWith("refused")) {
                    return 1;
                }
                PulseSequencerStage q = controller.sequencer();
                long steps = Math.round(maxSeconds / cfg.tickIntervalSeconds());
                for (long i = 0; i < steps && (q.state().equals(PulseSequencerStage.RUNNING) || q.state().equals(PulseSequencerStage.STOPPING)); i++) {
                    driver.step();
                }
                controller.awaitIdle();
                Histogram h = q.slackHistogram();
                out.printf("%s: %s after %.1f s of board time: %d entries written, %d played, %d underflows, %d late on the board%n",
                        file, q.state(), BoardClock.toSeconds(board.clock().nowTicks()), q.entriesWritten(),
                        board.pulseEngine().playedCount(), q.underflows(), board.pulseEngine().underflowCount());
                if (h.getTotalCount() > 0) {
                    out.printf("%s: slack min %s, p50 %s, p99 %s, p99.99 %s%n", file, seconds(h.getMinValue()),
                            seconds(h.getValueAtPercentile(50)), seconds(h.getValueAtPercentile(99)), seconds(h.getValueAtPercentile(99.99)));
                }
                if (!q.lastError().isEmpty()) {
                    out.println(file + ": " + q.lastError());
                }
                out.flush();
                return q.state().equals(PulseSequencerStage.ABORTED) ? 1 : 0;
            } finally {
                controller.close();
            }
        }
    }

    static String seconds(long ticks) {
        double s = ticks * 1e-9;
        if (s >= 1) {
            return String.format("%.3f s", s);
        }
        if (s >= 1e-3) {
            return String.format("%.3f ms", s * 1e3);
        }
        if (s >= 1e-6) {
            return String.format("%.3f µs", s * 1e6);
        }
        return ticks + " ns";
    }
}
