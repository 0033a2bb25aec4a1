package cryo.sim.board;

import static cryo.hal.regmap.CryoCmosRegisters.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.cmos.CryoCmosBoard;
import cryo.hal.pulse.PulseEngineDriver;
import cryo.hal.pulse.PulseEngineStatus;
import cryo.hal.pulse.PulseEntries;
import cryo.hal.pulse.PulseEntry;
import cryo.hal.pulse.PulseEntryCodec;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Real-time mode's board clock: it runs free on the (here injected, stepped by hand) host clock,
 * and the simulation thread (here: explicit {@link SimulatedBoard#catchUp} calls, or none at all
 * to play a descheduled thread) only catches firmware and plant up to it.
 */
class FreeRunningBoardTest {
    private final AtomicLong wallNanos = new AtomicLong(1_000_000_000L);
    private final SimulatedBoard board = SimulatedBoards.mixingChamber(1);
    private final CryoCmosBoard host = new CryoCmosBoard(board);
    private final PulseEngineDriver driver = new PulseEngineDriver(host);
    private final PulseEngineStatus status = new PulseEngineStatus();

    FreeRunningBoardTest() {
        board.update(0.5); // some lock-step history first: free-running starts from the clock's time
        board.runFree(wallNanos::get, 1.0, 1_000_000); // 1 ms simulation steps
    }

    private static PulseEntries entries(long... starts) {
        PulseEntries e = new PulseEntries(starts.length);
        for (int i = 0; i < starts.length; i++) {
            e.add(starts[i], i % PULSE_CHANNELS, PulseEntryCodec.ENVELOPE_SQUARE, 40, 0.5, 0.0, 5e6, 0, 0);
        }
        return e;
    }

    @Test
    void boardTimeMovesWithTheHostClockWhileTheSimulationThreadSleeps() throws Exception {
        long t0 = board.clock().nowTicks();
        assertEquals(500_000_000L, t0);
        wallNanos.addAndGet(700_000);
        assertEquals(t0 + 700_000, board.clock().nowTicks());
        assertEquals(t0 + 700_000, host.boardTimeTicks(), "the board-time register reads the free-running clock");
        assertEquals(t0, board.simulatedUpToTicks(), "less than a step behind: a transfer leaves the plant to the simulation thread");
        wallNanos.addAndGet(49_300_000);
        assertEquals(t0, board.simulatedUpToTicks(), "nothing simulated while nobody runs");
        assertEquals(t0 + 50_000_000, host.boardTimeTicks());
        assertEquals(t0 + 50_000_000, board.simulatedUpToTicks(), "half a conversion behind: the host's access caught the board up");
        assertThrows(IllegalStateException.class, () -> board.update(0.001), "a free-running clock is not stepped");
        assertThrows(IllegalStateException.class, () -> board.clock().runFree(wallNanos::get, 1.0));
    }

    @Test
    void speedScalesBoardTime() {
        AtomicLong wall = new AtomicLong(42);
        cryo.sim.clock.VirtualClock clock = new cryo.sim.clock.VirtualClock(0);
        clock.runFree(wall::get, 20.0);
        wall.addAndGet(1_000_000);
        assertEquals(20_000_000L, clock.nowTicks());
    }

    @Test
    void entriesDueWhileTheSimulationThreadIsStalledPlayAtTheirOwnTimes() throws Exception {
        board.pulseEngine().recordPlayed(100);
        driver.clear();
        driver.run();
        long now = board.clock().nowTicks();
        PulseEntries e = entries(1000, 2000, 2000, 3_000_000, 9_000_000, 9_000_004, 20_000_000);
        driver.push(e, 0, e.size(), now);
        wallNanos.addAndGet(10_000_000); // 10 ms pass; the simulation thread never runs
        driver.readStatus(status);
        assertEquals(6, status.playedCount, "what real hardware played by now is played, at the next look");
        assertEquals(PULSE_FIFO_ENTRIES - 1, status.fifoFree, "and its FIFO space is free again");
        assertEquals(0, status.underflowCount);
        wallNanos.addAndGet(20_000_000);
        board.catchUp();
        List<PulseEntry> played = board.pulseEngine().played();
        assertEquals(e.size(), played.size());
        for (int i = 0; i < e.size(); i++) {
            assertEquals(e.entry(i, now), played.get(i), "entry " + i);
        }
        assertEquals(0, board.pulseEngine().playedOutOfTime());
        assertEquals(0, board.pulseEngine().underflowCount());
    }

    @Test
    void aLateWriteIsJudgedAgainstTheFreeRunningClockAtTheWrite() throws Exception {
        board.pulseEngine().recordPlayed(10);
        driver.run();
        long seen = host.boardTimeTicks();
        wallNanos.addAndGet(2_000_000); // the host is 2 ms slower than it thinks; no simulation step
        PulseEntries e = entries(1_000_000, 3_000_000);
        driver.push(e, 0, 2, seen);
        driver.readStatus(status);
        assertEquals(1, status.underflowCount, "due 1 ms after the host looked, written 2 ms after: late");
        assertEquals(seen + 1_000_000, status.lateTimeTicks);
        assertTrue((status.statusBits & PULSE_STATUS_UNDERFLOW) != 0);
        assertTrue((board.faultFlags() & FAULT_PULSE_UNDERFLOW) != 0);
        wallNanos.addAndGet(5_000_000);
        board.catchUp();
        assertEquals(1, board.pulseEngine().played().size(), "the late one never plays; the other does");
        assertEquals(seen + 3_000_000, board.pulseEngine().played().get(0).boardTicks());
    }

    @Test
    void aStallOfTheSimulationThreadIsReplayedInStepsAndConvertsAtTheBoardsRate() throws Exception {
        int countAddress = THERM_BASE + SimulatedBoards.MXC_THERMOMETER * THERM_STRIDE + THERM_SAMPLE_COUNT;
        int before = host.readRegister(countAddress);
        wallNanos.addAndGet(1_000_000_000L); // a 1 s stall of the simulation thread
        long target = board.clock().nowTicks();
        int conversions = host.readRegister(countAddress) - before;
        assertEquals(10, conversions, "1 s at 0.1 s per conversion, on the board's grid, seen at the host's next look");
        assertEquals(target, board.simulatedUpToTicks());
        wallNanos.addAndGet(500_000);
        assertEquals(target + 500_000, board.catchUp(), "the simulation thread catches up the rest");
        assertEquals(target + 500_000, board.catchUp(), "caught up: nothing to do");
        assertThrows(IllegalStateException.class, () -> SimulatedBoards.mixingChamber(2).catchUp(), "lock-step boards are stepped");
    }

    @Test
    void theWatchdogIsJudgedAtTheTransferNotWhenTheSimulationThreadNextRuns() throws Exception {
        host.writeRegister(WATCHDOG_TIMEOUT_MS, 100);
        host.writeRegister(WATCHDOG_KICK, WATCHDOG_KICK_MAGIC);
        host.writeRegister(CONTROL, CONTROL_WATCHDOG_ENABLE | CONTROL_RELAY_CLOSED);
        wallNanos.addAndGet(150_000_000); // the host is silent 150 ms; the simulation thread too
        host.writeRegister(WATCHDOG_KICK, WATCHDOG_KICK_MAGIC); // too late
        assertTrue((host.readRegister(FAULT_FLAGS) & FAULT_WATCHDOG) != 0, "the kick came after the timeout: the watchdog fired");
    }

    @Test
    void realTimeRunnerStartsTheClockRunningFree() throws Exception {
        SimulatedBoard b = SimulatedBoards.mixingChamber(3);
        AtomicLong wall = new AtomicLong(0);
        try (RealTimeRunner r = new RealTimeRunner(b, 2.0, 0.001, wall::get).start()) {
            assertTrue(b.clock().freeRunning());
            wall.addAndGet(50_000_000);
            assertEquals(100_000_000L, b.clock().nowTicks(), "speed 2");
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (b.simulatedUpToTicks() < 100_000_000L && System.nanoTime() < deadline) {
                wall.addAndGet(100_000); // the runner steps once a period of (injected) wall time has passed
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // bounded await, not a timed assertion
            }
            assertTrue(b.simulatedUpToTicks() >= 100_000_000L, "the runner caught the board up, was " + b.simulatedUpToTicks());
        }
    }
}
