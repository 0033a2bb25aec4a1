package cryo.sim.board;

import static cryo.hal.regmap.CryoCmosRegisters.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.cmos.CryoCmosBoard;
import cryo.hal.pulse.PulseEngineDriver;
import cryo.hal.pulse.PulseEngineStatus;
import cryo.hal.pulse.PulseEntries;
import cryo.hal.pulse.PulseEntry;
import cryo.hal.pulse.PulseEntryCodec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimPulseEngineTest {
    private final SimulatedBoard board = SimulatedBoards.mixingChamber(1);
    private final CryoCmosBoard host = new CryoCmosBoard(board);
    private final PulseEngineDriver driver = new PulseEngineDriver(host);
    private final PulseEngineStatus status = new PulseEngineStatus();

    private static PulseEntries entries(long... starts) {
        PulseEntries e = new PulseEntries(starts.length);
        for (int i = 0; i < starts.length; i++) {
            e.add(starts[i], i % PULSE_CHANNELS, PulseEntryCodec.ENVELOPE_GAUSSIAN, 40, 0.5, 1.0, 5e6, 10, 0);
        }
        return e;
    }

    @Test
    void geometryIsReadable() throws Exception {
        assertEquals(PULSE_FIFO_ENTRIES, driver.fifoDepth());
        assertEquals(PULSE_GRID_TICKS, driver.gridTicks());
        assertEquals(PULSE_MIN_DURATION_TICKS, driver.minDurationTicks());
    }

    @Test
    void thePlayedCounterRegisterWrapsAt32Bits() throws Exception {
        board.pulseEngine().setPlayedCountForTest((1L << 32) - 2);
        driver.clear();
        driver.run();
        driver.readStatus(status);
        assertEquals(0xFFFF_FFFEL, status.playedCount, "the knob shows in the register");
        PulseEntries e = entries(1000, 2000, 3000, 4000, 5000);
        driver.push(e, 0, e.size(), board.clock().nowTicks());
        board.update(0.1);
        driver.readStatus(status);
        assertEquals(3, status.playedCount, "five played from 2^32 - 2: the register wrapped to 3");
        assertEquals((1L << 32) + 3, board.pulseEngine().playedCount());
    }

    @Test
    void entriesPlayAtTheirBoardTimeWithTheirParameters() throws Exception {
        board.pulseEngine().recordPlayed(100);
        driver.clear();
        driver.run();
        long now = board.clock().nowTicks();
        PulseEntries e = entries(1000, 2000, 2000, 50_000_000, 150_000_000, 150_000_004, 150_000_008, 150_000_012, 150_000_016, 200_000_000);
        driver.push(e, 0, e.size(), now);
        driver.readStatus(status);
        assertEquals(PULSE_FIFO_ENTRIES - 10, status.fifoFree);
        assertEquals(10, status.pushedCount);
        board.update(0.1);
        assertEquals(4, board.pulseEngine().playedCount(), "entries up to 100 ms played");
        board.update(0.1);
        board.update(0.1);
        List<PulseEntry> played = board.pulseEngine().played();
        assertEquals(10, played.size());
        for (int i = 0; i < 10; i++) {
            assertEquals(e.entry(i, now), played.get(i), "entry " + i);
        }
        assertEquals(0, board.pulseEngine().underflowCount());
        assertEquals(0, board.pulseEngine().playedOutOfTime());
    }

    @Test
    void lateEntryIsFlaggedAndNeverPlayed() throws Exception {
        board.pulseEngine().recordPlayed(10);
        driver.run();
        board.update(0.1);
        long now = board.clock().nowTicks();
        PulseEntries e = entries(-400, 0, 400);
        driver.push(e, 0, 3, now);
        driver.readStatus(status);
        assertEquals(2, status.underflowCount, "an entry at or before board time is late");
        assertTrue((status.statusBits & PULSE_STATUS_UNDERFLOW) != 0);
        assertEquals(now, status.lateTimeTicks);
        assertTrue((board.faultFlags() & FAULT_PULSE_UNDERFLOW) != 0);
        board.update(0.1);
        assertEquals(1, board.pulseEngine().played().size());
        assertEquals(now + 400, board.pulseEngine().played().get(0).boardTicks());
    }

    @Test
    void entriesReachedWhileStoppedAreDroppedAsLate() throws Exception {
        board.pulseEngine().recordPlayed(10);
        long now = board.clock().nowTicks();
        driver.push(entries(1000), 0, 1, now); // RUN not set
        board.update(0.1);
        assertEquals(0, board.pulseEngine().played().size());
        assertEquals(1, board.pulseEngine().underflowCount());
    }

    @Test
    void haltEmptiesTheFifoAndNothingPlaysAfterIt() throws Exception {
        board.pulseEngine().recordPlayed(10);
        driver.run();
        long now = board.clock().nowTicks();
        driver.push(entries(1000, 2000, 3000), 0, 3, now);
        driver.halt();
        driver.readStatus(status);
        assertEquals(PULSE_FIFO_ENTRIES, status.fifoFree);
        assertTrue(!status.running());
        board.update(0.1);
        assertEquals(0, board.pulseEngine().playedCount());
        assertEquals(0, board.pulseEngine().underflowCount());
    }

    @Test
    void fifoHoldsItsStatedDepthAndRefusesMore() throws Exception {
        int n = PULSE_FIFO_ENTRIES + 3;
        long[] t = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = 1000 + 100L * i;
        }
        driver.push(entries(t), 0, n, board.clock().nowTicks());
        driver.readStatus(status);
        assertEquals(0, status.fifoFree);
        assertEquals(PULSE_FIFO_ENTRIES, status.pushedCount);
        assertEquals(3, status.rejectedCount);
        assertTrue((status.statusBits & PULSE_STATUS_OVERFLOW) != 0);
    }

    @Test
    void badEntriesAreRefused() throws Exception {
        PulseEntries e = new PulseEntries(5);
        e.add(1001, 0, PulseEntryCodec.ENVELOPE_SQUARE, 40, 0.1, 0, 0, 0, 0);  // off grid
        e.add(1000, 0, PulseEntryCodec.ENVELOPE_SQUARE, 8, 0.1, 0, 0, 0, 0);   // too short
        e.add(1000, 9, PulseEntryCodec.ENVELOPE_SQUARE, 40, 0.1, 0, 0, 0, 0);  // no such channel
        e.add(2000, 0, PulseEntryCodec.ENVELOPE_SQUARE, 40, 0.1, 0, 0, 0, 0);  // fine
        e.add(1000, 1, PulseEntryCodec.ENVELOPE_SQUARE, 40, 0.1, 0, 0, 0, 0);  // earlier than the FIFO's tail
        driver.push(e, 0, 5, board.clock().nowTicks());
        driver.readStatus(status);
        assertEquals(1, status.pushedCount);
        assertEquals(4, status.rejectedCount);
        assertTrue((status.statusBits & PULSE_STATUS_BAD_ENTRY) != 0);
    }

    @Test
    void watchdogCutHaltsTheEngine() throws Exception {
        board.pulseEngine().recordPlayed(10);
        host.writeRegister(WATCHDOG_TIMEOUT_MS, 100);
        host.writeRegister(CONTROL, CONTROL_WATCHDOG_ENABLE);
        host.writeRegister(WATCHDOG_KICK, WATCHDOG_KICK_MAGIC);
        driver.run();
        driver.push(entries(500_000_000L), 0, 1, board.clock().nowTicks());
        for (int i = 0; i < 10; i++) {
            board.update(0.1);
        }
        assertTrue((board.faultFlags() & FAULT_WATCHDOG) != 0);
        assertEquals(0, board.pulseEngine().playedCount());
        assertTrue(!board.pulseEngine().running());
    }
}
