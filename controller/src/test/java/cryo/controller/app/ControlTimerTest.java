package cryo.controller.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cryo.controller.config.DefaultConfig;
import cryo.controller.ring.ControlRing;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * The timer on a clock the test moves by hand: ticks on the absolute schedule, and after a stall
 * one late tick and the missed ones skipped (counted), never a burst.
 */
class ControlTimerTest {
    private static final long PERIOD = 1_000_000L; // 1 ms

    @Test
    void aStallGivesOneLateTickAndSkipsTheMissedOnesWithoutABurst() throws Exception {
        SimulatedBoard board = SimulatedBoards.mixingChamber(3);
        AtomicLong now = new AtomicLong();
        List<Long> lateness = new CopyOnWriteArrayList<>();
        try (Controller c = Controller.create(DefaultConfig.mixingChamber("timer-1",
                board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve()), board, now::get, ControlRing.defaultWaitStrategy(),
                (cmd, ok, why, t) -> { }).start()) {
            ControlTimer timer = new ControlTimer(c, now::get, 0.001, 100_000L, lateness::add).start();
            try {
                await(() -> timer.ticksPublished() == 1, "the first tick at once");
                now.set(PERIOD);
                await(() -> timer.ticksPublished() == 2, "the second on its deadline");
                now.set(PERIOD + 5_500_000L); // the host stalls 5.5 periods
                await(() -> timer.ticksPublished() == 3 && timer.ticksSkipped() == 4, "one late tick, four skipped");
                // the next deadline keeps the schedule's phase: 7 ms, not 7.5 ms, and nothing before it
                now.set(7 * PERIOD - 1);
                now.set(7 * PERIOD);
                await(() -> timer.ticksPublished() == 4, "back on the schedule");
                assertEquals(4, timer.ticksSkipped());
                assertEquals(List.of(0L, 0L, 4_500_000L, 0L), lateness);
                assertEquals(4_500_000L, timer.maxLatenessTicks());
            } finally {
                timer.close();
            }
        }
    }

    @Test
    void spinLongerThanThePeriodIsRefused() throws Exception {
        SimulatedBoard board = SimulatedBoards.mixingChamber(3);
        try (Controller c = Controller.create(DefaultConfig.mixingChamber("timer-2",
                board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve()), board, board.clock(), ControlRing.defaultWaitStrategy(),
                (cmd, ok, why, t) -> { })) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ControlTimer(c, board.clock(), 0.001, 2_000_000L, null));
            assertEquals("timer spinTicks 2000000 outside 0..1000000 (the period)", e.getMessage());
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            LockSupport.parkNanos(200_000L);
        }
    }
}
