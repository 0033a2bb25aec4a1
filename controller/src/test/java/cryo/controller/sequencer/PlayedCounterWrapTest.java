package cryo.controller.sequencer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.telemetry.StatusSnapshot;
import cryo.v1.PulseSequence;
import org.junit.jupiter.api.Test;

/**
 * PULSE_PLAYED_COUNT is 32 bits: a board that has played for a while wraps it to 0 in the middle
 * of a sequence. The sequencer counts across the wrap (streaming and program path alike).
 */
class PlayedCounterWrapTest {
    /** 100 entries before the register wraps: the 252-entry run below crosses it in its fifth pass. */
    private static final long NEAR_WRAP = (1L << 32) - 100;

    private static PulseSequence sparse() {
        return Sequences.experiment().toBuilder().setLengthTicks(50_000_000).build();
    }

    private static void runUntilDone(SequencerHarness h) {
        for (int i = 0; i < 40 && !PulseSequencerStage.DONE.equals(h.sequencer.state()); i++) {
            h.driver.step();
        }
    }

    private static void assertCountedAcrossTheWrap(SequencerHarness h) {
        assertEquals(PulseSequencerStage.DONE, h.sequencer.state(), h.sequencer.lastError());
        assertEquals(NEAR_WRAP + 252, h.board.pulseEngine().playedCount(), "the board played all 252, through the wrap");
        assertEquals(252, h.sequencer.entriesPlayed());
        assertEquals(12, h.sequencer.loopsDone());
        StatusSnapshot s = new StatusSnapshot(1, 1);
        h.sequencer.copyTo(s);
        assertEquals(252, s.sequencerEntriesPlayed);
        assertEquals(12, s.sequencerLoopsDone);
    }

    @Test
    void aStreamedSequenceFinishesAcrossTheWrap() throws Exception {
        try (SequencerHarness h = new SequencerHarness(SequencerConfig.defaults(0.1).withPrograms(false))) {
            h.driver.run(1.0);
            h.board.pulseEngine().setPlayedCountForTest(NEAR_WRAP);
            String answer = h.start(sparse(), 12);
            assertTrue(answer.startsWith("accepted: sequence \"ramsey\" v1: 21 entries a pass, 12 loop(s)"), answer);
            runUntilDone(h);
            assertCountedAcrossTheWrap(h);
            assertEquals(252, h.sequencer.entriesWritten());
        }
    }

    @Test
    void aProgramFinishesAcrossTheWrap() throws Exception {
        try (SequencerHarness h = new SequencerHarness(SequencerConfig.defaults(0.1))) {
            h.driver.run(1.0);
            h.board.pulseEngine().setPlayedCountForTest(NEAR_WRAP);
            String answer = h.start(sparse(), 12);
            assertTrue(answer.contains("program: fits board memory"), answer);
            runUntilDone(h);
            assertCountedAcrossTheWrap(h);
        }
    }
}
