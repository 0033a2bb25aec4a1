package cryo.controller.sequencer;

import static cryo.controller.sequencer.Sequences.channels;
import static cryo.controller.sequencer.Sequences.pulse;

import cryo.controller.app.ControlTimer;
import cryo.controller.app.Controller;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.ring.ControlRing;
import cryo.sim.board.RealTimeRunner;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.Command;
import cryo.v1.Envelope;
import cryo.v1.PulseSequence;
import cryo.v1.RepeatBlock;
import cryo.v1.StartSequence;
import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Not a unit test: the simulated board on the wall clock ({@link RealTimeRunner}, 0.2 ms steps),
 * the controller ticking every 1 ms ({@link ControlTimer}), streaming 100 000 entries per second
 * of board time at a 10 ms lookahead, looping forever, for {@code args[0]} seconds.
 */
public final class RealTimeStreamBenchmark {
    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 60;
        SimulatedBoard board = SimulatedBoards.mixingChamber(1);
        ControllerConfig base = DefaultConfig.mixingChamber("rt-1", board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve());
        ControllerConfig cfg = new ControllerConfig(base.nodeId(), base.firmwareVersion(), 0.001, 1.0,
                base.watchdogTimeoutMillis(), base.staleTicks(), base.sensors(), base.loops(), base.overTemperature());
        SequencerConfig sc = SequencerConfig.defaults(0.1).withLookaheadTicks(10_000_000);
        String[] answer = new String[1];
        Controller c = Controller.create(cfg, sc, board, board.clock(), ControlRing.defaultWaitStrategy(),
                (cmd, ok, why, t) -> answer[0] = (ok ? "accepted: " : "refused: ") + why).start();
        RealTimeRunner runner = new RealTimeRunner(board, 1.0, 0.0002, System::nanoTime).start();
        ControlTimer timer = new ControlTimer(c, board.clock(), cfg.tickIntervalSeconds()).start();
        RepeatBlock.Builder train = RepeatBlock.newBuilder().setName("train").setCount(25).setPeriodTicks(40_000);
        String[] ch = {"q0", "q1", "flux", "ro"};
        for (int i = 0; i < 4; i++) {
            train.addPulses(pulse("p" + i, ch[i], i * 100L, 40, Envelope.ENVELOPE_SQUARE).setAmplitude(0.05));
        }
        PulseSequence stream = channels("stream").addBlocks(train).setLengthTicks(1_000_000).build();
        // JIT warm-up: the first runs of a cold JVM may underflow (and abort, loudly); restart until one holds for 5 s
        for (int attempt = 1; attempt <= 5; attempt++) {
            answer[0] = null;
            c.submit(Command.newBuilder().setCorrelationId("rt" + attempt).setStartSequence(StartSequence.newBuilder().setSequence(stream)).build());
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (answer[0] == null && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
            LockSupport.parkNanos(5_000_000_000L);
            System.out.println("attempt " + attempt + ": " + answer[0] + " -> " + c.sequencer().state() + " " + c.sequencer().lastError());
            if (PulseSequencerStage.RUNNING.equals(c.sequencer().state())) {
                break;
            }
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = c.ring().thread().getId();
        long a0 = mx.getThreadAllocatedBytes(id);
        long w0 = c.sequencer().entriesWritten();
        long b0 = board.clock().nowTicks();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        while (System.nanoTime() < end && PulseSequencerStage.RUNNING.equals(c.sequencer().state())) {
            LockSupport.parkNanos(100_000_000L);
        }
        long alloc = mx.getThreadAllocatedBytes(id) - a0;
        long entries = c.sequencer().entriesWritten() - w0;
        double boardSeconds = (board.clock().nowTicks() - b0) * 1e-9;
        timer.close();
        runner.close();
        c.close();
        Histogram h = c.sequencer().slackHistogram();
        System.out.printf("real time: state %s after %.1f s board time; %d entries (%.0f/s); underflows %d (board %d); %s%n",
                c.sequencer().state(), boardSeconds, entries, entries / boardSeconds, c.sequencer().underflows(),
                board.pulseEngine().underflowCount(), c.sequencer().lastError());
        System.out.printf("slack (whole run): n %d, min %.3f ms, p50 %.3f ms, p99 %.3f ms, p99.99 %.3f ms; ring-thread allocation %d bytes (%.4f B/entry)%n",
                h.getTotalCount(), h.getMinValue() / 1e6, h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(99) / 1e6,
                h.getValueAtPercentile(99.99) / 1e6, alloc, alloc / (double) Math.max(1, entries));
    }
}
