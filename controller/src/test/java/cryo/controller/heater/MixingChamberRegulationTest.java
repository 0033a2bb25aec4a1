package cryo.controller.heater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.app.SimHarness;
import cryo.hal.device.StageId;
import cryo.sim.board.SimulatedBoards;
import cryo.sim.sensor.SensorModel;
import cryo.v1.Command;
import cryo.v1.LoopMode;
import cryo.v1.SetRamp;
import cryo.v1.SetSetpoint;
import org.junit.jupiter.api.Test;

/**
 * The shipped zone table on the simulated mixing chamber (lock-step, seeded sensor noise): steps,
 * an hour's hold, a ramp across a zone boundary.
 */
class MixingChamberRegulationTest {
    private static final double TICK_SECONDS = 0.1;

    @Test
    void holdsTwentyFiftyHundredAndFiveHundredMillikelvinWithTheShippedZoneTable() throws Exception {
        try (SimHarness h = new SimHarness(11, cfg -> cfg)) {
            HeaterLoop loop = h.controller.loops()[0];
            assertEquals(LoopMode.LOOP_MODE_ZONE, loop.mode(), "the shipped configuration starts in zone mode");
            setpoint(h, 0.010);
            h.driver.run(600); // from 4 K down to 10 mK and settled
            double previous = 0.010;
            for (double target : new double[] {0.020, 0.050, 0.100, 0.500}) {
                setpoint(h, target);
                double step = target - previous;
                double peak = 0;
                for (int i = 0; i < 3000; i++) { // five minutes of transient
                    h.driver.step();
                    peak = Math.max(peak, h.mxcKelvin());
                }
                double overshoot = Math.max(0, peak - target) / step;
                assertTrue(overshoot < 0.02, target * 1e3 + " mK: overshoot " + pct(overshoot) + " of the " + step * 1e3 + " mK step, limit 2 %");
                assertTrue(loop.settled(), target * 1e3 + " mK: settled after five minutes");

                double sumSq = 0;
                double sum = 0;
                int n = 36_000; // one simulated hour
                for (int i = 0; i < n; i++) {
                    h.driver.step();
                    double e = h.mxcKelvin() - target;
                    sumSq += e * e;
                    sum += e;
                }
                double rms = Math.sqrt(sumSq / n);
                double mean = sum / n;
                double relativeBound = 1e-3 * target;
                double noiseFloor = sensorNoiseFloorKelvin(h, target);
                double bound = Math.max(relativeBound, noiseFloor);
                String which = relativeBound >= noiseFloor ? "0.1 % of setpoint" : "sensor noise floor";
                System.out.printf("MXC %.0f mK: overshoot %s, RMS error over 1 h %.3g µK (mean %.3g µK, about it %.3g µK; bound %.3g µK = %s;"
                                + " noise floor %.3g µK)%n", target * 1e3, pct(overshoot), rms * 1e6, mean * 1e6,
                        Math.sqrt(Math.max(0, rms * rms - mean * mean)) * 1e6, bound * 1e6, which, noiseFloor * 1e6);
                assertTrue(rms < bound, target * 1e3 + " mK: RMS error " + rms * 1e6 + " µK over one hour, bound " + bound * 1e6 + " µK (" + which + ")");
                assertFalse(h.controller.interlock().tripped());
                previous = target;
            }
        }
    }

    @Test
    void rampFiftyToTwoHundredMillikelvinAtOneMillikelvinPerMinuteTracksWithinOneMillikelvinAndSwitchesZonesBumplessly() throws Exception {
        try (SimHarness h = new SimHarness(12, cfg -> cfg)) {
            HeaterLoop loop = h.controller.loops()[0];
            h.driver.run(600); // settle at the shipped 50 mK
            submit(h, Command.newBuilder().setCorrelationId("ramp").setSetRamp(
                    SetRamp.newBuilder().setLoopId("mxc").setEnabled(true).setRateKelvinPerMinute(0.001)).build());
            setpoint(h, 0.200);
            assertTrue(loop.ramping());
            double worst = 0;
            int lastZone = loop.zone();
            int switches = 0;
            double worstAroundSwitch = 0;
            int sinceSwitch = Integer.MAX_VALUE;
            double worstAwayFromSwitch = 0;
            int steps = (int) Math.round(151 * 60 / TICK_SECONDS);
            for (int i = 0; i < steps; i++) {
                h.driver.step();
                double e = Math.abs(h.mxcKelvin() - loop.setpointKelvin());
                worst = Math.max(worst, e);
                if (loop.zone() != lastZone) {
                    switches++;
                    lastZone = loop.zone();
                    sinceSwitch = 0;
                }
                if (sinceSwitch < 600) { // the minute after a zone switch
                    worstAroundSwitch = Math.max(worstAroundSwitch, e);
                    sinceSwitch++;
                } else {
                    worstAwayFromSwitch = Math.max(worstAwayFromSwitch, e);
                }
            }
            System.out.printf("ramp 50->200 mK at 1 mK/min: worst tracking error %.3g µK; after zone switches %.3g µK, elsewhere %.3g µK; %d switch(es)%n",
                    worst * 1e6, worstAroundSwitch * 1e6, worstAwayFromSwitch * 1e6, switches);
            assertFalse(loop.ramping(), "ramp finished");
            assertEquals(0.200, loop.setpointKelvin(), 1e-12);
            assertEquals(1, switches, "crossed the 70 mK zone boundary once");
            assertTrue(worst < 1e-3, "tracks the ramp within 1 mK, worst " + worst * 1e3 + " mK");
            // no bump: the minute after the switch is no worse than the rest of the ramp (with a 50 % margin for noise)
            assertTrue(worstAroundSwitch <= 1.5 * worstAwayFromSwitch,
                    "zone switch is bumpless: " + worstAroundSwitch * 1e6 + " µK after vs " + worstAwayFromSwitch * 1e6 + " µK elsewhere");
        }
    }

    /** RMS temperature noise of the sensor reading at a temperature: relative resistance noise over |dlnR/dlnT|. */
    static double sensorNoiseFloorKelvin(SimHarness h, double kelvin) {
        SensorModel s = h.board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER);
        double dt = kelvin * 1e-4;
        double dlnR = Math.log(s.unitsAt(kelvin + dt)) - Math.log(s.unitsAt(kelvin - dt));
        double dlnT = Math.log(kelvin + dt) - Math.log(kelvin - dt);
        return s.relativeNoise() / Math.abs(dlnR / dlnT) * kelvin;
    }

    static void setpoint(SimHarness h, double kelvin) {
        submit(h, Command.newBuilder().setCorrelationId("sp-" + kelvin)
                .setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(kelvin)).build());
        assertTrue(h.results.get(h.results.size() - 1).startsWith("accepted"), h.results.get(h.results.size() - 1));
    }

    static void submit(SimHarness h, Command c) {
        assertTrue(h.controller.submit(c));
        h.controller.awaitIdle();
    }

    private static String pct(double f) {
        return String.format("%.3f %%", f * 100);
    }

    static double mxc(SimHarness h) {
        return h.board.plant().temperatureKelvin(StageId.MXC);
    }
}
