package cryo.controller.interlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.alarm.AlarmRecord;
import cryo.controller.app.Controller;
import cryo.controller.config.ConfigLoader;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.InterlockConfig;
import cryo.controller.config.OverTemperatureLimit;
import cryo.controller.ring.ControlRing;
import cryo.hal.device.StageId;
import cryo.sim.board.LockStepDriver;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.sim.fault.FaultInjector;
import cryo.sim.fault.FaultKind;
import cryo.sim.plant.PlantParameters;
import cryo.v1.AlarmCause;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The shipped cryo-cryostat.yaml's interlock section (what {@code cryo run} watches): its limits
 * are the per-stage defaults written out, and with its plate thermometers the cooling-loss check
 * runs — a stopped pulse tube trips COOLING_LOSS on the cold cryostat, and an hour of normal
 * running with pulse-tube ripple trips nothing. Lock-step, virtual time, seeded.
 */
class ShippedCryostatInterlocksTest {
    /** Sensor order in the shipped file: the plates come after the original four, so status lines still begin with mxc. */
    private static final String[] STAGES = {"mxc", "still", "cold-plate", "sample", "50k", "4k"};
    private static final int PLATE_4K_SENSOR = 5;
    /** The simulated 4 K plate warms 1 K within 1.4 s of the pulse tube stopping (measured, seed 41); FaultMatrixTest's cryostat row: 5 s at a 1 s tick. */
    private static final double COOLING_LOSS_DEADLINE_SECONDS = 5;
    private static final double NORMAL_RUN_SECONDS = 3600;

    @Test
    void theShippedLimitsAreTheStageDefaultsWrittenOut() {
        ControllerConfig cfg = ConfigLoader.loadShipped(ConfigLoader.CRYOSTAT_RESOURCE);
        List<String> stages = new ArrayList<>();
        cfg.sensors().forEach(s -> stages.add(s.stageId()));
        assertEquals(List.of(STAGES), stages);
        // the differences from the code's stage defaults: the still trips at 5 K (default 10 K), as the
        // file's walking-skeleton overTemperature list always had it (its comparator stays at the default
        // 12 K); the mixing chamber's loop has the cryostat's windows (its liquid answers in a minute)
        InterlockConfig expected = InterlockConfig.defaults(cfg.sensors(), cfg.loops(), List.of(new OverTemperatureLimit(1, 5.0, 4)))
                .withLoop(cryo.controller.config.DefaultConfig.cryostatMixingChamberInterlock("mxc"));
        assertEquals(expected, cfg.interlocks());
        assertEquals(InterlockConfig.defaultSensor(1, StageId.STILL).comparatorKelvin(), cfg.interlocks().sensor(1).comparatorKelvin());
        assertEquals(1.0, cfg.interlocks().sensor(PLATE_4K_SENSOR).coolingLossRiseKelvin(), "the 4 K plate is watched for cooling loss");
        assertEquals(5.0, cfg.interlocks().sensor(4).coolingLossRiseKelvin(), "so is the 50 K plate");
    }

    @Test
    void aStoppedPulseTubeTripsCoolingLossAndAnHourOfNormalRunningTripsNothing() throws Exception {
        ControllerConfig cfg = ConfigLoader.loadShipped(ConfigLoader.CRYOSTAT_RESOURCE);
        SimulatedBoard board = SimulatedBoards.cryostatAtBase(PlantParameters.defaults().withPulseTubeRipple(), 41);
        try (Controller c = Controller.create(cfg, board, board.clock(), ControlRing.defaultWaitStrategy(), (cmd, ok, why, t) -> { })
                .start()) {
            LockStepDriver driver = new LockStepDriver(board, cfg.tickIntervalSeconds(), c::step);
            double dt = cfg.tickIntervalSeconds();
            // normal running: the shipped loops at 20 mK and 0.8 K, the pulse tube rippling on the plates
            double plate4kMin = Double.MAX_VALUE;
            double plate4kMax = 0;
            for (int i = 0; i < NORMAL_RUN_SECONDS / dt; i++) {
                driver.step();
                double k = board.plant().temperatureKelvin(StageId.PLATE_4K);
                plate4kMin = Math.min(plate4kMin, k);
                plate4kMax = Math.max(plate4kMax, k);
            }
            assertFalse(c.interlock().tripped(), "no trip in an hour of normal running: " + c.interlock().cause());
            assertEquals(0, c.interlock().alarms().count(), "no alarm, not even a warning, in an hour of normal running");
            double before50k = board.plant().temperatureKelvin(StageId.PLATE_50K);
            double before4k = board.plant().temperatureKelvin(StageId.PLATE_4K);

            new FaultInjector(board).inject(FaultKind.PULSE_TUBE_STOP, null, 0);
            double detected = Double.NaN;
            List<AlarmCause> raised = new ArrayList<>();
            for (int i = 1; i <= (COOLING_LOSS_DEADLINE_SECONDS + 10) / dt && Double.isNaN(detected); i++) {
                driver.step();
                for (int a = 0; a < c.interlock().alarms().count(); a++) {
                    AlarmRecord r = c.interlock().alarms().get(a);
                    if (!raised.contains(r.cause())) {
                        raised.add(r.cause());
                    }
                    if (r.cause() == AlarmCause.COOLING_LOSS && r.sensorIndex() == PLATE_4K_SENSOR) {
                        detected = i * dt;
                    }
                }
            }
            System.out.printf(Locale.ROOT, "shipped cryo-cryostat.yaml, pulse tube stopped after %.0f s of normal running "
                    + "(4 K plate %.4f..%.4f K with ripple): COOLING_LOSS on the 4 K plate after %.1f s "
                    + "(4 K plate %.3f -> %.3f K, 50 K plate %.3f -> %.3f K); alarms %s%n", NORMAL_RUN_SECONDS, plate4kMin, plate4kMax,
                    detected, before4k, board.plant().temperatureKelvin(StageId.PLATE_4K), before50k,
                    board.plant().temperatureKelvin(StageId.PLATE_50K), raised);
            assertTrue(detected <= COOLING_LOSS_DEADLINE_SECONDS, "COOLING_LOSS on the 4 K plate within "
                    + COOLING_LOSS_DEADLINE_SECONDS + " s, was " + detected + " s; alarms " + raised);
            assertTrue(c.interlock().tripped());
            assertEquals(AlarmCause.COOLING_LOSS, c.interlock().cause(), "the first cause is the cooling loss");
            driver.step();
            assertEquals(0.0, board.heaterPowerWatts(SimulatedBoards.MXC_HEATER), 0.0, "the safe state: mixing-chamber heater off");
            assertEquals(0.0, board.heaterPowerWatts(SimulatedBoards.CRYOSTAT_HEATER[StageId.STILL.ordinal()]), 0.0, "still heater off");
        }
    }
}
