package cryo.sim.board;

import static cryo.hal.regmap.CryoCmosRegisters.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.cmos.CryoCmosBoard;
import cryo.hal.program.BoardProgram;
import cryo.hal.program.ProgramBuilder;
import cryo.hal.program.ProgramDriver;
import cryo.hal.program.ProgramError;
import cryo.hal.program.ProgramIsa;
import cryo.hal.program.ProgramStatus;
import cryo.hal.pulse.PulseEngineDriver;
import cryo.hal.pulse.PulseEntry;
import cryo.hal.pulse.PulseEntryCodec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The board's sequencer core through the register map, in lock-step board time. */
class ProgramExecutorTest {
    private final SimulatedBoard board = SimulatedBoards.mixingChamber(1);
    private final CryoCmosBoard host = new CryoCmosBoard(board);
    private final ProgramDriver driver = new ProgramDriver(host);
    private final PulseEngineDriver engine = new PulseEngineDriver(host);
    private final ProgramStatus st = new ProgramStatus();

    /** Uploads (all bursts), loads and arms {@code lead} ticks from now; returns the start time. */
    private long run(BoardProgram p, long lead) throws Exception {
        assertEquals("", driver.beginUpload(p));
        while (!driver.uploadSome(3)) {
            // three bursts at a time, as the ring does it
        }
        assertEquals("", driver.load(p, st));
        assertEquals(p.crc(), st.crcLoaded);
        long start = board.clock().nowTicks() + lead;
        assertEquals("", driver.arm(start, p, st));
        return start;
    }

    private static ProgramBuilder fourChannels(ProgramBuilder b) {
        for (int ch = 0; ch < 4; ch++) {
            b.define(ch, PulseEntryCodec.ENVELOPE_SQUARE, 40, 0.1 * (ch + 1), 0, 0, 0, 0);
        }
        return b;
    }

    @Test
    void sizesAreRegistersTheHostReads() throws Exception {
        assertEquals("16384 instructions, 65536 entries, 4096 definitions, loops 4 deep, one event per 64 ns", driver.capacities());
    }

    @Test
    void fourDeepLoopsPlayEveryEntryAtItsBoardTime() throws Exception {
        board.pulseEngine().recordPlayed(10_000);
        ProgramBuilder b = fourChannels(new ProgramBuilder());
        b.entry(0, 0);
        b.entry(100, 1);
        b.entry(0, 2);
        b.loop(2).loop(3).loop(4).loop(5)          // 0..3
                .play(0, 2).waitTicks(1000)         // 4, 5
                .endLoop(4, false)                  // 6
                .play(2, 1).waitTicks(10_000)       // 7, 8
                .endLoop(3, false)                  // 9
                .endLoop(2, false)                  // 10
                .endLoop(1, true)                   // 11: pass end
                .halt();
        BoardProgram p = b.build();
        long start = run(p, 1_000_000);
        board.update(0.01);
        List<Long> expected = new ArrayList<>();
        long cursor = start;
        for (int a = 0; a < 2; a++) {
            for (int c = 0; c < 3 * 4; c++) {
                for (int d = 0; d < 5; d++) {
                    expected.add(cursor);
                    expected.add(cursor + 100);
                    cursor += 1000;
                }
                expected.add(cursor);
                cursor += 10_000;
            }
        }
        List<PulseEntry> played = board.pulseEngine().played();
        assertEquals(expected.size(), played.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals((long) expected.get(i), played.get(i).boardTicks(), "entry " + i + " to the tick");
        }
        driver.readStatus(st);
        assertEquals(PROG_STATE_DONE, st.state);
        assertEquals(expected.size(), st.events);
        assertEquals(2, st.passes);
        assertEquals(0, board.pulseEngine().underflowCount());
        assertEquals(0, board.pulseEngine().playedOutOfTime());
        assertEquals(0.2f, played.get(1).amplitude(), 1e-6, "the entry's definition");
    }

    @Test
    void aJumpLoopsForeverUntilStoppedAfterItsPass() throws Exception {
        ProgramBuilder b = fourChannels(new ProgramBuilder());
        b.entry(0, 0);
        b.entry(500, 3);
        b.play(0, 2).waitTicks(1_000_000).jump(0, true);
        long start = run(b.build(), 1_000_000);
        board.update(0.0105);
        driver.readStatus(st);
        assertEquals(PROG_STATE_RUNNING, st.state);
        assertTrue(st.passes >= 2048, "passes fetched " + st.passes);
        driver.stopAfterPass(); // the core runs up to a FIFO (4096 entries, 2048 passes here) ahead: it ends the pass it is fetching
        for (int i = 0; i < 25; i++) {
            board.update(0.1);
        }
        driver.readStatus(st);
        assertEquals(PROG_STATE_DONE, st.state);
        long played = board.pulseEngine().playedCount();
        assertEquals(2 * (st.passes), played, "whole passes only");
        assertTrue(start > 0);
    }

    @Test
    void syncTriggerWaitsForTheTrigger() throws Exception {
        board.pulseEngine().recordPlayed(10);
        ProgramBuilder b = fourChannels(new ProgramBuilder());
        b.entry(0, 0);
        b.syncTrigger().play(0, 1).halt();
        run(b.build(), 1_000_000);
        board.update(0.01);
        assertEquals(0, board.pulseEngine().playedCount());
        long t = board.clock().nowTicks();
        driver.trigger();
        board.update(0.01);
        assertEquals(t + PROG_TRIGGER_LATENCY_TICKS, board.pulseEngine().played().get(0).boardTicks());
    }

    @Test
    void tooDenseForTheEventRateUnderflowsLoudlyAndPlaysNothingLate() throws Exception {
        board.pulseEngine().recordPlayed(100_000);
        ProgramBuilder b = new ProgramBuilder();
        for (int ch = 0; ch < 8; ch++) {
            b.define(ch, PulseEntryCodec.ENVELOPE_SQUARE, 16, 0.1, 0, 0, 0, 0);
        }
        for (int i = 0; i < 8; i++) {
            b.entry(0, i);
        }
        // 8 entries every 16 ns: 500 M events/s against 15.6 M; the FIFO hides the first 4096
        b.loop(10_000).play(0, 8).waitTicks(16).endLoop(1, false).halt();
        run(b.build(), PROG_MIN_ARM_LEAD_TICKS);
        board.update(0.01);
        driver.readStatus(st);
        assertEquals(PROG_STATE_ABORTED, st.state);
        assertEquals(ProgramError.UNDERFLOW, st.error());
        assertTrue(board.pulseEngine().underflowCount() >= 1);
        assertTrue((board.faultFlags() & FAULT_PULSE_UNDERFLOW) != 0);
        assertEquals(0, board.pulseEngine().playedOutOfTime(), "nothing played late");
        assertEquals(0, board.pulseEngine().queued(), "FIFO cleared");
        long late = PulseEntryCodec.time(host.readRegister(PULSE_LATE_TIME_LO), host.readRegister(PULSE_LATE_TIME_HI));
        for (PulseEntry e : board.pulseEngine().played()) {
            assertTrue(e.boardTicks() <= late, "played on time, none after the late one");
        }
    }

    @Test
    void aStalledCoreUnderflowsAndNamesTheLateEntry() throws Exception {
        ProgramBuilder b = fourChannels(new ProgramBuilder());
        b.entry(0, 0);
        b.entry(700, 2);
        b.play(0, 2).waitTicks(1000).jump(0, true);
        long start = run(b.build(), 1_000_000);
        board.update(0.01);
        board.pulseEngine().stallProgramForTest(10_000_000); // the FIFO holds 2 ms at this rate
        board.update(0.02);
        driver.readStatus(st);
        assertEquals(PROG_STATE_ABORTED, st.state);
        assertEquals(ProgramError.UNDERFLOW, st.error());
        long late = PulseEntryCodec.time(host.readRegister(PULSE_LATE_TIME_LO), host.readRegister(PULSE_LATE_TIME_HI));
        assertEquals((late - start) % 1000 == 0 ? 0 : 1, st.lateEntry, "the entry at the late time");
        assertEquals(0, board.pulseEngine().playedOutOfTime());
    }

    @Test
    void watchdogRelayAndHaltEachStopAProgram() throws Exception {
        ProgramBuilder b = fourChannels(new ProgramBuilder());
        b.entry(0, 0);
        b.play(0, 1).waitTicks(100_000).jump(0, true);
        BoardProgram p = b.build();

        run(p, 1_000_000);
        board.update(0.01);
        engine.halt();
        driver.readStatus(st);
        assertEquals(PROG_STATE_ABORTED, st.state);
        assertEquals(ProgramError.HALTED, st.error());
        assertEquals(0, st.errorIndex);

        host.writeRegister(CONTROL, CONTROL_RELAY_CLOSED);
        assertEquals("", driver.arm(board.clock().nowTicks() + 1_000_000, p, st));
        board.update(0.01);
        host.writeRegister(CONTROL, 0);
        driver.readStatus(st);
        assertEquals(PROG_STATE_ABORTED, st.state);
        assertEquals(2, st.errorIndex, "the relay");

        host.writeRegister(WATCHDOG_TIMEOUT_MS, 50);
        host.writeRegister(WATCHDOG_KICK, WATCHDOG_KICK_MAGIC);
        host.writeRegister(CONTROL, CONTROL_WATCHDOG_ENABLE);
        assertEquals("", driver.arm(board.clock().nowTicks() + 1_000_000, p, st));
        long before = board.pulseEngine().playedCount();
        for (int i = 0; i < 10; i++) {
            board.update(0.01);
        }
        driver.readStatus(st);
        assertEquals(PROG_STATE_ABORTED, st.state);
        assertEquals(1, st.errorIndex, "the watchdog");
        long after = board.pulseEngine().playedCount();
        board.update(0.1);
        assertEquals(after, board.pulseEngine().playedCount(), "nothing plays after the cut");
        assertTrue(after > before);
    }

    @Test
    void badProgramsAreRefusedNamingTheFieldAndTheLimit() throws Exception {
        ProgramBuilder zero = fourChannels(new ProgramBuilder());
        zero.entry(0, 0);
        zero.loop(0).play(0, 1).endLoop(1, false).halt();
        assertEquals("program refused before upload: instruction 0 LOOP: count 0 outside 1..4294967295", driver.beginUpload(zero.build()));
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> new ProgramBuilder().loop(1L << 32));
        assertEquals("LOOP count 4294967296 outside 1..4294967295", big.getMessage());

        ProgramBuilder deep = fourChannels(new ProgramBuilder());
        deep.entry(0, 0);
        deep.loop(2).loop(2).loop(2).loop(2).loop(2).play(0, 1).endLoop(5, false).endLoop(4, false).endLoop(3, false)
                .endLoop(2, false).endLoop(1, false).halt();
        assertEquals("program refused before upload: instruction 4 LOOP: nesting depth 5, the board nests at most 4 loops",
                driver.beginUpload(deep.build()));

        ProgramBuilder jump = fourChannels(new ProgramBuilder());
        jump.entry(0, 0);
        jump.play(0, 1).jump(7, true);
        assertEquals("program refused before upload: instruction 1 JUMP: target 7 outside 0..1", driver.beginUpload(jump.build()));

        ProgramBuilder play = fourChannels(new ProgramBuilder());
        play.entry(0, 0);
        play.play(0, 2).halt();
        assertEquals("program refused before upload: instruction 0 PLAY: entries 0 .. 1 outside the entry table 0..0 (count >= 1)",
                driver.beginUpload(play.build()));
    }

    @Test
    void theBoardChecksWhatArrivesWhateverTheHostSays() throws Exception {
        // a host that skips its own check: the board refuses at load, names the instruction, plays nothing
        ProgramBuilder zero = fourChannels(new ProgramBuilder());
        zero.entry(0, 0);
        zero.loop(0).play(0, 1).endLoop(1, false).halt();
        BoardProgram p = zero.build();
        uploadRaw(p);
        assertTrue(driver.load(p, st).endsWith("instruction 0 LOOP: count 0 outside 1..4294967295"));
        assertEquals(ProgramError.LOOP_COUNT, st.error());
        assertEquals(PROG_STATE_EMPTY, st.state);
        assertTrue(driver.arm(board.clock().nowTicks() + 1_000_000, p, st).contains("NOT_LOADED"));

        // too large: the count register beyond the memory
        host.writeRegister(PROG_INSTR_COUNT, PROG_INSTRUCTIONS + 1);
        host.writeRegister(PROG_CONTROL, PROG_CONTROL_LOAD);
        driver.readStatus(st);
        assertEquals(ProgramError.TOO_LARGE, st.error());
        assertEquals(PROG_STATE_EMPTY, st.state);
    }

    @Test
    void aCorruptedUploadFailsTheCrcAndCannotBeArmed() throws Exception {
        ProgramBuilder b = fourChannels(new ProgramBuilder());
        b.entry(0, 0);
        b.play(0, 1).halt();
        BoardProgram p = b.build();
        assertEquals("", driver.beginUpload(p));
        assertTrue(driver.uploadSome(100));
        host.writeRegisters(PROG_ADDR, new int[] {PROG_REGION_ENTRIES << 24, 4}, 2); // one word changed on the way
        String why = driver.load(p, st);
        assertTrue(why.startsWith("PROG_CRC: the host sent 0x"), why);
        assertEquals(PROG_STATE_EMPTY, st.state);
        assertTrue(driver.arm(board.clock().nowTicks() + 1_000_000, p, st).contains("NOT_LOADED"));
        assertEquals(0, board.pulseEngine().queued());
    }

    @Test
    void anUploadWhileAProgramRunsAbortsItAndLeavesNothingPlaying() throws Exception {
        ProgramBuilder b = fourChannels(new ProgramBuilder());
        b.entry(0, 0);
        b.play(0, 1).waitTicks(100_000).jump(0, true);
        BoardProgram p = b.build();
        run(p, 1_000_000);
        board.update(0.01);
        assertEquals("", driver.beginUpload(p));
        driver.uploadSome(1);
        driver.readStatus(st);
        assertEquals(PROG_STATE_ABORTED, st.state);
        assertEquals(ProgramError.BUSY, st.error());
        long played = board.pulseEngine().playedCount();
        board.update(0.01);
        assertEquals(played, board.pulseEngine().playedCount());
        assertEquals(0, board.pulseEngine().queued());
    }

    @Test
    void hostPushesAreRefusedWhileAProgramPlays() throws Exception {
        ProgramBuilder b = fourChannels(new ProgramBuilder());
        b.entry(0, 0);
        b.play(0, 1).waitTicks(100_000).jump(0, true);
        run(b.build(), 1_000_000);
        cryo.hal.pulse.PulseEntries e = new cryo.hal.pulse.PulseEntries(1);
        e.add(10_000_000, 5, PulseEntryCodec.ENVELOPE_SQUARE, 40, 0.1, 0, 0, 0, 0);
        engine.push(e, 0, 1, board.clock().nowTicks());
        assertEquals(1, board.pulseEngine().rejectedCount());
    }

    @Test
    void armRefusesAStartTooCloseToBoardTime() throws Exception {
        ProgramBuilder b = fourChannels(new ProgramBuilder());
        b.entry(0, 0);
        b.play(0, 1).halt();
        BoardProgram p = b.build();
        assertEquals("", driver.beginUpload(p));
        driver.uploadSome(100);
        assertEquals("", driver.load(p, st));
        String why = driver.arm(board.clock().nowTicks() + 10, p, st);
        assertTrue(why.contains("START_TOO_SOON"), why);
        assertEquals(PROG_STATE_LOADED, st.state);
    }

    @Test
    void uploadTimeOfTheLargestProgramAtTenMegahertz() {
        long words = (long) PROG_INSTRUCTIONS * ProgramIsa.INSTRUCTION_WORDS + (long) PROG_ENTRIES * ProgramIsa.ENTRY_WORDS
                + (long) PROG_DEFINITIONS * ProgramIsa.DEFINITION_WORDS;
        double s = ProgramDriver.uploadSeconds(words, 10e6);
        assertEquals(188_416, words);
        assertEquals(0.6460, s, 0.001, "2,991 transfers of 270 bytes at 10 MHz");
    }

    private void uploadRaw(BoardProgram p) throws Exception {
        int[] regions = {PROG_REGION_INSTRUCTIONS, PROG_REGION_ENTRIES, PROG_REGION_DEFINITIONS};
        for (int r : regions) {
            int[] w = p.region(r);
            for (int o = 0; o < w.length; o += PROG_DATA_WORDS) {
                int n = Math.min(PROG_DATA_WORDS, w.length - o);
                int[] burst = new int[n + 1];
                burst[0] = r << 24 | o;
                System.arraycopy(w, o, burst, 1, n);
                host.writeRegisters(PROG_ADDR, burst, n + 1);
            }
        }
    }
}
