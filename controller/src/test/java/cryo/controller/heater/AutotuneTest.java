package cryo.controller.heater;

import cryo.sim.fault.FaultKind;
import cryo.sim.fault.FaultInjector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.app.SimHarness;
import cryo.controller.config.ZoneConfig;
import cryo.controller.telemetry.StatusBuilder;
import cryo.controller.telemetry.StatusSnapshot;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.AlarmCause;
import cryo.v1.AbortAutotune;
import cryo.v1.Command;
import cryo.v1.LoopMode;
import cryo.v1.LoopStatus;
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
        return harness(seed, 1.0);
    }

    private static SimHarness harness(long seed, double statusIntervalSeconds) throws Exception {
        return new SimHarness(seed, cfg -> new cryo.controller.config.ControllerConfig(cfg.nodeId(), cfg.firmwareVersion(),
                cfg.tickIntervalSeconds(), statusIntervalSeconds, cfg.watchdogTimeoutMillis(), cfg.staleTicks(), cfg.sensors(),
                List.of(cfg.loops().get(0).withZones(freshZoneOne(), LoopMode.LOOP_MODE_PID)), cfg.overTemperature()));
    }

    private static StartAutotune.Builder tune(double stepWatts, double amplitudeLimitKelvin, double timeoutSeconds) {
        return StartAutotune.newBuilder().setLoopId("mxc").setZone(1).setStepWatts(stepWatts)
                .setAmplitudeLimitKelvin(amplitudeLimitKelvin).setTimeoutSeconds(timeoutSeconds);
    }

    /** Every status published since the last call, as the publisher builds them. */
    private static List<LoopStatus> statuses(SimHarness h) {
        StatusBuilder sb = new StatusBuilder(h.controller.config());
        List<LoopStatus> out = new ArrayList<>();
        for (StatusSnapshot s; (s = h.controller.statusChannel().poll()) != null; ) {
            out.add(sb.build(s, 0, 0).getLoops(0));
            h.controller.statusChannel().release();
        }
        return out;
    }

    private static LoopStatus latestStatus(SimHarness h) {
        statuses(h);
        h.driver.run(1.0);
        List<LoopStatus> all = statuses(h);
        assertFalse(all.isEmpty(), "a status was published");
        return all.get(all.size() - 1);
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
            // the simulated mixing chamber answers in C/G = 0.13 s at 50 mK, under the 0.1 s tick: the relay
            // switches every sample, the fastest cycle there is, and the result says so
            assertEquals(0.2, l.autotuner().periodSeconds(), 1e-9, "Pu");
            assertEquals(2.0, l.autotuner().periodTicks(), 1e-9, "Pu in ticks");
            assertTrue(l.autotuner().periodAtTickLimit(), "flagged: the period is set by the sampling");
            assertTrue(l.autotuner().message().contains("period under 4 control ticks"), l.autotuner().message());
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

    @Test
    void theTotalTimeoutFailsTheTuneWithTheHeaterOffAndSaysWhyInStatus() throws Exception {
        try (SimHarness h = harness(33)) {
            HeaterLoop l = h.controller.loops()[0];
            h.driver.run(300);
            // a step whose swing (0.1 µW x 240 K/W = 24 µK) never crosses the 60 µK hysteresis: no cycle at all
            assertTrue(run(h, Command.newBuilder().setStartAutotune(tune(1e-7, 3e-3, 10))).startsWith("accepted"));
            h.driver.run(9.5);
            assertTrue(l.autotuner().running(), "still relaying before the 10 s timeout");
            assertEquals(0, l.autotuner().cyclesSeen());
            h.driver.run(1.0);
            assertEquals(Autotuner.FAILED, l.autotuner().state());
            assertEquals(Autotuner.FAIL_TIMEOUT, l.autotuner().message());
            assertEquals(LoopMode.LOOP_MODE_OFF, l.mode(), "heater off, not back to pid");
            assertEquals(0.0, l.outputWatts());
            assertEquals(0.0, h.board.heaterPowerWatts(SimulatedBoards.MXC_HEATER), 0.0, "the board's heater is off");
            LoopStatus s = latestStatus(h);
            assertEquals(LoopMode.LOOP_MODE_OFF, s.getMode());
            assertEquals(0.0, s.getOutputWatts());
            assertFalse(s.getAutotune().getRunning());
            assertEquals("failed", s.getAutotune().getState());
            assertEquals("no steady oscillation before the timeout", s.getAutotune().getMessage());
            assertFalse(h.controller.interlock().tripped());
        }
    }

    @Test
    void anInterlockTripDuringTuningAbortsItWithTheHeaterOff() throws Exception {
        try (SimHarness h = harness(34)) {
            HeaterLoop l = h.controller.loops()[0];
            h.driver.run(300);
            assertTrue(run(h, Command.newBuilder().setStartAutotune(tune(5e-6, 5e-3, 600))).startsWith("accepted"));
            h.driver.run(0.3);
            assertTrue(l.autotuner().running());
            assertFalse(h.controller.interlock().tripped(), "the interlock stays armed while tuning");
            // the driver delivers 110 µW whatever is commanded: the stage sits ~2 mK up (inside the
            // amplitude limit), the relay commands 96 µW, and the readback check trips in three samples
            new FaultInjector(h.board).injectChannel(FaultKind.HEATER_FORCED_POWER, SimulatedBoards.MXC_HEATER, 110e-6);
            for (int i = 0; i < 20 && l.autotuner().running(); i++) {
                h.driver.step();
            }
            assertTrue(h.controller.interlock().tripped(), "tripped during the tune");
            assertEquals(AlarmCause.HEATER_READBACK_MISMATCH, h.controller.interlock().cause());
            assertEquals(Autotuner.ABORTED, l.autotuner().state());
            assertEquals(Autotuner.ABORTED_INTERLOCK, l.autotuner().message());
            assertEquals(LoopMode.LOOP_MODE_OFF, l.mode(), "the tune ends with the heater off");
            assertEquals(0.0, l.outputWatts());
        }
    }

    @Test
    void progressIsInStatusWhileTheTuneRuns() throws Exception {
        try (SimHarness h = harness(35, 0.1)) { // a status every tick
            HeaterLoop l = h.controller.loops()[0];
            h.driver.run(300);
            statuses(h);
            h.driver.run(1);
            assertEquals(0.0, statuses(h).get(0).getZones(1).getP(), 0.0, "zone 1 untuned in the status before");
            assertTrue(run(h, Command.newBuilder().setStartAutotune(tune(5e-6, 3e-3, 600))).startsWith("accepted"));
            LoopStatus midway = null;
            List<LoopStatus> seen = new ArrayList<>();
            for (int i = 0; i < 100 && l.autotuner().running(); i++) {
                h.driver.step();
                for (LoopStatus s : statuses(h)) {
                    seen.add(s);
                    if (midway == null && s.getAutotune().getRunning() && s.getAutotune().getCyclesSeen() >= 2) {
                        midway = s;
                    }
                }
            }
            assertTrue(midway != null, "a status with two cycles seen while running, among " + seen.size());
            assertEquals(LoopMode.LOOP_MODE_AUTOTUNE, midway.getMode());
            assertEquals("relay", midway.getAutotune().getState());
            assertEquals(1, midway.getAutotune().getZone());
            assertTrue(midway.getAutotune().getAmplitudeKelvin() > 0, "amplitude so far");
            assertTrue(midway.getAutotune().getPeriodSeconds() > 0, "period so far");
            assertTrue(midway.getAutotune().getMessage().startsWith("relay"), midway.getAutotune().getMessage());
            h.driver.step();
            LoopStatus done = statuses(h).get(0);
            assertEquals("done", done.getAutotune().getState());
            assertEquals(2.0, done.getAutotune().getPeriodTicks(), 1e-9);
            assertTrue(done.getAutotune().getPeriodAtTickLimit());
            assertEquals(l.autotuner().resultP(), done.getZones(1).getP(), 0.0, "the tuned zone is in the status's table");
            assertEquals(l.autotuner().resultI(), done.getZones(1).getI(), 0.0);
            assertEquals(0.070, done.getZones(1).getUpperBoundKelvin(), 0.0, "the rest of the row as it was");
        }
    }
}
