package cryo.controller.interlock;

import cryo.sim.fault.FaultKind;
import cryo.sim.fault.FaultInjector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.alarm.AlarmRecord;
import cryo.hal.cmos.CryoCmosBoard;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.AlarmCause;
import cryo.v1.Command;
import cryo.v1.LoopMode;
import cryo.v1.SetManualOutput;
import cryo.v1.SetMode;
import cryo.v1.SetSetpoint;
import cryo.v1.SetWarmup;
import cryo.v1.StartAutotune;
import org.junit.jupiter.api.Test;

/**
 * Warm-up mode on the five-stage cryostat at base (DefaultConfig.cryostat, 1 s tick, lock-step,
 * seeded): refused while a cold-stage loop heats and heat refused on a cold loop while it is on;
 * the cold stages' limits and comparators stand down, the plates' checks and the heater readback
 * stay armed; switched off, the cold-stage checks re-arm as after a cooldown from room temperature.
 * The full 30 h warm-up is SimScenarioTest.
 */
class WarmupModeTest {
    private static final int STILL_LOOP = 2;
    private static final int MXC_LOOP = 3;
    private static final int PLATE_4K = 1;
    private static final int STILL = 2;
    private static final int MXC = SimulatedBoards.MXC_THERMOMETER;
    private static final int MXC_TWIN = SimulatedBoards.MXC_REDUNDANT_THERMOMETER;
    private static final int PLATE_4K_HEATER = 1;
    private static final int STILL_HEATER = 2;

    private static Command.Builder warmup(boolean on) {
        return Command.newBuilder().setSetWarmup(SetWarmup.newBuilder().setEnabled(on));
    }

    private static Command.Builder mode(String loop, LoopMode m) {
        return Command.newBuilder().setSetMode(SetMode.newBuilder().setLoopId(loop).setMode(m));
    }

    private static SafetyHarness atBase(long seed) throws Exception {
        return SafetyHarness.cryostatAtBase(seed, 0.030, 300);
    }

    /** At base with the still and mixing-chamber loops off and warm-up on. */
    private static SafetyHarness warmingUp(long seed) throws Exception {
        SafetyHarness h = atBase(seed);
        assertTrue(h.command(mode("still", LoopMode.LOOP_MODE_OFF)).startsWith("accepted"));
        assertTrue(h.command(mode("mxc", LoopMode.LOOP_MODE_OFF)).startsWith("accepted"));
        String on = h.command(warmup(true));
        assertTrue(on.startsWith("accepted: warm-up mode on"), on);
        return h;
    }

    private static int comparatorMode(SafetyHarness h, int heater) throws Exception {
        int[] comp = new int[3];
        new CryoCmosBoard(h.board).readRegisters(CryoCmosRegisters.heater(heater, CryoCmosRegisters.HEATER_COMP_CHANNEL), 3, comp);
        return comp[2];
    }

    /** Both mixing-chamber thermometers read {@code kelvin} (they are cross-checked). */
    private static void mockMxc(SafetyHarness h, double kelvin) {
        h.board.mockTemperatureKelvin(MXC, kelvin);
        h.board.mockTemperatureKelvin(MXC_TWIN, kelvin);
    }

    private static boolean alarmRaised(SafetyHarness h, AlarmCause cause, int sensor) {
        for (int i = 0; i < h.controller.alarms().count(); i++) {
            AlarmRecord r = h.controller.alarms().get(i);
            if (r.cause() == cause && r.sensorIndex() == sensor) {
                return true;
            }
        }
        return false;
    }

    @Test
    void enablingIsRefusedWhileAColdLoopHeatsAndHeatOnAColdLoopIsRefusedDuringWarmup() throws Exception {
        try (SafetyHarness h = atBase(51)) {
            InterlockStage stage = h.controller.interlockStage();
            assertTrue(stage.comparatorArmed(MXC_LOOP) && stage.comparatorArmed(STILL_LOOP), "cold: comparators programmed");
            String both = h.command(warmup(true));
            assertEquals("refused: set_warmup refused: cold-stage loop(s) heating: still (LOOP_MODE_OPEN_LOOP at 0.015 W), mxc (LOOP_MODE_PID);"
                    + " switch them off first (warm-up stands down their limits and comparators)", both);
            assertTrue(h.command(mode("still", LoopMode.LOOP_MODE_OFF)).startsWith("accepted"));
            String mxcOnly = h.command(warmup(true));
            assertTrue(mxcOnly.startsWith("refused") && mxcOnly.contains("mxc (LOOP_MODE_PID)") && !mxcOnly.contains("still"), mxcOnly);
            h.run(2);
            assertFalse(stage.warmup().on(), "nothing changed");
            assertFalse(h.latestStatus().getInterlock().getWarmup());
            assertTrue(stage.comparatorArmed(MXC_LOOP), "the mixing chamber's comparator stays programmed");
            assertEquals(CryoCmosRegisters.COMP_MODE_BELOW, comparatorMode(h, SimulatedBoards.MXC_HEATER));
            assertEquals(LoopMode.LOOP_MODE_PID, h.controller.loops()[MXC_LOOP].mode());
            assertTrue(h.mxcHeaterWatts() > 0, "the mixing chamber still regulates");

            assertTrue(h.command(mode("mxc", LoopMode.LOOP_MODE_OFF)).startsWith("accepted"));
            assertTrue(h.command(warmup(true)).startsWith("accepted: warm-up mode on"));
            h.run(2);
            assertTrue(stage.warmup().on());
            assertTrue(h.latestStatus().getInterlock().getWarmup(), "Status.interlock.warmup");

            String pid = h.command(mode("mxc", LoopMode.LOOP_MODE_PID));
            assertEquals("refused: set_mode.mode LOOP_MODE_PID refused: warm-up mode is on and loop mxc is on a cold stage whose limits"
                    + " and comparator stand down; switch warm-up off first", pid);
            assertTrue(h.command(mode("still", LoopMode.LOOP_MODE_ZONE)).contains("loop still is on a cold stage"));
            String manual = h.command(Command.newBuilder().setSetManualOutput(SetManualOutput.newBuilder().setLoopId("still").setOutputWatts(0.01)));
            assertTrue(manual.startsWith("refused: set_manual_output.output_watts 0.01 refused") && manual.contains("loop still"), manual);
            String tune = h.command(Command.newBuilder().setStartAutotune(StartAutotune.newBuilder().setLoopId("mxc").setStepWatts(1e-6)
                    .setAmplitudeLimitKelvin(1e-3).setTimeoutSeconds(60)));
            assertTrue(tune.startsWith("refused: start_autotune refused") && tune.contains("loop mxc"), tune);
            assertTrue(h.command(mode("still", LoopMode.LOOP_MODE_OPEN_LOOP)).startsWith("accepted"), "open loop at zero heats nothing");
            assertTrue(h.command(mode("4k", LoopMode.LOOP_MODE_PID)).startsWith("accepted"), "the plates' heaters are what warms the fridge");
            h.run(5);
            assertEquals(LoopMode.LOOP_MODE_OFF, h.controller.loops()[MXC_LOOP].mode(), "nothing changed on the mixing chamber");
            assertEquals(0.0, h.mxcHeaterWatts());
            assertEquals(0.0, h.board.heaterPowerWatts(STILL_HEATER));
            assertTrue(h.board.heaterPowerWatts(PLATE_4K_HEATER) > 0);
            assertFalse(h.controller.interlock().tripped(), () -> "no trip: " + h.controller.interlock().cause());
            assertTrue(h.command(warmup(true)).startsWith("accepted: warm-up mode already on"));
        }
    }

    @Test
    void warmupStandsDownTheColdStagesLimitsAndWritesTheirComparatorsOff() throws Exception {
        try (SafetyHarness h = warmingUp(52)) {
            InterlockStage stage = h.controller.interlockStage();
            assertFalse(stage.comparatorArmed(MXC_LOOP) || stage.comparatorArmed(STILL_LOOP));
            assertEquals(CryoCmosRegisters.COMP_MODE_OFF, comparatorMode(h, SimulatedBoards.MXC_HEATER), "written off and read back");
            assertEquals(CryoCmosRegisters.COMP_MODE_OFF, comparatorMode(h, STILL_HEATER));
            // past the 30 K software limits and the 36 K comparators, inside the RuOx curves
            mockMxc(h, 38.0);
            h.board.mockTemperatureKelvin(STILL, 38.0);
            h.run(600);
            assertFalse(h.controller.interlock().tripped(), () -> "no trip: " + h.controller.interlock().cause());
            assertEquals(0, h.board.faultFlags() & CryoCmosRegisters.FAULT_COMPARATOR, "no board comparator watches them");
            assertEquals(0, h.controller.alarms().count(), "not even a warning");
        }
    }

    @Test
    void aPlateHeaterDriverStuckOnStillTripsDuringWarmup() throws Exception {
        try (SafetyHarness h = warmingUp(53)) {
            new FaultInjector(h.board).injectChannel(FaultKind.HEATER_FORCED_POWER, PLATE_4K_HEATER, 0.05); // 4 K plate heater off, its driver delivers 50 mW
            h.run(5);
            assertTrue(h.controller.interlock().tripped());
            assertEquals(AlarmCause.HEATER_READBACK_MISMATCH, h.controller.interlock().cause());
            assertEquals(PLATE_4K, h.controller.interlock().stageIndex());
            assertEquals(0.0, h.board.heaterPowerWatts(PLATE_4K_HEATER), "the relay cut it");
        }
    }

    @Test
    void aPlateOverTemperatureStillTripsDuringWarmup() throws Exception {
        try (SafetyHarness h = warmingUp(54)) {
            h.command(Command.newBuilder().setSetSetpoint(SetSetpoint.newBuilder().setLoopId("4k").setSetpointKelvin(290)));
            assertTrue(h.command(mode("4k", LoopMode.LOOP_MODE_PID)).startsWith("accepted"));
            h.run(5);
            h.board.mockTemperatureKelvin(PLATE_4K, 323.0); // above its 320 K limit, inside the Cernox curve
            h.run(6);
            assertTrue(h.controller.interlock().tripped());
            assertEquals(AlarmCause.OVER_TEMPERATURE, h.controller.interlock().cause());
            assertEquals(PLATE_4K, h.controller.interlock().stageIndex());
            assertEquals(320.0, h.controller.interlock().limit(), 1e-9);
        }
    }

    @Test
    void switchedOffTheColdStagesLimitsAndComparatorsReArmOnlyOnceTheyReadColdAgain() throws Exception {
        try (SafetyHarness h = warmingUp(55)) {
            InterlockStage stage = h.controller.interlockStage();
            mockMxc(h, 38.0);
            h.run(60);
            String off = h.command(warmup(false));
            assertTrue(off.startsWith("accepted: warm-up mode off"), off);
            h.run(120);
            assertFalse(h.controller.interlock().tripped(), "switched off while warm: the limits wait for the stage to come down");
            assertFalse(stage.comparatorArmed(MXC_LOOP), "38 K: above the comparator's 36 K");
            assertEquals(CryoCmosRegisters.COMP_MODE_OFF, comparatorMode(h, SimulatedBoards.MXC_HEATER));
            assertFalse(h.latestStatus().getInterlock().getWarmup());

            mockMxc(h, 33.0); // cooling: below the comparator, still above the 30 K software limit
            h.run(5);
            assertTrue(stage.comparatorArmed(MXC_LOOP), "programmed through the start-up path once the stage reads cold");
            assertEquals(CryoCmosRegisters.COMP_MODE_BELOW, comparatorMode(h, SimulatedBoards.MXC_HEATER));
            assertFalse(h.controller.interlock().tripped(), "the software limit is not armed yet at 33 K");

            mockMxc(h, 20.0); // below the limit: armed
            h.run(5);
            assertFalse(h.controller.interlock().tripped());
            mockMxc(h, 37.0); // warm again: the board's comparator cuts at once, the software limit after its samples
            assertTrue((h.board.faultFlags() & CryoCmosRegisters.FAULT_COMPARATOR) != 0, "the re-armed board comparator latched");
            h.run(6);
            assertTrue(h.controller.interlock().tripped());
            assertTrue(alarmRaised(h, AlarmCause.OVER_TEMPERATURE, MXC), "OVER_TEMPERATURE on the mixing chamber");
        }
    }
}
