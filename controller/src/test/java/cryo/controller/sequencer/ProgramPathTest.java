package cryo.controller.sequencer;

import static cryo.controller.sequencer.Sequences.channels;
import static cryo.controller.sequencer.Sequences.pulse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.telemetry.StatusSnapshot;
import cryo.hal.pulse.PulseEntry;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.v1.Envelope;
import cryo.v1.PulseSequence;
import cryo.v1.RepeatBlock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sequences that fit the board's memory play from there: uploaded once, looped on the board. */
class ProgramPathTest {
    private static final SequencerConfig CONFIG = SequencerConfig.defaults(0.1);

    private static PulseSequence sparse() {
        return Sequences.experiment().toBuilder().setLengthTicks(50_000_000).build();
    }

    private static List<PulseEntry> sortedPlayed(SequencerHarness h) {
        List<PulseEntry> l = new ArrayList<>(h.board.pulseEngine().played());
        l.sort(Comparator.comparingLong(PulseEntry::boardTicks).thenComparingInt(PulseEntry::channel));
        return l;
    }

    private static void runUntil(SequencerHarness h, String state, int maxSteps) {
        for (int i = 0; i < maxSteps && !state.equals(h.sequencer.state()); i++) {
            h.driver.step();
        }
    }

    @Test
    void aSequenceThatFitsPlaysFromBoardMemoryExactly() throws Exception {
        try (SequencerHarness h = new SequencerHarness(CONFIG)) {
            h.driver.run(1.0);
            PulseSequence s = sparse();
            String answer = h.start(s, 12);
            assertTrue(answer.contains("program: fits board memory (structured: "), answer);
            assertEquals(PulseSequencerStage.UPLOADING, h.sequencer.state());
            runUntil(h, PulseSequencerStage.DONE, 20);
            assertEquals(PulseSequencerStage.DONE, h.sequencer.state(), h.sequencer.lastError());
            List<PulseEntry> want = SequencerRingTest.expected(s, h.sequencer.startTicks(), 50_000_000, 12);
            assertEquals(want, sortedPlayed(h), "played equals requested, to the tick");
            assertEquals(0, h.board.pulseEngine().underflowCount());
            assertEquals(0, h.board.pulseEngine().playedOutOfTime());
            assertEquals(252, h.sequencer.entriesWritten());
            assertEquals(252, h.sequencer.entriesPlayed());
        }
    }

    @Test
    void tightPassesAndAFlatProgramPlayExactly() throws Exception {
        try (SequencerHarness h = new SequencerHarness(CONFIG)) {
            PulseSequence s = Sequences.experiment(); // 30 µs pass, 1,000 passes in 30 ms
            assertTrue(h.start(s, 1000).contains("program: fits"));
            h.driver.run(0.5);
            assertEquals(PulseSequencerStage.DONE, h.sequencer.state(), h.sequencer.lastError());
            assertEquals(SequencerRingTest.expected(s, h.sequencer.startTicks(), 30_000, 1000), sortedPlayed(h));
        }
        // a block overlapping a loose pulse: no structure, every entry of the pass in the table
        PulseSequence overlapping = Sequences.experiment().toBuilder()
                .addPulses(pulse("long", "mark", 9_000, 12_000, Envelope.ENVELOPE_SQUARE)).build();
        try (SequencerHarness h = new SequencerHarness(CONFIG)) {
            String answer = h.start(overlapping, 100);
            assertTrue(answer.contains("program: fits board memory (flat (its blocks and pulses overlap in time): "), answer);
            h.driver.run(0.5);
            assertEquals(PulseSequencerStage.DONE, h.sequencer.state(), h.sequencer.lastError());
            assertEquals(SequencerRingTest.expected(overlapping, h.sequencer.startTicks(), 30_000, 100), sortedPlayed(h));
        }
    }

    @Test
    void aStalledHostCannotMakeTheBoardLate() throws Exception {
        try (SequencerHarness h = new SequencerHarness(CONFIG)) {
            PulseSequence s = sparse();
            assertTrue(h.start(s, 40).contains("program: fits"));
            h.driver.run(0.5);
            h.sequencer.stallForTest(15); // the host misses 1.5 s: the streaming path underflows here
            h.driver.run(2.0);
            runUntil(h, PulseSequencerStage.DONE, 20);
            assertEquals(PulseSequencerStage.DONE, h.sequencer.state(), h.sequencer.lastError());
            assertEquals(0, h.sequencer.underflows());
            assertEquals(SequencerRingTest.expected(s, h.sequencer.startTicks(), 50_000_000, 40), sortedPlayed(h));
        }
    }

    @Test
    void stopEndsAfterAPassAndAbortHaltsTheBoard() throws Exception {
        try (SequencerHarness h = new SequencerHarness(CONFIG)) {
            assertTrue(h.start(sparse(), 0).contains("program: fits"));
            h.driver.run(0.5);
            assertEquals(PulseSequencerStage.RUNNING, h.sequencer.state());
            assertTrue(h.stop().startsWith("accepted: sequence \"ramsey\" stops at the end of the pass the board's core is fetching"));
            runUntil(h, PulseSequencerStage.DONE, 100);
            assertEquals(PulseSequencerStage.DONE, h.sequencer.state(), h.sequencer.lastError());
            assertEquals(0, h.board.pulseEngine().playedCount() % 21, "stopped on a pass boundary");

            assertTrue(h.start(sparse(), 0).contains("program: fits"));
            h.driver.run(0.3);
            assertEquals("accepted: sequence \"ramsey\" aborted: engine halted, FIFO cleared", h.abort());
            assertEquals(CryoCmosRegisters.PROG_STATE_ABORTED, h.board.pulseEngine().programState());
            long after = h.board.pulseEngine().playedCount();
            h.driver.run(0.5);
            assertEquals(after, h.board.pulseEngine().playedCount(), "nothing plays after an abort");
        }
    }

    @Test
    void anInterlockTripHaltsTheProgramInTheSamePass() throws Exception {
        try (SequencerHarness h = new SequencerHarness(CONFIG)) {
            assertTrue(h.start(sparse(), 0).contains("program: fits"));
            h.driver.run(0.5);
            h.overheatUntilTripped();
            assertTrue(h.controller.interlock().tripped());
            assertEquals(0, h.board.pulseEngine().queued());
            assertEquals(CryoCmosRegisters.PROG_STATE_ABORTED, h.board.pulseEngine().programState());
            assertEquals(PulseSequencerStage.ABORTED, h.sequencer.state());
            long played = h.board.pulseEngine().playedCount();
            h.driver.run(1.0);
            assertEquals(played, h.board.pulseEngine().playedCount());
        }
    }

    @Test
    void aBoardUnderflowAbortsOnTheBoardAndTheAlarmNamesTheEntryAndBoardTime() throws Exception {
        try (SequencerHarness h = new SequencerHarness(CONFIG)) {
            PulseSequence s = Sequences.experiment(); // 30 µs passes: the FIFO holds about 6 ms
            assertTrue(h.start(s, 0).contains("program: fits"));
            h.driver.run(0.3);
            h.board.pulseEngine().stallProgramForTest(50_000_000); // a stalled core: 50 ms without pushing
            h.driver.run(0.3);
            assertEquals(PulseSequencerStage.ABORTED, h.sequencer.state());
            assertTrue(h.sequencer.lastError().matches("underflow: the board's core reached program entry \\d+ \\((pulses|blocks)\\[\\d\\].*\\) "
                    + "due at board time \\d+ after that time had passed; the board aborted the program and cleared the FIFO, nothing played late"),
                    h.sequencer.lastError());
            assertEquals(1, h.alarms.size());
            assertTrue(h.alarms.get(0).startsWith("PULSE_UNDERFLOW: underflow: the board's core reached program entry "), h.alarms.get(0));
            assertEquals(CryoCmosRegisters.PROG_STATE_ABORTED, h.board.pulseEngine().programState());
            assertEquals(cryo.hal.program.ProgramError.UNDERFLOW, h.board.pulseEngine().programError());
            assertEquals(0, h.board.pulseEngine().playedOutOfTime(), "nothing played late");
            List<PulseEntry> played = sortedPlayed(h);
            List<PulseEntry> want = SequencerRingTest.expected(s, h.sequencer.startTicks(), 30_000, played.size() / 21 + 1);
            assertEquals(want.subList(0, played.size()), played, "what played is an exact prefix of the schedule");
        }
    }

    @Test
    void statusNamesThePathTheProgramAndItsPosition() throws Exception {
        try (SequencerHarness h = new SequencerHarness(CONFIG)) {
            assertTrue(h.start(sparse(), 0).contains("program: fits"));
            h.driver.run(0.5);
            StatusSnapshot s = new StatusSnapshot(1, 1);
            h.sequencer.copyTo(s);
            assertEquals("program", s.sequencerPath);
            assertEquals("running", s.programState);
            assertEquals(h.sequencer.plan().program().crc(), s.programCrc);
            assertEquals(h.sequencer.plan().program().instructionCount(), s.programInstructions);
            assertEquals(6 + 3, s.programEntries, "six loose pulses, three block pulses: the block's five repetitions are a loop");
            assertTrue(s.programPc >= 0 && s.programPc < s.programInstructions, "position " + s.programPc);
            assertTrue(s.sequencerEntriesPlayed > 0);
        }
    }

    @Test
    void aSequenceTooDenseForTheBoardIsRefusedWithTheWindowAndTheRates() {
        // eight channels, 16 ns pulses back to back for 40 µs: 500 M events/s against the board's 15.6 M
        PulseSequence.Builder b = PulseSequence.newBuilder().setName("dense").setVersion(1);
        for (int ch = 0; ch < 8; ch++) {
            b.addChannels(cryo.v1.PulseChannel.newBuilder().setName("c" + ch).setKind(cryo.v1.ChannelKind.CHANNEL_DRIVE)
                    .setBoardChannel(ch).setMaxAmplitude(1.0));
            b.addBlocks(RepeatBlock.newBuilder().setName("b" + ch).setStartTicks(0).setCount(2500).setPeriodTicks(16)
                    .addPulses(pulse("p", "c" + ch, 0, 16, Envelope.ENVELOPE_SQUARE).setAmplitude(0.001)));
        }
        PulseSequence dense = b.setLengthTicks(1_000_000).build();
        SequenceException e = org.junit.jupiter.api.Assertions.assertThrows(SequenceException.class,
                () -> SequencePlan.of(cryo.v1.StartSequence.newBuilder().setSequence(dense).setLoops(1).build(), CONFIG.withBudgetWatts(100)));
        assertTrue(e.getMessage().startsWith("sequence \"dense\" cannot be proven to play from board memory: in the window from "),
                e.getMessage());
        assertTrue(e.getMessage().contains("events/s needed, 15625000 events/s available (one per 64 ns, FIFO 4096 entries)"), e.getMessage());
    }

    @Test
    void aSequenceLargerThanBoardMemoryStreamsAndSaysWhy() throws Exception {
        // 70,000 distinct loose pulses a pass, 100 µs apart: more entries than the board's table holds
        PulseSequence.Builder b = channels("big");
        for (int i = 0; i < 70_000; i++) {
            b.addPulses(pulse("p" + i, "q0", i * 100_000L, 40, Envelope.ENVELOPE_SQUARE));
        }
        SequencePlan p = SequencePlan.of(cryo.v1.StartSequence.newBuilder().setSequence(b.setLengthTicks(7_000_000_000L)).setLoops(1).build(),
                CONFIG.withBudgetWatts(100));
        assertNull(p.program());
        assertTrue(p.path().startsWith("stream: too large for board memory (70000 pulse definitions, the board's definition table holds 4096)"),
                p.path());
        SequencePlan small = SequencePlan.of(cryo.v1.StartSequence.newBuilder().setSequence(sparse()).setLoops(1).build(), CONFIG);
        assertNotNull(small.program());
        assertFalse(SequencePlan.of(cryo.v1.StartSequence.newBuilder().setSequence(sparse()).build(), CONFIG.withPrograms(false)).path()
                .startsWith("program"));
    }
}
