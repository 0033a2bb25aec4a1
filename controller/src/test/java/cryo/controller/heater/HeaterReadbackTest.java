package cryo.controller.heater;

import cryo.sim.fault.FaultKind;
import cryo.sim.fault.FaultInjector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.app.SimHarness;
import cryo.controller.telemetry.StatusBuilder;
import cryo.controller.telemetry.StatusSnapshot;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.Command;
import cryo.v1.LoopMode;
import cryo.v1.LoopStatus;
import cryo.v1.SetManualOutput;
import cryo.v1.SetMode;
import org.junit.jupiter.api.Test;

/** LoopStatus.heater_readback_watts: what the board measured in the heater, beside what the loop commanded. */
class HeaterReadbackTest {

    @Test
    void readbackEqualsTheCommandedPowerToTheBoardsResolutionInNormalOperation() throws Exception {
        try (SimHarness h = new SimHarness(5)) {
            HeaterLoop loop = h.controller.loops()[0];
            h.driver.run(60); // zone mode regulating toward the shipped 50 mK: the output moves every tick
            int checked = 0;
            for (int i = 0; i < 200; i++) {
                h.driver.step();
                // the loop reads back after writing; the simulated board applies a written output
                // at once and holds watts as a 32-bit float
                assertEquals((float) loop.outputWatts(), loop.heaterReadbackWatts(), 0.0, "tick " + i);
                checked += loop.outputWatts() > 0 ? 1 : 0;
            }
            assertTrue(checked > 100, "the heater was on while checked");

            // open loop at a fixed power: the status reports readback = command within the float's resolution
            submit(h, Command.newBuilder().setCorrelationId("m").setSetMode(SetMode.newBuilder().setLoopId("mxc").setMode(LoopMode.LOOP_MODE_OPEN_LOOP)).build());
            submit(h, Command.newBuilder().setCorrelationId("w").setSetManualOutput(SetManualOutput.newBuilder().setLoopId("mxc").setOutputWatts(123.4e-6)).build());
            LoopStatus st = latestStatusAfter(h);
            assertEquals(123.4e-6, st.getOutputWatts(), 0.0);
            assertEquals(123.4e-6, st.getHeaterReadbackWatts(), Math.ulp(123.4e-6f));
        }
    }

    @Test
    void aHeaterStuckOnReadsBackItsPowerWhileTheLoopCommandsZero() throws Exception {
        try (SimHarness h = new SimHarness(6)) {
            HeaterLoop loop = h.controller.loops()[0];
            submit(h, Command.newBuilder().setCorrelationId("m").setSetMode(SetMode.newBuilder().setLoopId("mxc").setMode(LoopMode.LOOP_MODE_OPEN_LOOP)).build());
            submit(h, Command.newBuilder().setCorrelationId("w").setSetManualOutput(SetManualOutput.newBuilder().setLoopId("mxc").setOutputWatts(200e-6)).build());
            h.driver.run(2);
            assertEquals(200e-6, loop.heaterReadbackWatts(), Math.ulp(200e-6f));

            new FaultInjector(h.board).injectChannel(FaultKind.HEATER_STUCK_ON, SimulatedBoards.MXC_HEATER, 0);
            submit(h, Command.newBuilder().setCorrelationId("off").setSetMode(SetMode.newBuilder().setLoopId("mxc").setMode(LoopMode.LOOP_MODE_OFF)).build());
            h.driver.step();
            assertEquals(0.0, loop.outputWatts(), 0.0, "the loop commands nothing");
            assertEquals(200e-6, loop.heaterReadbackWatts(), Math.ulp(200e-6f), "the stuck heater still delivers its power, and the loop reads it back");
            // the readback check trips, and the interlock relay breaks the heater supply: the stuck driver delivers nothing
            LoopStatus st = latestStatusAfter(h);
            assertTrue(h.controller.interlock().tripped(), "the mismatch tripped the interlock");
            assertEquals(cryo.v1.AlarmCause.HEATER_READBACK_MISMATCH, h.controller.interlock().cause());
            assertEquals(0.0, st.getHeaterReadbackWatts(), 0.0, "the open relay cut the stuck heater, and the status says so");

            new FaultInjector(h.board).clearChannel(FaultKind.HEATER_STUCK_ON, SimulatedBoards.MXC_HEATER, 0);
            h.driver.run(1);
            assertEquals(0.0, loop.heaterReadbackWatts(), 0.0, "repaired: the heater follows the command again");
        }
    }

    private static void submit(SimHarness h, Command c) {
        assertTrue(h.controller.submit(c));
        h.controller.awaitIdle();
        String last = h.results.get(h.results.size() - 1);
        assertTrue(last.startsWith("accepted"), last);
    }

    private static LoopStatus latestStatusAfter(SimHarness h) {
        while (h.controller.statusChannel().poll() != null) {
            h.controller.statusChannel().release();
        }
        h.driver.run(1.0);
        StatusBuilder sb = new StatusBuilder(h.controller.config());
        cryo.v1.Status st = null;
        for (StatusSnapshot s; (s = h.controller.statusChannel().poll()) != null; ) {
            st = sb.build(s, 0, 0);
            h.controller.statusChannel().release();
        }
        assertTrue(st != null, "a status was published");
        return st.getLoops(0);
    }
}
