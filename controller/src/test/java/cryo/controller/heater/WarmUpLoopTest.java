package cryo.controller.heater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.app.Controller;
import cryo.controller.config.ConfigLoader;
import cryo.controller.config.ControllerConfig;
import cryo.controller.ring.ControlRing;
import cryo.hal.device.StageId;
import cryo.sim.board.LockStepDriver;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.sim.fault.FaultInjector;
import cryo.sim.fault.FaultKind;
import cryo.v1.AlarmCause;
import cryo.v1.Command;
import cryo.v1.LoopMode;
import cryo.v1.SetMode;
import cryo.v1.SetSetpoint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The warm-up loops of the shipped cryo-cryostat.yaml on the five-stage simulated plant
 * (lock-step, seeded): off at base (no heat against the pulse tube), and switched on they warm
 * their plate to a setpoint and hold it while mixing chamber and still stay regulated, no trip.
 */
class WarmUpLoopTest {
    private static final double TICK_SECONDS = 0.1;

    /** The shipped controller on the cold cryostat, with the commands' refusals collected. */
    private static final class Rig implements AutoCloseable {
        final SimulatedBoard board = SimulatedBoards.cryostatAtBase(23);
        final List<String> refused = new ArrayList<>();
        final Controller c;
        final LockStepDriver driver;

        Rig(ControllerConfig cfg) throws Exception {
            c = Controller.create(cfg, board, board.clock(), ControlRing.defaultWaitStrategy(), (cmd, ok, why, t) -> {
                if (!ok) {
                    synchronized (refused) {
                        refused.add(why);
                    }
                }
            }).start();
            driver = new LockStepDriver(board, TICK_SECONDS, c::step);
        }

        HeaterLoop loop(String id) {
            for (HeaterLoop l : c.loops()) {
                if (l.loopId().equals(id)) {
                    return l;
                }
            }
            throw new AssertionError("no loop " + id);
        }

        void warm(String loopId, double setpointKelvin) {
            submit(Command.newBuilder().setCorrelationId("sp").setSetSetpoint(SetSetpoint.newBuilder().setLoopId(loopId).setSetpointKelvin(setpointKelvin)));
            submit(Command.newBuilder().setCorrelationId("pid").setSetMode(SetMode.newBuilder().setLoopId(loopId).setMode(LoopMode.LOOP_MODE_PID)));
            assertTrue(refused.isEmpty(), refused.toString());
        }

        private void submit(Command.Builder b) {
            assertTrue(c.submit(b.build()));
            c.awaitIdle();
        }

        double kelvin(StageId stage) {
            return board.plant().temperatureKelvin(stage);
        }

        @Override
        public void close() {
            c.close();
        }
    }

    /** Steps until the loop has settled (or the limit); returns the highest true plate temperature seen. */
    private static double settle(Rig r, HeaterLoop l, StageId plate, double limitSeconds) {
        double max = 0;
        for (int i = 0; i < limitSeconds / TICK_SECONDS && !l.settled(); i++) {
            r.driver.step();
            max = Math.max(max, r.kelvin(plate));
        }
        assertTrue(l.settled(), l.loopId() + " settled within " + limitSeconds + " s");
        return max;
    }

    /** RMS of the plate's true temperature about the setpoint over a hold. */
    private static double holdRms(Rig r, StageId plate, double setpointKelvin, double seconds) {
        double sq = 0;
        int n = (int) Math.round(seconds / TICK_SECONDS);
        for (int i = 0; i < n; i++) {
            r.driver.step();
            double e = r.kelvin(plate) - setpointKelvin;
            sq += e * e;
        }
        return Math.sqrt(sq / n);
    }

    @Test
    void theFourKelvinPlateWarmsToTenKelvinAndHoldsItAndAStoppedPulseTubeStillTrips() throws Exception {
        ControllerConfig cfg = ConfigLoader.loadShipped(ConfigLoader.CRYOSTAT_RESOURCE);
        try (Rig r = new Rig(cfg)) {
            HeaterLoop plate = r.loop("4k");
            HeaterLoop mxc = r.loop("mxc");
            HeaterLoop still = r.loop("still");
            assertEquals(LoopMode.LOOP_MODE_OFF, plate.mode(), "warm-up loops start off");
            assertEquals(LoopMode.LOOP_MODE_OFF, r.loop("50k").mode());
            r.driver.run(300);
            assertEquals(0.0, r.board.heaterPowerWatts(SimulatedBoards.CRYOSTAT_HEATER[StageId.PLATE_4K.ordinal()]), 0.0,
                    "at base the 4 K heater puts nothing against the pulse tube");
            assertEquals(0.0, r.board.heaterPowerWatts(SimulatedBoards.CRYOSTAT_HEATER[StageId.PLATE_50K.ordinal()]), 0.0);
            double baseKelvin = r.kelvin(StageId.PLATE_4K);

            r.warm("4k", 10.0);
            double max = settle(r, plate, StageId.PLATE_4K, 600);
            double overshootPercent = Math.max(0, max - 10.0) / (10.0 - baseKelvin) * 100;
            double rms = holdRms(r, StageId.PLATE_4K, 10.0, 1800);
            System.out.printf(Locale.ROOT, "4 K plate %.3f -> 10 K: overshoot %.3f %% of the step, RMS error over 30 min %.3g mK, "
                    + "heater %.3g W; mxc %.4f mK, still %.5f K%n", baseKelvin, overshootPercent, rms * 1e3, plate.outputWatts(),
                    r.kelvin(StageId.MXC) * 1e3, r.kelvin(StageId.STILL));
            assertTrue(overshootPercent < 2, "overshoot " + overshootPercent + " % of the step");
            assertTrue(rms < 5e-3, "held at 10 K: RMS error " + rms * 1e3 + " mK, bound 5 mK");
            assertTrue(plate.outputWatts() > 0 && plate.outputWatts() < plate.rangeMaxWatts(), "regulating inside range 8");
            assertTrue(mxc.settled() && still.settled(), "mixing chamber and still stay regulated");
            assertFalse(r.c.interlock().tripped(), "no trip: " + r.c.interlock().cause());
            assertEquals(0, r.c.interlock().alarms().count(), "no alarm, not even a warning");

            // a plate whose loop puts out heat is not judged for cooling loss; once the stopped
            // pulse tube has warmed it past the setpoint the output falls to zero and the check trips
            new FaultInjector(r.board).inject(FaultKind.PULSE_TUBE_STOP, null, 0);
            double tripSeconds = Double.NaN;
            for (int i = 1; i <= 300 / TICK_SECONDS && Double.isNaN(tripSeconds); i++) {
                r.driver.step();
                if (r.c.interlock().tripped()) {
                    tripSeconds = i * TICK_SECONDS;
                }
            }
            System.out.printf(Locale.ROOT, "pulse tube stopped with the 4 K plate held at 10 K: %s after %.1f s%n",
                    r.c.interlock().cause(), tripSeconds);
            assertEquals(AlarmCause.COOLING_LOSS, r.c.interlock().cause(), "tripped on cooling loss after " + tripSeconds + " s");
            assertTrue(tripSeconds < 120, "within two minutes: " + tripSeconds + " s");
            r.driver.step();
            assertEquals(0.0, r.board.heaterPowerWatts(SimulatedBoards.CRYOSTAT_HEATER[StageId.PLATE_4K.ordinal()]), 0.0,
                    "the safe state: 4 K heater off");
        }
    }

    @Test
    void theFiftyKelvinPlateWarmsToFortyFiveKelvinAndHoldsIt() throws Exception {
        // 25 W against the running first stage lifts the 50 K plate to ~48 K at most: 45 K is in reach
        ControllerConfig cfg = ConfigLoader.loadShipped(ConfigLoader.CRYOSTAT_RESOURCE);
        try (Rig r = new Rig(cfg)) {
            HeaterLoop plate = r.loop("50k");
            r.driver.run(300);
            double baseKelvin = r.kelvin(StageId.PLATE_50K);
            r.warm("50k", 45.0);
            double max = settle(r, plate, StageId.PLATE_50K, 1800);
            // settled is judged within 0.1 K (the file's band for a warm-up loop); the last of
            // the overshoot takes ten more minutes to leave
            for (int i = 0; i < 600 / TICK_SECONDS; i++) {
                r.driver.step();
                max = Math.max(max, r.kelvin(StageId.PLATE_50K));
            }
            double overshootPercent = Math.max(0, max - 45.0) / (45.0 - baseKelvin) * 100;
            double rms = holdRms(r, StageId.PLATE_50K, 45.0, 1200);
            System.out.printf(Locale.ROOT, "50 K plate %.3f -> 45 K: overshoot %.3f %% of the step, RMS error over 20 min %.3g mK, "
                    + "heater %.3g W; 4 K plate %.3f K%n", baseKelvin, overshootPercent, rms * 1e3, plate.outputWatts(),
                    r.kelvin(StageId.PLATE_4K));
            assertTrue(overshootPercent < 2, "overshoot " + overshootPercent + " % of the step");
            assertTrue(rms < 20e-3, "held at 45 K: RMS error " + rms * 1e3 + " mK, bound 20 mK");
            assertTrue(r.loop("mxc").settled() && r.loop("still").settled(), "mixing chamber and still stay regulated");
            assertFalse(r.c.interlock().tripped(), "no trip: " + r.c.interlock().cause());
            assertEquals(0, r.c.interlock().alarms().count(), "no alarm, not even a warning");
        }
    }
}
