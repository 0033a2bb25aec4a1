package cryo.controller.sequencer;

import static cryo.controller.sequencer.Sequences.channels;
import static cryo.controller.sequencer.Sequences.pulse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.v1.Envelope;
import cryo.v1.PulseSequence;
import cryo.v1.RepeatBlock;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The whole ring thread (board input, interlock, heater loops, sequencer, jobs, telemetry)
 * allocates nothing while a sequence plays from the board's memory: a plain StartSequence that
 * compiles to a board program, looping forever, 3,000 lock-step ticks (5 entries a 1 ms pass, the
 * host reading the core's status every tick). Measured in a window the JIT did not touch
 * ({@link JitQuiet#measure}), after a warm-up until it went quiet.
 */
class ProgramAllocationTest {
    private static final double WINDOW_SECONDS = 300.0; // 3,000 ticks at the harness's 0.1 s tick

    @Test
    void theRingThreadAllocatesNothingWhileABoardProgramPlays() throws Exception {
        try (SequencerHarness h = new SequencerHarness(SequencerConfig.defaults(0.1))) {
            RepeatBlock.Builder b = RepeatBlock.newBuilder().setName("train").setCount(5).setPeriodTicks(200_000)
                    .addPulses(pulse("p", "q0", 0, 40, Envelope.ENVELOPE_GAUSSIAN));
            PulseSequence s = channels("train").addBlocks(b).setLengthTicks(1_000_000).build();
            String answer = h.start(s, 0);
            assertTrue(answer.contains("program: fits board memory"), answer);
            h.driver.run(10.0); // upload, load, arm, first passes
            assertEquals(PulseSequencerStage.RUNNING, h.sequencer.state(), h.sequencer.lastError());
            JitQuiet.warmUp(() -> h.driver.run(30.0), 30);
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long ring = h.controller.ring().thread().getId();
            long played = h.sequencer.entriesPlayed();
            JitQuiet.Window w = JitQuiet.measure(() -> h.driver.run(WINDOW_SECONDS), () -> mx.getThreadAllocatedBytes(ring), 30);
            System.out.println("board-program allocation: " + w);
            assertEquals(PulseSequencerStage.RUNNING, h.sequencer.state(), h.sequencer.lastError());
            assertTrue(h.sequencer.plan().program() != null, "played from board memory");
            assertTrue(h.sequencer.entriesPlayed() - played >= 1_400_000, "the board played " + (h.sequencer.entriesPlayed() - played));
            assertEquals(0L, w.bytes(), "ring thread while a board program played 3,000 ticks: " + w);
        }
    }
}
