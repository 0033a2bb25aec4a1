package cryo.controller.heater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.app.SimHarness;
import cryo.controller.config.ZoneConfig;
import cryo.v1.AbortAutotune;
import cryo.v1.Command;
import cryo.v1.LoopMode;
import cryo.v1.SetMode;
import cryo.v1.StartAutotune;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Relay autotune of a fresh zone against the simulated mixing chamber. */
class AutotuneTest {

    /** The shipped table with zone 1 (30..70 mK) untuned. */
    private static List<ZoneConfig> freshZoneOne() {
        List<ZoneConfig> z = new ArrayList<>(cryo.controller.config.DefaultConfig.mixingChamberZones());
        ZoneConfig old = z.get(1);
        z.set(1, new ZoneConfig(old.upperBoundKelvin(), 0.0, 0.0, 0.0, old.heaterRange(), 0.0, 0.0));
        return z;
    }

    private static SimHarness harness(long seed) throws Exception {
        return new SimHarness(seed, cfg -> new cryo.controller.config.ControllerConfig(cfg.nodeId(), cfg.firmwareVersion(),
                cfg.tickIntervalSeconds(), cfg.statusIntervalSeconds(), cfg.watchdogTimeoutMillis(), cfg.staleTicks(), cfg.sensors(),
                List.of(cfg.loops().get(0).withZones(freshZoneOne(), LoopMode.LOOP_MODE_PID)), cfg.overTemperature()));
    }

    private static String latestAutotuneState(HeaterLoop l) {
        return l.autotuner().state();
    }

    private static String run(SimHarness h, Command.Builder b) {
        assertTrue(h.controller.submit(b.setCorrelationId("c" + h.results.size()).build()));
        h.controller.awaitIdle();
        synchronized (h.results) {
            return h.results.get(h.results.size() - 1);
        }
    }

    @Test
    void autotuneOfAFreshZoneGivesGainsThatHoldFiftyMillikelvin() throws Exception {
        try (SimHarness h = harness(31)) {
            HeaterLoop l = h.controller.loops()[0];
            h.driver.run(600); // PID mode with the loop's own gains, at 50 mK
            String r = run(h, Command.newBuilder().setStartAutotune(StartAutotune.newBuilder().setLoopId("mxc").setZone(1)
                    .setStepWatts(5e-6).setAmplitudeLimitKelvin(3e-3).setTimeoutSeconds(600)));
            assertTrue(r.startsWith("accepted"), r);
            assertEquals(LoopMode.LOOP_MODE_AUTOTUNE, l.mode());
            double worst = 0;
            int steps = 0;
            while (l.autotuner().running() && steps < 6000) {
                h.driver.step();
                steps++;
                worst = Math.max(worst, Math.abs(h.mxcKelvin() - 0.050));
                assertTrue(l.autotuner().running() || !l.autotuner().state().equals(Autotuner.RELAY));
            }
            System.out.printf("autotune zone 1: %s after %.1f s, %s; worst excursion %.3g mK%n", l.autotuner().state(), steps * 0.1,
                    l.autotuner().message(), worst * 1e3);
            assertEquals(Autotuner.DONE, l.autotuner().state(), l.autotuner().message());
            assertFalse(h.controller.interlock().tripped(), "the relay oscillation does not trip the interlock");
            ZoneConfig tuned = l.zones().zone(1);
            assertTrue(tuned.p() > 0 && tuned.i() > 0, "result stored as the zone's gains: " + tuned);
            assertEquals(LoopMode.LOOP_MODE_PID, l.mode(), "back to the mode it was tuned from");

            assertTrue(run(h, Command.newBuilder().setSetMode(SetMode.newBuilder().setLoopId("mxc").setMode(LoopMode.LOOP_MODE_ZONE))).startsWith("accepted"));
            h.driver.run(300);
            double sumSq = 0;
            int n = 36_000;
            for (int i = 0; i < n; i++) {
                h.driver.step();
                double e = h.mxcKelvin() - 0.050;
                sumSq += e * e;
            }
            double rms = Math.sqrt(sumSq / n);
            assertEquals(1, l.zone());
            assertTrue(rms < 50e-6, "tuned zone holds 50 mK with RMS " + rms * 1e6 + " µK over an hour (bound 0.1 % = 50 µK)");
        }
    }

    @Test
    void abortLeavesTheHeaterOffAndAnAmplitudeBreachFailsSafe() throws Exception {
        try (SimHarness h = harness(32)) {
            HeaterLoop l = h.controller.loops()[0];
            h.driver.run(300);
            assertTrue(run(h, Command.newBuilder().setStartAutotune(StartAutotune.newBuilder().setLoopId("mxc").setZone(1)
                    .setStepWatts(5e-6).setAmplitudeLimitKelvin(3e-3).setTimeoutSeconds(600))).startsWith("accepted"));
            h.driver.run(0.5); // mid-run: six cycles take over a second
            assertTrue(l.autotuner().running());
            assertEquals("relay", latestAutotuneState(l));
            assertTrue(run(h, Command.newBuilder().setAbortAutotune(AbortAutotune.newBuilder().setLoopId("mxc"))).startsWith("accepted"));
            h.driver.step();
            assertEquals(LoopMode.LOOP_MODE_OFF, l.mode());
            assertEquals(0.0, l.outputWatts());
            assertEquals(Autotuner.ABORTED, l.autotuner().state());

            // a step far too large for the amplitude limit: fails, heater off
            assertTrue(run(h, Command.newBuilder().setSetMode(SetMode.newBuilder().setLoopId("mxc").setMode(LoopMode.LOOP_MODE_PID))).startsWith("accepted"));
            h.driver.run(300);
            assertTrue(run(h, Command.newBuilder().setStartAutotune(StartAutotune.newBuilder().setLoopId("mxc").setZone(1)
                    .setStepWatts(1e-4).setAmplitudeLimitKelvin(1e-3).setTimeoutSeconds(600))).startsWith("accepted"));
            h.driver.run(30);
            assertEquals(Autotuner.FAILED, l.autotuner().state());
            assertTrue(l.autotuner().message().contains("amplitude limit"), l.autotuner().message());
            assertEquals(LoopMode.LOOP_MODE_OFF, l.mode());
            assertEquals(0.0, l.outputWatts());
        }
    }
}
