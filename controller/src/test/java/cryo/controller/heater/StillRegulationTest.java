package cryo.controller.heater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.app.Controller;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.ring.ControlRing;
import cryo.hal.calibration.CalibrationCurve;
import cryo.hal.device.StageId;
import cryo.sim.board.LockStepDriver;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.sim.plant.CryostatPlant;
import cryo.sim.plant.PlantParameters;
import cryo.v1.Command;
import cryo.v1.LoopMode;
import cryo.v1.SetMode;
import cryo.v1.SetRamp;
import cryo.v1.SetSetpoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The still held at 0.8 K by {@link DefaultConfig#stillLoop()} on the five-stage simulated plant
 * (lock-step, seeded sensor noise, starting at base) while the mixing chamber, in zone mode with
 * the shipped zone table, moves 20 → 50 → 100 → 500 mK and back across all its zone boundaries.
 *
 * <p>The mixing chamber's setpoint moves with the loop's ramp (10 mK/min), as an operator runs
 * a Lake Shore zone table: a step straight to 500 mK puts 10 mW of heater into the dilution unit
 * within seconds, a load step on the still that no still gain hides in its noise. What this test
 * asks of the zone switches themselves is that neither loop notices them.
 */
class StillRegulationTest {
    private static final double TICK_SECONDS = 0.1;
    private static final double STILL_SETPOINT_KELVIN = 0.8;
    private static final double MXC_RAMP_KELVIN_PER_MINUTE = 0.010;
    private static final int STILL = 2;
    private static final int MXC = 3;

    @Test
    void stillHeldAtEightHundredMillikelvinWhileTheMixingChamberStepsThroughItsZonesWithoutABump() throws Exception {
        SimulatedBoard board = SimulatedBoards.cryostat(CryostatPlant.cooledToBase(PlantParameters.defaults(), 0.018), 41);
        CalibrationCurve[] curves = new CalibrationCurve[6];
        for (int ch = 0; ch < curves.length; ch++) {
            curves[ch] = board.wiring().sensor(ch).curve();
        }
        ControllerConfig cfg = DefaultConfig.cryostat("still-test", TICK_SECONDS, curves);
        List<String> refused = new ArrayList<>();
        try (Controller c = Controller.create(cfg, board, board.clock(), ControlRing.defaultWaitStrategy(), (cmd, ok, why, t) -> {
            if (!ok) {
                synchronized (refused) {
                    refused.add(why);
                }
            }
        }).start()) {
            HeaterLoop still = c.loops()[STILL];
            HeaterLoop mxc = c.loops()[MXC];
            assertEquals("still", still.loopId());
            assertEquals("mxc", mxc.loopId());
            LockStepDriver driver = new LockStepDriver(board, TICK_SECONDS, c::step);
            // the operator's start: still under PID at its configured 0.8 K, mxc ramping in zone mode from 20 mK
            submit(c, Command.newBuilder().setCorrelationId("1").setSetMode(SetMode.newBuilder().setLoopId("still").setMode(LoopMode.LOOP_MODE_PID)).build());
            submit(c, Command.newBuilder().setCorrelationId("2").setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(0.020)).build());
            submit(c, Command.newBuilder().setCorrelationId("3").setSetRamp(SetRamp.newBuilder().setLoopId("mxc").setEnabled(true)
                    .setRateKelvinPerMinute(MXC_RAMP_KELVIN_PER_MINUTE)).build());
            submit(c, Command.newBuilder().setCorrelationId("4").setSetMode(SetMode.newBuilder().setLoopId("mxc").setMode(LoopMode.LOOP_MODE_ZONE)).build());
            assertTrue(refused.isEmpty(), refused.toString());
            assertEquals(STILL_SETPOINT_KELVIN, still.setpointKelvin(), 0.0);
            driver.run(300); // five minutes to settle both loops

            // the noise, measured while nothing switches: ten quiet minutes
            int quietSteps = (int) Math.round(600 / TICK_SECONDS);
            double[] reading = new double[quietSteps];
            double trueSum = 0;
            for (int i = 0; i < quietSteps; i++) {
                driver.step();
                reading[i] = still.measurementKelvin();
                trueSum += stillKelvin(board);
            }
            double readingMean = mean(reading);
            double readingNoiseKelvin = rms(reading, readingMean);
            double quietTrueMeanKelvin = trueSum / quietSteps;
            assertEquals(STILL_SETPOINT_KELVIN, readingMean, readingNoiseKelvin, "the still reads 0.8 K on average");
            assertTrue(still.settled(), "still settled");
            assertEquals(0, mxc.zone(), "20 mK is zone 0");

            // the mixing chamber across every zone boundary and back, a trace of each tick
            double[] targets = {0.050, 0.100, 0.500, 0.100, 0.050, 0.020};
            int maxSteps = (int) Math.round(3 * 3600 / TICK_SECONDS);
            double[] stillTrace = new double[maxSteps];
            double[] mxcOut = new double[maxSteps];
            List<Integer> switchAt = new ArrayList<>();
            int n = 0;
            int zone = mxc.zone();
            for (double target : targets) {
                submit(c, Command.newBuilder().setCorrelationId("sp-" + target).setSetSetpoint(
                        SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(target)).build());
                int hold = 0;
                // the ramp, then five minutes' hold: the chamber's liquid answers in about a minute
                while (mxc.ramping() || hold < (int) Math.round(300 / TICK_SECONDS)) {
                    if (!mxc.ramping()) {
                        hold++;
                    }
                    driver.step();
                    stillTrace[n] = stillKelvin(board);
                    mxcOut[n] = mxc.outputWatts();
                    if (mxc.zone() != zone) {
                        switchAt.add(n);
                        zone = mxc.zone();
                    }
                    n++;
                }
                assertEquals(target, mxcKelvin(board), 0.01 * target, "mixing chamber reached " + target * 1e3 + " mK");
                assertFalse(c.interlock().tripped(), "no trip at " + target * 1e3 + " mK: " + c.interlock().cause());
            }
            assertTrue(refused.isEmpty(), refused.toString());
            assertEquals(6, switchAt.size(), "zones 0→1→2→3 and back 3→2→1→0");

            // the bound: the still's reading noise (RMS over the quiet ten minutes). The still's
            // true temperature may not leave the quiet mean by more than that in the 30 s before
            // and the 60 s after any zone switch: a bump would have to hide inside one reading's noise.
            int before = (int) Math.round(30 / TICK_SECONDS);
            int after = (int) Math.round(60 / TICK_SECONDS);
            int preWindow = (int) Math.round(10 / TICK_SECONDS);
            double worstStill = 0;
            for (int k = 0; k < switchAt.size(); k++) {
                int at = switchAt.get(k);
                double dev = 0;
                for (int i = Math.max(0, at - before); i < Math.min(n, at + after); i++) {
                    dev = Math.max(dev, Math.abs(stillTrace[i] - quietTrueMeanKelvin));
                }
                worstStill = Math.max(worstStill, dev);
                // the mixing chamber heater at the switch: the change over the switching tick is no
                // larger than the loop's ordinary tick-to-tick changes (sensor noise through P) with
                // the old zone's gains just before or the new zone's just after
                double ordinary = 0;
                for (int i = at - preWindow; i < Math.min(n, at + preWindow + 1); i++) {
                    if (i != at) {
                        ordinary = Math.max(ordinary, Math.abs(mxcOut[i] - mxcOut[i - 1]));
                    }
                }
                double jump = Math.abs(mxcOut[at] - mxcOut[at - 1]);
                System.out.printf("zone switch %d: still within %.3g µK of its quiet mean (noise %.3g µK); mxc output %.4g W, "
                                + "change at the switch %.3g W, largest ordinary tick change within 10 s %.3g W%n",
                        k + 1, dev * 1e6, readingNoiseKelvin * 1e6, mxcOut[at], jump, ordinary);
                assertTrue(dev < readingNoiseKelvin, "zone switch " + (k + 1) + ": the still moved " + dev * 1e6
                        + " µK from its quiet mean, more than its reading noise of " + readingNoiseKelvin * 1e6 + " µK");
                assertTrue(jump <= ordinary, "zone switch " + (k + 1) + " is bumpless on the mixing chamber heater: "
                        + jump + " W at the switch, ordinary changes up to " + ordinary + " W");
            }
            double worstAnywhere = 0;
            for (int i = 0; i < n; i++) {
                worstAnywhere = Math.max(worstAnywhere, Math.abs(stillTrace[i] - quietTrueMeanKelvin));
            }
            System.out.printf("still at 0.8 K: reading noise %.3g µK RMS; true temperature %.3g µK below the setpoint on average "
                            + "(self-heating); worst excursion around zone switches %.3g µK, over the whole %.0f min of mxc ramps %.3g µK%n",
                    readingNoiseKelvin * 1e6, (STILL_SETPOINT_KELVIN - quietTrueMeanKelvin) * 1e6, worstStill * 1e6,
                    n * TICK_SECONDS / 60, worstAnywhere * 1e6);
        }
    }

    private static void submit(Controller c, Command cmd) {
        assertTrue(c.submit(cmd));
        c.awaitIdle();
    }

    private static double stillKelvin(SimulatedBoard board) {
        return board.plant().temperatureKelvin(StageId.STILL);
    }

    private static double mxcKelvin(SimulatedBoard board) {
        return board.plant().temperatureKelvin(StageId.MXC);
    }

    private static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double rms(double[] x, double mean) {
        double s = 0;
        for (double v : x) {
            s += (v - mean) * (v - mean);
        }
        return Math.sqrt(s / x.length);
    }
}
