package cryo.controller.heater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.app.SimHarness;
import cryo.controller.telemetry.StatusBuilder;
import cryo.controller.telemetry.StatusSnapshot;
import cryo.v1.Command;
import cryo.v1.LoopMode;
import cryo.v1.LoopStatus;
import cryo.v1.SetGains;
import cryo.v1.SetHeaterRange;
import cryo.v1.SetManualOutput;
import cryo.v1.SetMode;
import cryo.v1.SetRamp;
import cryo.v1.SetSetpoint;
import cryo.v1.SetZoneTable;
import cryo.v1.StartAutotune;
import cryo.v1.AbortAutotune;
import cryo.v1.Zone;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Loop commands through the ring: refused whole with a reason (loop untouched), or applied and reported. */
class HeaterCommandTest {

    private static String run(SimHarness h, Consumer<Command.Builder> fill) {
        Command.Builder b = Command.newBuilder().setCorrelationId("c" + h.results.size());
        fill.accept(b);
        assertTrue(h.controller.submit(b.build()));
        h.controller.awaitIdle();
        synchronized (h.results) {
            return h.results.get(h.results.size() - 1);
        }
    }

    /** Everything a refused command must leave as it was. */
    private static String state(HeaterLoop l) {
        return l.mode() + " sp=" + l.setpointKelvin() + " target=" + l.targetSetpointKelvin() + " ramp=" + l.rampEnabled() + "/"
                + l.rampRateKelvinPerMinute() + " range=" + l.heaterRange() + " zones=" + l.zones().size() + " p=" + l.pid().kp()
                + " i=" + l.pid().ki() + " d=" + l.pid().kd() + " manual=" + l.manualOutputWatts() + " max=" + l.pid().maxOutputWatts()
                + " autotune=" + l.autotuner().state();
    }

    private static Zone zone(double upper, int range) {
        return Zone.newBuilder().setUpperBoundKelvin(upper).setP(1e-3).setI(1e-3).setHeaterRange(range).build();
    }

    @Test
    void badCommandsAreRefusedWithAReasonAndLeaveTheLoopUntouched() throws Exception {
        try (SimHarness h = new SimHarness(3)) {
            h.driver.run(60);
            HeaterLoop l = h.controller.loops()[0];
            String before = state(l);
            String[][] cases = {
                    {run(h, b -> b.setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(Double.NaN))), "setpoint_kelvin NaN"},
                    {run(h, b -> b.setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(1.5))), "loop's setpoint limit"},
                    {run(h, b -> b.setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(-0.01))), "outside (0, 1.0]"},
                    {run(h, b -> b.setSetSetpoint(SetSetpoint.newBuilder().setLoopId("still").setSetpointKelvin(0.8))), "unknown loop 'still'"},
                    {run(h, b -> b.setSetRamp(SetRamp.newBuilder().setLoopId("mxc").setEnabled(true).setRateKelvinPerMinute(-0.001))), "rate_kelvin_per_minute -0.001"},
                    {run(h, b -> b.setSetRamp(SetRamp.newBuilder().setLoopId("mxc").setEnabled(true).setRateKelvinPerMinute(0))), "must be > 0"},
                    {run(h, b -> b.setSetRamp(SetRamp.newBuilder().setLoopId("mxc").setEnabled(true).setRateKelvinPerMinute(Double.NaN))), "NaN"},
                    {run(h, b -> b.setSetHeaterRange(SetHeaterRange.newBuilder().setLoopId("mxc").setHeaterRange(9))), "outside 0..8"},
                    {run(h, b -> b.setSetHeaterRange(SetHeaterRange.newBuilder().setLoopId("mxc").setHeaterRange(3))), "zone mode"},
                    {run(h, b -> b.setSetZoneTable(SetZoneTable.newBuilder().setLoopId("mxc").addZones(zone(0.1, 5)).addZones(zone(0.05, 5)))), "rising order"},
                    {run(h, b -> b.setSetZoneTable(SetZoneTable.newBuilder().setLoopId("mxc").addZones(zone(0.1, 9)))), "heater_range 9"},
                    {run(h, b -> b.setSetZoneTable(SetZoneTable.newBuilder().setLoopId("mxc").addZones(zone(0.1, 5).toBuilder().setP(Double.NaN)))), "p=NaN"},
                    {run(h, b -> b.setSetZoneTable(SetZoneTable.newBuilder().setLoopId("mxc").addZones(zone(0.1, 5).toBuilder().setMaxOutputWatts(2e-3)))), "max_output_watts"},
                    {run(h, b -> {
                        SetZoneTable.Builder t = SetZoneTable.newBuilder().setLoopId("mxc");
                        for (int k = 1; k <= 11; k++) {
                            t.addZones(zone(0.01 * k, 5));
                        }
                        b.setSetZoneTable(t);
                    }), "11 zones, at most 10"},
                    {run(h, b -> b.setSetZoneTable(SetZoneTable.newBuilder().setLoopId("mxc"))), "empty table"},
                    {run(h, b -> b.setSetGains(SetGains.newBuilder().setLoopId("mxc").setP(-1))), "gains must be finite and >= 0"},
                    {run(h, b -> b.setSetGains(SetGains.newBuilder().setLoopId("mxc").setP(1).setI(Double.POSITIVE_INFINITY))), "gains must be finite"},
                    {run(h, b -> b.setSetManualOutput(SetManualOutput.newBuilder().setLoopId("mxc").setOutputWatts(5e-3))), "outside [0, "},
                    {run(h, b -> b.setSetManualOutput(SetManualOutput.newBuilder().setLoopId("mxc").setOutputWatts(Double.NaN))), "NaN"},
                    {run(h, b -> b.setSetMode(SetMode.newBuilder().setLoopId("mxc").setMode(LoopMode.LOOP_MODE_AUTOTUNE))), "autotune has its own command"},
                    {run(h, b -> b.setStartAutotune(StartAutotune.newBuilder().setLoopId("mxc").setZone(7).setStepWatts(1e-5).setAmplitudeLimitKelvin(1e-3).setTimeoutSeconds(600))), "start_autotune.zone 7"},
                    {run(h, b -> b.setStartAutotune(StartAutotune.newBuilder().setLoopId("mxc").setZone(1).setStepWatts(-1).setAmplitudeLimitKelvin(1e-3).setTimeoutSeconds(600))), "step_watts -1"},
                    {run(h, b -> b.setStartAutotune(StartAutotune.newBuilder().setLoopId("mxc").setZone(1).setStepWatts(1e-5).setAmplitudeLimitKelvin(1e-3).setTimeoutSeconds(1))), "timeout_seconds 1"},
                    {run(h, b -> b.setAbortAutotune(AbortAutotune.newBuilder().setLoopId("mxc"))), "not autotuning"},
            };
            for (String[] c : cases) {
                assertTrue(c[0].startsWith("refused: "), "refused: " + c[0]);
                assertTrue(c[0].contains(c[1]), "reason '" + c[0] + "' names '" + c[1] + "'");
            }
            assertEquals(before, state(l), "no refused command changed the loop");
            h.driver.run(10);
            assertEquals(LoopMode.LOOP_MODE_ZONE, l.mode());
        }
    }

    @Test
    void aSetpointWithinTheHoldBandOfTheUnderTemperatureTripIsRefused() throws Exception {
        // mxc may not read below 20 mK: a setpoint whose hold band reaches that limit would trip the stage it regulates
        double[] holdBandKelvin = new double[1];
        try (SimHarness h = new SimHarness(6, cfg -> {
            holdBandKelvin[0] = cfg.interlocks().loop("mxc").holdBandKelvin();
            return cfg.withInterlocks(cfg.interlocks().withSensor(cfg.interlocks().sensor(0).withUnderTemperature(0.020)));
        })) {
            h.driver.run(120);
            HeaterLoop l = h.controller.loops()[0];
            double floorKelvin = 0.020 + holdBandKelvin[0];
            String before = state(l);
            String low = run(h, b -> b.setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(floorKelvin)));
            assertTrue(low.startsWith("refused: set_setpoint.setpoint_kelvin " + floorKelvin + " at or below " + floorKelvin
                    + " K (the stage's under-temperature limit plus the hold band)"), low);
            String wide = run(h, b -> b.setStartAutotune(StartAutotune.newBuilder().setLoopId("mxc").setZone(1).setStepWatts(1e-6)
                    .setAmplitudeLimitKelvin(l.setpointKelvin() - floorKelvin + 1e-6).setTimeoutSeconds(600)));
            assertTrue(wide.startsWith("refused: start_autotune.amplitude_limit_kelvin"), wide);
            assertTrue(wide.contains("under-temperature limit plus the hold band"), wide);
            assertEquals(before, state(l), "refusals left the loop untouched");
            assertTrue(run(h, b -> b.setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(floorKelvin + 1e-3)))
                    .startsWith("accepted"));
        }
    }

    @Test
    void setpointRangeAndModeChangesAreAppliedAndReportedInStatus() throws Exception {
        try (SimHarness h = new SimHarness(4)) {
            h.driver.run(300);
            HeaterLoop l = h.controller.loops()[0];
            assertTrue(run(h, b -> b.setSetRamp(SetRamp.newBuilder().setLoopId("mxc").setEnabled(true).setRateKelvinPerMinute(0.01))).startsWith("accepted"));
            assertTrue(run(h, b -> b.setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(0.1))).startsWith("accepted"));
            drain(h); // the harness has no publisher: free the status hand-off so new statuses are kept
            h.driver.run(60);
            LoopStatus s = latestStatus(h);
            assertTrue(s.getRamping());
            assertEquals(0.1, s.getTargetSetpointKelvin(), 1e-12);
            assertEquals(0.06, s.getSetpointKelvin(), 0.0005, "one minute at 10 mK/min from 50 mK");
            assertEquals(0.01, s.getRampRateKelvinPerMinute(), 1e-12);
            assertEquals(1, s.getZone(), "≤ 70 mK zone");
            assertEquals(5, s.getHeaterRange());
            assertEquals("idle", s.getAutotune().getState());

            // open loop takes over from the present output, bumplessly; then a range change by hand
            double out = l.outputWatts();
            assertTrue(run(h, b -> b.setSetMode(SetMode.newBuilder().setLoopId("mxc").setMode(LoopMode.LOOP_MODE_OPEN_LOOP))).startsWith("accepted"));
            assertEquals(out, l.manualOutputWatts(), 0.0);
            assertTrue(run(h, b -> b.setSetHeaterRange(SetHeaterRange.newBuilder().setLoopId("mxc").setHeaterRange(6))).startsWith("accepted"));
            assertTrue(run(h, b -> b.setSetGains(SetGains.newBuilder().setLoopId("mxc").setP(3e-3).setI(3e-3))).contains("stored"));
            assertTrue(run(h, b -> b.setSetMode(SetMode.newBuilder().setLoopId("mxc").setMode(LoopMode.LOOP_MODE_PID))).startsWith("accepted"));
            h.driver.step();
            assertEquals(out, l.outputWatts(), out * 0.05, "PID takes over where open loop was");
            drain(h);
            h.driver.run(20);
            s = latestStatus(h);
            assertEquals(LoopMode.LOOP_MODE_PID, s.getMode());
            assertEquals(-1, s.getZone());
            assertEquals(3e-3, s.getP(), 0.0);
            assertEquals(6, s.getHeaterRange());
            assertEquals(10e-3, s.getRangeMaxWatts(), 1e-4); // (31.6 µA · 10^2.5)² · 100 Ω

            // monitor: heater off, loop still reports
            assertTrue(run(h, b -> b.setSetMode(SetMode.newBuilder().setLoopId("mxc").setMode(LoopMode.LOOP_MODE_MONITOR))).startsWith("accepted"));
            h.driver.step();
            assertEquals(0.0, l.outputWatts());
        }
    }

    @Test
    void theZoneTableInEffectIsInStatusAsConfiguredAndAsSent() throws Exception {
        try (SimHarness h = new SimHarness(7)) {
            h.driver.run(10);
            LoopStatus s = latestStatusAfter(h);
            assertEquals(cryo.controller.config.DefaultConfig.mixingChamberZones().size(), s.getZonesCount(), "the configured table");
            assertEquals(0.070, s.getZones(1).getUpperBoundKelvin(), 0.0);
            assertEquals(5, s.getZones(1).getHeaterRange());
            assertEquals(1, s.getZone(), "zone indexes the table: 50 mK is in row 1");

            SetZoneTable sent = SetZoneTable.newBuilder().setLoopId("mxc")
                    .addZones(Zone.newBuilder().setUpperBoundKelvin(0.040).setP(1e-3).setI(2e-3).setD(1e-5).setHeaterRange(4)
                            .setMaxOutputWatts(5e-5).setRampRateKelvinPerMinute(0.002))
                    .addZones(Zone.newBuilder().setUpperBoundKelvin(0.300).setP(3e-3).setI(4e-3).setHeaterRange(6)
                            .setMaxOutputWatts(0).setRampRateKelvinPerMinute(0))
                    .addZones(Zone.newBuilder().setUpperBoundKelvin(1.000).setP(2e-2).setI(2e-2).setHeaterRange(7)
                            .setMaxOutputWatts(0.05).setRampRateKelvinPerMinute(0.05))
                    .build();
            assertTrue(run(h, b -> b.setSetZoneTable(sent)).startsWith("accepted"));
            s = latestStatusAfter(h);
            assertEquals(sent.getZonesList(), s.getZonesList(), "every field of every row, as sent");
            assertEquals(1, s.getZone());
            assertEquals(6, s.getHeaterRange(), "row 1's range in effect");
        }
    }

    @Test
    void aStaleSensorForcesTheOutputToZeroWithAReason() throws Exception {
        try (SimHarness h = new SimHarness(5)) {
            h.driver.run(120);
            HeaterLoop l = h.controller.loops()[0];
            assertTrue(l.outputWatts() > 0);
            h.board.mockTemperatureKelvin(cryo.sim.board.SimulatedBoards.MXC_THERMOMETER, 1e-6); // below the curve: NaN
            h.driver.step();
            h.driver.step();
            assertEquals(0.0, l.outputWatts());
            // the interlock's sensor detectors may trip first; either way the reason is reported
            String expected = h.controller.interlock().tripped() ? l.faultReason() : PidController.FAULT_NAN;
            assertTrue(!l.faultReason().isEmpty());
            assertEquals(expected, l.faultReason());
            assertTrue(!latestStatusAfter(h).getFaultReason().isEmpty(), "status reports a reason");
        }
    }

    private static void drain(SimHarness h) {
        while (h.controller.statusChannel().poll() != null) {
            h.controller.statusChannel().release();
        }
    }

    private static LoopStatus latestStatusAfter(SimHarness h) {
        drain(h);
        h.driver.run(1.0);
        return latestStatus(h);
    }

    private static LoopStatus latestStatus(SimHarness h) {
        StatusSnapshot last = null;
        cryo.v1.Status st = null;
        StatusBuilder sb = new StatusBuilder(h.controller.config());
        for (StatusSnapshot s; (s = h.controller.statusChannel().poll()) != null; ) {
            st = sb.build(s, 0, 0);
            h.controller.statusChannel().release();
            last = s;
        }
        assertTrue(last != null, "a status was published");
        return st.getLoops(0);
    }
}
