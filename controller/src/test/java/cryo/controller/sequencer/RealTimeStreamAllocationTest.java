package cryo.controller.sequencer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.app.Controller;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.ring.ControlRing;
import cryo.hal.device.BoardClock;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.ChannelKind;
import cryo.v1.Command;
import cryo.v1.Envelope;
import cryo.v1.Pulse;
import cryo.v1.PulseChannel;
import cryo.v1.PulseSequence;
import cryo.v1.RepeatBlock;
import cryo.v1.StartSequence;
import java.lang.management.ManagementFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Zero bytes on the ring thread per entry while streaming the real-time benchmark's load (100,000
 * entries per second of board time, 1 ms tick, 10 ms lookahead) against a free-running board:
 * the board's clock runs on a wall clock, the host's transfers catch the pulse engine (and, when
 * it is behind, the whole board) up to it on the ring thread, the ring thread parks in the default
 * (lite-blocking) wait strategy between ticks, and the status channel has no reader, so every
 * status takes the drop path. Unlike {@code cryo bench sequencer-stream} the wall clock is the
 * test's own counter, stepped a millisecond per tick: nothing here waits on real time, so the
 * figure cannot depend on how the machine schedules threads.
 *
 * <p>What the benchmark saw in real time and this cannot: one-offs of the JVM (a C2 compile
 * requested on the ring thread resolves its class's string constants there, ~50-250 bytes per
 * class, once). The warm-up runs until the JIT has gone quiet ({@link JitQuiet}): on a loaded
 * machine those requests come later than any fixed count of ticks.
 */
class RealTimeStreamAllocationTest {
    private static final int RATE_ENTRIES_PER_SECOND = 100_000;
    private static final long TICK = 1_000_000L; // 1 ms of board time
    private static final int WARMUP_TICKS = 20_000;
    private static final int MEASURED_TICKS = 5_000;
    /** The test's thread catches the board up this often; in between, host transfers do it on the ring thread. */
    private static final int RUNNER_EVERY_TICKS = 100;

    /** Both paths: streaming (the host writes every entry) and the board's program (the host reads status). */
    @org.junit.jupiter.params.ParameterizedTest(name = "programs {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void ringThreadAllocatesNothingPerEntryAgainstAFreeRunningBoard(boolean programs) throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SimulatedBoard board = SimulatedBoards.mixingChamber(5);
        ControllerConfig base = DefaultConfig.mixingChamber("rt-alloc", board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve());
        ControllerConfig cfg = new ControllerConfig(base.nodeId(), base.firmwareVersion(), TICK * 1e-9, TICK * 1e-9,
                base.watchdogTimeoutMillis(), base.sensors(), base.loops(), base.overTemperature());
        SequencerConfig sc = SequencerConfig.defaults(0.1).withLookaheadTicks(BoardClock.fromSeconds(0.010)).withPrograms(programs);
        String[] answer = new String[1];
        try (Controller c = Controller.create(cfg, sc, board, board.clock(), ControlRing.defaultWaitStrategy(),
                (cmd, ok, why, t) -> answer[0] = (ok ? "accepted: " : "refused: ") + why).start()) {
            AtomicLong wallNanos = new AtomicLong(1_000_000_000L);
            board.runFree(wallNanos::get, 1.0, TICK);
            assertTrue(c.submit(Command.newBuilder().setCorrelationId("rt")
                    .setStartSequence(StartSequence.newBuilder().setSequence(stream())).build()));
            c.awaitIdle();
            assertTrue(answer[0] != null && answer[0].startsWith("accepted"), String.valueOf(answer[0]));
            assertEquals(programs, answer[0].contains("; program: fits board memory"), answer[0]);

            run(c, board, wallNanos, WARMUP_TICKS); // JIT, the status channel filling, the board's first conversions
            int windows = JitQuiet.warmUp(() -> run(c, board, wallNanos, MEASURED_TICKS), 30); // until the JIT is quiet (see JitQuiet)
            System.out.println("real-time stream allocation: warm-up " + WARMUP_TICKS + " ticks and " + windows + " window(s) until the JIT was quiet");
            PulseSequencerStage q = c.sequencer();
            long ring = c.ring().thread().getId();
            long written = q.entriesWritten();
            JitQuiet.Window w = JitQuiet.measure(() -> run(c, board, wallNanos, MEASURED_TICKS), () -> mx.getThreadAllocatedBytes(ring), 20);
            System.out.println("real-time stream allocation (programs " + programs + "): " + w);
            long allocated = w.bytes();
            long entries = (q.entriesWritten() - written) / (w.discarded() + 1);
            assertEquals(PulseSequencerStage.RUNNING, q.state(), q.lastError());
            assertEquals(0, q.underflows());
            long expected = (long) MEASURED_TICKS * RATE_ENTRIES_PER_SECOND / 1000;
            assertTrue(Math.abs(entries - expected) <= expected / 100, entries + " entries streamed in the measured window, expected " + expected);
            assertTrue(c.statusChannel().dropped() > MEASURED_TICKS, "statuses took the drop path: " + c.statusChannel().dropped());
            assertEquals(0, allocated, "ring thread over " + entries + " entries: " + w);
        }
    }

    /** A tick every millisecond of the test's wall clock; the board catches up as a RealTimeRunner and the host's transfers would make it. */
    private static void run(Controller c, SimulatedBoard board, AtomicLong wallNanos, int ticks) {
        for (int i = 0; i < ticks; i++) {
            wallNanos.addAndGet(TICK);
            if (i % RUNNER_EVERY_TICKS == 0) {
                board.catchUp();
            }
            c.step(board.clock().nowTicks());
        }
    }

    /** The benchmark's load: four channels, 100 entries in every 1 ms pass, looping forever. */
    private static PulseSequence stream() {
        int perPass = RATE_ENTRIES_PER_SECOND / 1000;
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
}
