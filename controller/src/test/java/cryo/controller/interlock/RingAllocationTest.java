package cryo.controller.interlock;

import cryo.sim.fault.FaultKind;
import cryo.sim.fault.FaultInjector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.sequencer.JitQuiet;

import com.lmax.disruptor.SleepingWaitStrategy;
import cryo.controller.app.Controller;
import cryo.controller.config.DefaultConfig;
import cryo.sim.board.LockStepDriver;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * No per-tick allocation on the ring thread with every detector running, through a trip (alarm raised,
 * safe state driven, events handed off) and while latched. Measured with the ring thread's
 * allocated-bytes counter. Uses a parking wait strategy (the ring's default wait strategy is covered
 * by ZeroAllocationTest and RealTimeStreamAllocationTest; in Disruptor 4.0 it waits on a monitor and
 * allocates nothing).
 */
class RingAllocationTest {
    @Test
    void interlockStageAllocatesNothingOnTicksOrTrips() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        SimulatedBoard board = SafetyHarness.board(41);
        var cfg = DefaultConfig.mixingChamber("alloc", board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve());
        try (Controller c = Controller.create(cfg, board, board.clock(), new SleepingWaitStrategy(), (x, ok, why, t) -> { },
                SafetyOptions.IN_MEMORY).start()) {
            LockStepDriver d = new LockStepDriver(board, cfg.tickIntervalSeconds(), c::step);
            d.run(300); // warm-up: JIT, first statuses, and one trip (first use loads classes)
            new FaultInjector(board).injectChannel(FaultKind.SENSOR_OPEN, SimulatedBoards.MXC_THERMOMETER, 0);
            d.run(10);
            new FaultInjector(board).clearChannel(FaultKind.SENSOR_OPEN, SimulatedBoards.MXC_THERMOMETER, 0);
            d.run(10);
            c.submit(cryo.v1.Command.newBuilder().setAcknowledgeAlarm(cryo.v1.AcknowledgeAlarm.newBuilder().setAlarmId(0)).build());
            c.awaitIdle();
            d.run(60);
            drain(c);
            assertTrue(!c.interlock().tripped(), "re-armed after the warm-up trip: " + c.interlock().cause());
            long ring = c.ring().thread().getId();
            Runnable healthy = () -> { // 6,000 ticks
                for (int i = 0; i < 20; i++) {
                    d.run(30);
                    drain(c);
                }
            };
            JitQuiet.warmUp(healthy, 10);
            // measured in a window the JIT did not touch: a C2 compile requested on the ring thread allocates there (see JitQuiet)
            JitQuiet.Window w = JitQuiet.measure(healthy, () -> mx.getThreadAllocatedBytes(ring), 20);
            long steady = w.bytes();
            long before = mx.getThreadAllocatedBytes(ring);
            new FaultInjector(board).injectChannel(FaultKind.SENSOR_OPEN, SimulatedBoards.MXC_THERMOMETER, 0);
            for (int i = 0; i < 10; i++) {
                d.run(30);
                drain(c);
            }
            long after = mx.getThreadAllocatedBytes(ring);
            assertTrue(c.interlock().tripped(), "the trip happened inside the measurement");
            System.out.println("ring thread allocated: steady " + w + " over 6000 ticks, trip and latched " + (after - before) + " B over 3000 ticks");
            assertEquals(0L, steady, "ring thread over 6000 healthy ticks: " + w);
            // The trip is one pass, measured with its compiles: 0.3-7 kB of C2 string-constant resolution
            // (JFR, -XX:-UseTLAB: String + byte[] pairs at the entry of stage methods, once per class) can
            // land here. The bound catches any per-tick allocation while latched (one 16-byte object per
            // tick would be 48 kB here).
            assertTrue(after - before < 16_384, "ring thread allocated " + (after - before) + " B through a trip");
        }
    }

    private static void drain(Controller c) {
        while (c.statusChannel().poll() != null) {
            c.statusChannel().release();
        }
    }
}
