package cryo.controller.sequencer;

import static cryo.controller.sequencer.Sequences.channels;
import static cryo.controller.sequencer.Sequences.pulse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.telemetry.StatusSnapshot;
import cryo.hal.device.BoardClock;
import cryo.hal.pulse.PulseEntry;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.v1.Envelope;
import cryo.v1.Pulse;
import cryo.v1.PulseChannel;
import cryo.v1.PulseSequence;
import cryo.v1.RepeatBlock;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sequencer on the ring against the simulated board's pulse engine, in lock-step virtual time. */
class SequencerRingTest {
    /** The streaming path (programs off): what these tests are about. ProgramPathTest covers the board's programs. */
    private static final SequencerConfig CONFIG = SequencerConfig.defaults(0.1).withPrograms(false);

    /** The experiment with a 50 ms pass, so a run spans many ring passes. */
    private static PulseSequence sparse() {
        return Sequences.experiment().toBuilder().setLengthTicks(50_000_000).build();
    }

    /** Every pulse of every pass, expanded from the proto independently of the compiler. */
    static List<PulseEntry> expected(PulseSequence s, long startTicks, long periodTicks, int loops) {
        Map<String, Integer> board = new HashMap<>();
        for (PulseChannel c : s.getChannelsList()) {
            board.put(c.getName(), c.getBoardChannel());
        }
        List<PulseEntry> l = new ArrayList<>();
        for (int k = 0; k < loops; k++) {
            long pass = startTicks + k * periodTicks;
            for (Pulse p : s.getPulsesList()) {
                l.add(entry(pass + p.getStartTicks(), board.get(p.getChannel()), p));
            }
            for (RepeatBlock b : s.getBlocksList()) {
                for (int r = 0; r < b.getCount(); r++) {
                    for (Pulse p : b.getPulsesList()) {
                        l.add(entry(pass + b.getStartTicks() + r * b.getPeriodTicks() + p.getStartTicks(), board.get(p.getChannel()), p));
                    }
                }
            }
        }
        l.sort(Comparator.comparingLong(PulseEntry::boardTicks).thenComparingInt(PulseEntry::channel));
        return l;
    }

    private static PulseEntry entry(long t, int channel, Pulse p) {
        double turns = p.getPhaseRadians() / (2 * Math.PI);
        int phase = (int) Math.round((turns - Math.floor(turns)) * 65536) & 0xFFFF;
        boolean shaped = p.getEnvelope() == Envelope.ENVELOPE_GAUSSIAN || p.getEnvelope() == Envelope.ENVELOPE_DRAG;
        return new PulseEntry(t, channel, p.getEnvelopeValue(), p.getDurationTicks(), (float) p.getAmplitude(), phase,
                (float) p.getCarrierHz(), shaped ? (float) p.getSigmaTicks() : 0f,
                p.getEnvelope() == Envelope.ENVELOPE_DRAG ? (float) p.getDragBeta() : 0f);
    }

    private static List<PulseEntry> sortedPlayed(SequencerHarness h) {
        List<PulseEntry> l = new ArrayList<>(h.board.pulseEngine().played());
        l.sort(Comparator.comparingLong(PulseEntry::boardTicks).thenComparingInt(PulseEntry::channel));
        return l;
    }

    @Test
    void playedEqualsRequestedToTheTick() throws Exception {
        try (SequencerHarness h = new SequencerHarness(CONFIG)) {
            h.driver.run(1.0);
            PulseSequence s = sparse();
            String answer = h.start(s, 12);
            assertTrue(answer.startsWith("accepted: sequence \"ramsey\" v1: 21 entries a pass, 12 loop(s), period 50.000 ms"), answer);
            for (int i = 0; i < 20 && !PulseSequencerStage.DONE.equals(h.sequencer.state()); i++) {
                h.driver.step();
            }
            assertEquals(PulseSequencerStage.DONE, h.sequencer.state(), h.sequencer.lastError());
            List<PulseEntry> want = expected(s, h.sequencer.startTicks(), 50_000_000, 12);
            assertEquals(21 * 12, want.size());
            assertEquals(want, sortedPlayed(h), "every pulse of every pass played at its tick with its parameters");
            assertEquals(0, h.board.pulseEngine().underflowCount());
            assertEquals(0, h.board.pulseEngine().playedOutOfTime());
            assertEquals(252, h.sequencer.entriesWritten());
            assertTrue(h.sequencer.minSlackTicks() > 0);
            assertEquals(252, h.sequencer.slackHistogram().getTotalCount());
        }
    }

    @Test
    void tightPassesBackToBackPlayExactly() throws Exception {
        try (SequencerHarness h = new SequencerHarness(CONFIG)) {
            PulseSequence s = Sequences.experiment(); // 30 µs pass
            assertTrue(h.start(s, 50).startsWith("accepted"));
            h.driver.run(0.5);
            assertEquals(PulseSequencerStage.DONE, h.sequencer.state(), h.sequencer.lastError());
            assertEquals(expected(s, h.sequencer.startTicks(), 30_000, 50), sortedPlayed(h));
        }
    }

    @Test
    void stopFinishesThePassAndAbortHaltsAtOnce() throws Exception {
        try (SequencerHarness h = new SequencerHarness(CONFIG)) {
            assertTrue(h.start(sparse(), 0).startsWith("accepted: sequence \"ramsey\" v1: 21 entries a pass, looping forever"));
            h.driver.run(0.5);
            assertEquals(PulseSequencerStage.RUNNING, h.sequencer.state());
            assertTrue(h.stop().startsWith("accepted: sequence \"ramsey\" stops at the end of pass"));
            h.driver.run(0.5);
            assertEquals(PulseSequencerStage.DONE, h.sequencer.state());
            long played = h.board.pulseEngine().playedCount();
            assertEquals(0, played % 21, "stopped on a pass boundary");
            assertEquals("accepted: no sequence was running; nothing to stop", h.stop());
            assertEquals("accepted: no sequence was running; engine halted", h.abort(), "stop and abort answer alike when nothing runs");

            assertTrue(h.start(sparse(), 0).startsWith("accepted"));
            h.driver.run(0.3);
            assertEquals("accepted: sequence \"ramsey\" aborted: engine halted, FIFO cleared", h.abort());
            assertEquals(0, h.board.pulseEngine().queued());
            long after = h.board.pulseEngine().playedCount();
            h.driver.run(0.5);
            assertEquals(after, h.board.pulseEngine().playedCount(), "nothing plays after an abort");
            assertEquals(PulseSequencerStage.ABORTED, h.sequencer.state());
        }
    }

    @Test
    void aSlowedHostUnderflowsAbortsAndNothingPlaysLate() throws Exception {
        try (SequencerHarness h = new SequencerHarness(CONFIG)) {
            PulseSequence s = sparse();
            assertTrue(h.start(s, 0).startsWith("accepted"));
            h.driver.run(0.5);
            h.sequencer.stallForTest(5); // the host misses half a second
            h.driver.run(0.8);
            assertEquals(PulseSequencerStage.ABORTED, h.sequencer.state());
            assertTrue(h.sequencer.lastError().matches("underflow: pulses\\[\\d\\] \"[a-z0-9]+\" of pass \\d+, due at board time \\d+, was \\d+ .*"),
                    h.sequencer.lastError());
            assertTrue(h.sequencer.lastError().endsWith("ticks late when the host came to write it (lookahead 250000000 ticks); "
                    + "sequence aborted, nothing played late"), h.sequencer.lastError());
            assertEquals(1, h.sequencer.underflows());
            assertEquals(1, h.alarms.size());
            assertTrue(h.alarms.get(0).startsWith("PULSE_UNDERFLOW: underflow: "), h.alarms.get(0));
            List<PulseEntry> played = sortedPlayed(h);
            List<PulseEntry> want = expected(s, h.sequencer.startTicks(), 50_000_000, 40);
            assertEquals(want.subList(0, played.size()), played, "what played is an exact prefix of the schedule");
            assertEquals(0, h.board.pulseEngine().underflowCount(), "the host never wrote a late entry");
            assertEquals(0, h.board.pulseEngine().queued());
            h.driver.run(0.5);
            assertEquals(played.size(), h.board.pulseEngine().played().size(), "nothing plays after the abort");
        }
    }

    @Test
    void aSlowLinkMakesTheBoardFlagUnderflowAndTheHostAborts() throws Exception {
        // a heavy mixing chamber: the 0.3 s stall must not look like a sensor jump to the interlock
        try (SequencerHarness h = new SequencerHarness(CONFIG, new cryo.sim.plant.MixingChamberPlant(1000.0, 0.5e-3, 4e-6, 4.0))) {
            PulseSequence s = sparse();
            assertTrue(h.start(s, 0).startsWith("accepted"));
            h.driver.run(0.5);
            h.bus.delaySeconds = 0.3; // each entry burst takes longer than the lookahead to arrive
            h.driver.step();
            h.bus.delaySeconds = 0;
            h.driver.step();
            assertEquals(PulseSequencerStage.ABORTED, h.sequencer.state());
            assertTrue(h.sequencer.lastError().startsWith("underflow: the board dropped "), h.sequencer.lastError());
            assertTrue(h.sequencer.lastError().contains("sequence aborted, nothing played late"));
            assertTrue(h.board.pulseEngine().underflowCount() > 0);
            assertTrue((h.board.faultFlags() & CryoCmosRegisters.FAULT_PULSE_UNDERFLOW) != 0);
            assertEquals(0, h.board.pulseEngine().playedOutOfTime());
            List<PulseEntry> played = sortedPlayed(h);
            List<PulseEntry> want = expected(s, h.sequencer.startTicks(), 50_000_000, 40);
            for (PulseEntry p : played) {
                assertTrue(want.contains(p), "played only scheduled entries at their own time: " + p);
            }
            assertEquals(1, h.alarms.size());
        }
    }

    @Test
    void noStartWhileTrippedAndATripHaltsTheEngineInOnePass() throws Exception {
        try (SequencerHarness h = new SequencerHarness(CONFIG)) {
            assertTrue(h.start(sparse(), 0).startsWith("accepted"));
            h.driver.run(0.5);
            h.overheatUntilTripped();
            assertTrue(h.controller.interlock().tripped());
            // the same ring pass that tripped: FIFO empty, engine stopped, sequence aborted
            assertEquals(0, h.board.pulseEngine().queued());
            assertTrue(!h.board.pulseEngine().running());
            assertEquals(PulseSequencerStage.ABORTED, h.sequencer.state());
            assertEquals("interlock tripped (OVER_TEMPERATURE): sequence halted, FIFO cleared", h.sequencer.lastError());
            long played = h.board.pulseEngine().playedCount();
            h.driver.run(1.0);
            assertEquals(played, h.board.pulseEngine().playedCount(), "nothing plays after the trip");
            assertEquals("refused: interlock is tripped (OVER_TEMPERATURE): no sequence starts until it is acknowledged and clear",
                    h.start(sparse(), 1));
            assertEquals(0, h.board.pulseEngine().queued());
        }
    }

    /** Four channels of long square pulses at 0.8: 12.24 mW with the static 2 mW, over the 10 mW budget. */
    static PulseSequence hot() {
        PulseSequence.Builder s = channels("hot").setLengthTicks(1_000_000);
        for (String c : new String[] {"q0", "q1", "ro", "mark"}) {
            s.addPulses(pulse("on-" + c, c, 0, 800_000, Envelope.ENVELOPE_SQUARE).setAmplitude(0.8));
        }
        return s.build();
    }

    @Test
    void overBudgetIsRefusedWithTheFigureAndStateIsUnchanged() throws Exception {
        try (SequencerHarness h = new SequencerHarness(CONFIG)) {
            assertTrue(h.start(sparse(), 0).startsWith("accepted"));
            h.driver.run(0.3);
            long written = h.sequencer.entriesWritten();
            assertEquals("refused: sequence \"hot\": average power 12.240 mW over a 1.000 s window exceeds the 4 K plate budget "
                    + "of 10.000 mW (static 2.000 mW + pulses); lower amplitudes or durations, or start it with throttle", h.start(hot(), 0));
            assertEquals(PulseSequencerStage.RUNNING, h.sequencer.state(), "the running sequence is untouched");
            assertEquals("ramsey", h.sequencer.plan().compiled().name());
            h.driver.run(0.3);
            assertTrue(h.sequencer.entriesWritten() > written, "and keeps streaming");
        }
    }

    @Test
    void throttleStretchesTheRepetitionRateToFit() throws Exception {
        try (SequencerHarness h = new SequencerHarness(CONFIG)) {
            String answer = h.start(hot(), 0, true);
            assertTrue(answer.startsWith("accepted: sequence \"hot\" v1: 4 entries a pass, looping forever"), answer);
            assertTrue(answer.contains("throttled: loop period "), answer);
            SequencePlan p = h.sequencer.plan();
            assertTrue(p.periodTicks() > 1_000_000 && p.averagePowerWatts() <= 10e-3, p.toString());
            StatusSnapshot s = new StatusSnapshot(1, 1);
            h.sequencer.copyTo(s);
            assertEquals(p.averagePowerWatts(), s.sequencerAveragePowerWatts);
            assertEquals(10e-3, s.sequencerBudgetWatts);
        }
    }

    @Test
    void aRefusedStartExplainsEveryValidationError() throws Exception {
        try (SequencerHarness h = new SequencerHarness(CONFIG)) {
            PulseSequence bad = channels("bad").addPulses(pulse("x", "q0", 2, 8, Envelope.ENVELOPE_SQUARE)).build();
            assertEquals("refused: pulses[0] \"x\": start_ticks 2 is not on the board's 4-tick grid (nearest 0 or 4); "
                    + "pulses[0] \"x\": duration_ticks 8 below the board's resolution of 16 ticks", h.start(bad, 1));
            assertEquals(PulseSequencerStage.IDLE, h.sequencer.state());
        }
    }

    @Test
    void tooDenseForTheFifoAtThisLookaheadIsRefused() throws Exception {
        try (SequencerHarness h = new SequencerHarness(CONFIG)) {
            String answer = h.start(Sequences.experiment(), 0); // 21 entries every 30 µs, forever
            assertTrue(answer.startsWith("refused: sequence \"ramsey\": needs "), answer);
            assertTrue(answer.contains("FIFO entries within the 250.000 ms lookahead, the board FIFO holds 4096"), answer);
        }
    }

    @Test
    void statusReportsProgress() throws Exception {
        try (SequencerHarness h = new SequencerHarness(CONFIG)) {
            h.start(sparse(), 12);
            h.driver.run(0.35);
            StatusSnapshot s = new StatusSnapshot(1, 1);
            h.sequencer.copyTo(s);
            assertEquals("ramsey", s.sequenceName);
            assertEquals("running", s.sequencerState);
            assertEquals(252, s.sequencerEntriesTotal);
            assertEquals(12, s.sequencerLoopsRequested);
            assertTrue(s.sequencerLoopsDone >= 1 && s.sequencerLoopsDone < 12, "loops done " + s.sequencerLoopsDone);
            assertTrue(s.sequencerMinSlackTicks > 0);
        }
    }

    @Test
    void theRingThreadAllocatesNothingWhileStreaming() throws Exception {
        try (SequencerHarness h = new SequencerHarness(CONFIG)) {
            // 1 ms pass, 5 pulses: 5000 entries/s through the ring
            RepeatBlock.Builder b = RepeatBlock.newBuilder().setName("train").setCount(5).setPeriodTicks(200_000)
                    .addPulses(pulse("p", "q0", 0, 40, Envelope.ENVELOPE_GAUSSIAN));
            PulseSequence s = channels("train").addBlocks(b).setLengthTicks(1_000_000).build();
            assertTrue(h.start(s, 0).startsWith("accepted"));
            h.driver.run(10.0); // warm up (JIT compiles the streaming path)
            // and on until the JIT is quiet: a C2 compile requested on the ring thread allocates there (see JitQuiet)
            JitQuiet.warmUp(() -> h.driver.run(5.0), 30);
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long id = h.controller.ring().thread().getId();
            long written = h.sequencer.entriesWritten();
            // measured in a window the JIT did not touch (see JitQuiet.measure)
            JitQuiet.Window w = JitQuiet.measure(() -> h.driver.run(5.0), () -> mx.getThreadAllocatedBytes(id), 20);
            System.out.println("streaming allocation (lock-step): " + w);
            long allocated = w.bytes();
            long entries = h.sequencer.entriesWritten() - written;
            assertEquals(PulseSequencerStage.RUNNING, h.sequencer.state(), h.sequencer.lastError());
            assertTrue(entries >= 24_000, "streamed " + entries);
            assertEquals(0, allocated, "ring thread while streaming 5 s windows (" + entries + " entries in all): " + w);
        }
    }

    @Test
    void statusProtobufCarriesTheSequencer() throws Exception {
        try (SequencerHarness h = new SequencerHarness(CONFIG)) {
            h.start(sparse(), 0);
            h.driver.run(2.05);
            cryo.controller.telemetry.StatusChannel ch = h.controller.statusChannel();
            StatusSnapshot last = null;
            cryo.v1.Status status = null;
            cryo.controller.telemetry.StatusBuilder builder = new cryo.controller.telemetry.StatusBuilder(h.controller.config());
            for (StatusSnapshot s = ch.poll(); s != null; s = ch.poll()) {
                status = builder.build(s, 1, 0);
                ch.release();
            }
            cryo.v1.SequencerStatus q = status.getSequencer();
            assertEquals("ramsey", q.getSequenceName());
            assertEquals("running", q.getState());
            assertEquals(0, q.getLoopsRequested());
            assertEquals(0, q.getEntriesTotal(), "looping forever");
            assertTrue(q.getEntriesWritten() > 0 && q.getLoopsDone() > 0, q.toString());
            assertEquals(0.010, q.getBudgetWatts());
            assertTrue(q.getAveragePowerWatts() > 0.002 && q.getMinSlackTicks() > 0, q.toString());
            assertEquals("", q.getLastError());
        }
    }
}
