package cryo.controller.heater;

import cryo.sim.fault.FaultKind;
import cryo.sim.fault.FaultInjector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.app.SimHarness;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.config.LoopConfig;
import cryo.controller.config.PidOptions;
import cryo.controller.config.SensorConfig;
import cryo.controller.config.ZoneConfig;
import cryo.controller.telemetry.StatusBuilder;
import cryo.controller.telemetry.StatusSnapshot;
import cryo.hal.calibration.Curve340;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.Command;
import cryo.v1.LoopMode;
import cryo.v1.LoopStatus;
import cryo.v1.SetHeaterRange;
import cryo.v1.SetMode;
import cryo.v1.SetRamp;
import cryo.v1.SetSetpoint;
import cryo.v1.SetZoneTable;
import cryo.v1.Zone;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Smaller loop behaviours on the simulated mixing chamber (lock-step, seeded): the curve's
 * setpoint limit, a zone's own output ceiling and ramp rate, a heater with fewer ranges, and a
 * converter that stops counting samples.
 */
class LoopDetailTest {

    private static String run(SimHarness h, Command.Builder b) {
        assertTrue(h.controller.submit(b.setCorrelationId("c" + h.results.size()).build()));
        h.controller.awaitIdle();
        synchronized (h.results) {
            return h.results.get(h.results.size() - 1);
        }
    }

    /** The default mixing-chamber loop rebuilt with other range count, zones and options. */
    private static UnaryOperator<ControllerConfig> loop(int rangeCount, List<ZoneConfig> zones, PidOptions options, double statusSeconds) {
        return cfg -> {
            LoopConfig l = cfg.loops().get(0);
            LoopConfig changed = new LoopConfig(l.loopId(), l.sensorIndex(), l.heaterChannel(), l.heaterResistanceOhms(), l.setpointKelvin(),
                    l.kp(), l.ki(), l.kd(), Math.min(l.heaterRange(), rangeCount), l.setpointLimitKelvin(), l.startClosedLoop(), l.startMode(),
                    rangeCount, options, l.rampEnabled(), l.rampRateKelvinPerMinute(), zones);
            return new ControllerConfig(cfg.nodeId(), cfg.firmwareVersion(), cfg.tickIntervalSeconds(), statusSeconds,
                    cfg.watchdogTimeoutMillis(), cfg.staleTicks(), cfg.sensors(), List.of(changed), cfg.overTemperature());
        };
    }

    @Test
    void aCurveWhoseSetpointLimitIsBelowTheLoopsRefusesSetpointsAboveTheCurves() throws Exception {
        String text;
        try (InputStream in = LoopDetailTest.class.getResourceAsStream("/curves/sim-ruox-mxc-spline.340")) {
            text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
        assertTrue(text.contains("SetPoint Limit: 40.0"));
        var curve = Curve340.parse("low-limit.340", text.replace("SetPoint Limit: 40.0", "SetPoint Limit: 0.5")).toCalibration();
        try (SimHarness h = new SimHarness(41, cfg -> {
            SensorConfig s = cfg.sensors().get(0);
            return new ControllerConfig(cfg.nodeId(), cfg.firmwareVersion(), cfg.tickIntervalSeconds(), cfg.statusIntervalSeconds(),
                    cfg.watchdogTimeoutMillis(), cfg.staleTicks(), List.of(new SensorConfig(s.stageId(), s.sensorId(), s.channel(), curve)),
                    cfg.loops(), cfg.overTemperature());
        })) {
            HeaterLoop l = h.controller.loops()[0];
            assertEquals(1.0, l.config().setpointLimitKelvin(), "the loop's own limit is 1 K");
            assertEquals(0.5, l.setpointLimitKelvin(), "the curve's lower limit wins");
            h.driver.run(10);
            String r = run(h, Command.newBuilder().setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(0.6)));
            assertEquals("refused: set_setpoint.setpoint_kelvin 0.6 outside (0, 0.5] K (the sensor curve's setpoint limit) for loop mxc", r);
            assertEquals(0.050, l.targetSetpointKelvin(), 0.0, "untouched");
            assertTrue(run(h, Command.newBuilder().setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(0.5)))
                    .startsWith("accepted"));
            assertEquals(0.5, l.targetSetpointKelvin(), 0.0);
        }
    }

    @Test
    void aZonesOwnOutputCeilingAndRampRateTakeEffectWhileItIsActive() throws Exception {
        try (SimHarness h = new SimHarness(42)) {
            HeaterLoop l = h.controller.loops()[0];
            h.driver.run(300); // zone 1 (≤ 70 mK) holds 50 mK with ~101 µW
            double holdWatts = l.outputWatts();
            List<ZoneConfig> shipped = DefaultConfig.mixingChamberZones();
            // zone 1 ramps at 2 mK/min, slower than the loop's 10 mK/min
            assertTrue(run(h, Command.newBuilder().setSetZoneTable(table(shipped, 1, 0.0, 0.002))).startsWith("accepted"));
            assertTrue(run(h, Command.newBuilder().setSetRamp(SetRamp.newBuilder().setLoopId("mxc").setEnabled(true)
                    .setRateKelvinPerMinute(0.010))).startsWith("accepted"));
            assertTrue(run(h, Command.newBuilder().setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(0.060)))
                    .startsWith("accepted"));
            h.driver.run(60);
            assertEquals(1, l.zone());
            assertEquals(0.052, l.setpointKelvin(), 1e-4, "one minute at the zone's 2 mK/min, not the loop's 10");
            assertTrue(l.ramping());

            // zone 1's ceiling of 60 µW, below what 52..60 mK needs: the output saturates there
            assertTrue(run(h, Command.newBuilder().setSetZoneTable(table(shipped, 1, 60e-6, 0.0))).startsWith("accepted"));
            double most = 0;
            for (int i = 0; i < 300; i++) {
                h.driver.step();
                most = Math.max(most, l.outputWatts());
            }
            assertEquals(1, l.zone());
            assertEquals(60e-6, l.outputCeilingWatts(), 0.0);
            assertEquals(60e-6, l.pid().maxOutputWatts(), 0.0, "the PID is clamped to the zone's ceiling");
            assertEquals(60e-6, most, 1e-12, "never above it, and pinned there: the zone needs more than " + holdWatts + " W");
            assertTrue(h.mxcKelvin() < 0.050, "so the stage falls below its setpoint: " + h.mxcKelvin());
            assertTrue(l.rangeMaxWatts() > 1e-4, "the range itself would allow far more");
        }
    }

    private static SetZoneTable.Builder table(List<ZoneConfig> zones, int zone, double maxOutputWatts, double rampKelvinPerMinute) {
        SetZoneTable.Builder t = SetZoneTable.newBuilder().setLoopId("mxc");
        for (int k = 0; k < zones.size(); k++) {
            ZoneConfig z = zones.get(k);
            Zone.Builder row = Zone.newBuilder().setUpperBoundKelvin(z.upperBoundKelvin()).setP(z.p()).setI(z.i()).setD(z.d())
                    .setHeaterRange(z.heaterRange());
            if (k == zone) {
                row.setMaxOutputWatts(maxOutputWatts).setRampRateKelvinPerMinute(rampKelvinPerMinute);
            }
            t.addZones(row);
        }
        return t;
    }

    @Test
    void aHeaterWithSixRangesRefusesTheRangesItLacks() throws Exception {
        // heaterRangeCount is per loop (LoopConfig, `heaterRangeCount:` in the file); the board offers 8
        List<ZoneConfig> zones = DefaultConfig.mixingChamberZones().subList(0, 3); // ranges 4, 5, 6
        try (SimHarness h = new SimHarness(43, loop(6, zones, PidOptions.DEFAULT, 1.0))) {
            HeaterLoop l = h.controller.loops()[0];
            h.driver.run(10);
            assertTrue(run(h, Command.newBuilder().setSetMode(SetMode.newBuilder().setLoopId("mxc").setMode(LoopMode.LOOP_MODE_PID)))
                    .startsWith("accepted"));
            assertEquals("refused: set_heater_range.heater_range 7 outside 0..6 (ranges heater of loop mxc has)",
                    run(h, Command.newBuilder().setSetHeaterRange(SetHeaterRange.newBuilder().setLoopId("mxc").setHeaterRange(7))));
            String z = run(h, Command.newBuilder().setSetZoneTable(SetZoneTable.newBuilder().setLoopId("mxc").addZones(
                    Zone.newBuilder().setUpperBoundKelvin(1.0).setP(1e-3).setI(1e-3).setHeaterRange(7))));
            assertEquals("refused: set_zone_table.zones[0].heater_range 7 outside 1..6 (ranges this heater has)", z);
            assertEquals(3, l.zones().size(), "table untouched");
            assertTrue(run(h, Command.newBuilder().setSetHeaterRange(SetHeaterRange.newBuilder().setLoopId("mxc").setHeaterRange(6)))
                    .startsWith("accepted"));
            assertEquals(6, l.heaterRange());
        }
    }

    @Test
    void aConverterThatStopsCountingForcesTheOutputToZeroWithAReason() throws Exception {
        // the loop's staleness (0.15 s) is shorter than the interlock's (3 samples, 0.3 s), so the
        // loop stage sees it first, from the sample count alone: the frozen reading stays valid
        PidOptions quick = new PidOptions(1.0, 0.0, 0.15, 1e-4, 1e-4, 60.0);
        try (SimHarness h = new SimHarness(44, loop(8, DefaultConfig.mixingChamberZones(), quick, 0.1))) {
            HeaterLoop l = h.controller.loops()[0];
            h.driver.run(120);
            assertTrue(l.outputWatts() > 0);
            lastStatus(h); // free the hand-off (no publisher here) so the next statuses are kept
            new FaultInjector(h.board).injectChannel(FaultKind.SENSOR_FROZEN, SimulatedBoards.MXC_THERMOMETER, 0);
            double reading = Double.NaN;
            int ticks = 0;
            while (l.outputWatts() > 0 && ticks < 10) {
                h.driver.step();
                ticks++;
                if (ticks == 1) {
                    reading = l.measurementKelvin();
                }
            }
            assertEquals(0.0, l.outputWatts(), "output forced to zero after " + ticks + " ticks");
            assertEquals(PidController.FAULT_STALE, l.faultReason());
            assertEquals(reading, l.measurementKelvin(), 0.0, "the reading itself stayed valid and unchanged");
            assertFalse(h.controller.interlock().tripped(), "the loop saw it before the interlock did");
            assertEquals(2, ticks, "0.2 s: the first tick past 0.15 s");
            LoopStatus s = lastStatus(h);
            assertEquals("measurement is stale", s.getFaultReason());
            assertEquals(0.0, s.getOutputWatts());
        }
    }

    private static LoopStatus lastStatus(SimHarness h) {
        StatusBuilder sb = new StatusBuilder(h.controller.config());
        LoopStatus last = null;
        for (StatusSnapshot s; (s = h.controller.statusChannel().poll()) != null; ) {
            last = sb.build(s, 0, 0).getLoops(0);
            h.controller.statusChannel().release();
        }
        assertTrue(last != null, "a status was published");
        return last;
    }
}
