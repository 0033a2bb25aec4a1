package cryo.controller.interlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.config.DefaultConfig;
import cryo.hal.calibration.CalibrationCurve;
import cryo.hal.cmos.CryoCmosBoard;
import cryo.hal.device.StageId;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.AlarmCause;
import cryo.v1.Command;
import cryo.v1.LoopMode;
import cryo.v1.SetManualOutput;
import cryo.v1.SetMode;
import org.junit.jupiter.api.Test;

/**
 * The board comparators on the RuOx stages of the cryostat: off while the stage is warm (a warm
 * RuOx reads below its curve, which a comparator takes for "too hot"), programmed and verified by
 * the interlock stage on the first tick the stage reads inside its curve, and then a hardware
 * cut-out that works with the software frozen.
 */
class ComparatorArmingTest {
    private static final int STILL_LOOP = 2;
    private static final int MXC_LOOP = 3;
    private static final int MXC = SimulatedBoards.MXC_THERMOMETER;

    @Test
    void cooldownFromRoomTemperatureArmsTheComparatorsOnceColdWithoutATripAndTheyCutOnTheirOwn() throws Exception {
        SimulatedBoard board = SimulatedBoards.cryostat(31);
        CalibrationCurve[] curves = new CalibrationCurve[6];
        for (int ch = 0; ch < curves.length; ch++) {
            curves[ch] = board.wiring().sensor(ch).curve();
        }
        try (SafetyHarness h = new SafetyHarness(board, DefaultConfig.cryostat("cmp", 1.0, curves), null, null)) {
            CryoCmosBoard reader = new CryoCmosBoard(board);
            int base = CryoCmosRegisters.heater(SimulatedBoards.MXC_HEATER, CryoCmosRegisters.HEATER_COMP_CHANNEL);
            int[] comp = new int[3];
            double comparatorKelvin = h.controller.config().interlocks().sensor(MXC).comparatorKelvin();
            assertEquals(36.0, comparatorKelvin, 1e-9, "shipped: 20 % above the 30 K software limit, inside the 40 K curve");
            h.driver.step();
            reader.readRegisters(base, 3, comp);
            assertEquals(CryoCmosRegisters.COMP_MODE_OFF, comp[2], "warm: the comparator stays off");
            assertFalse(h.controller.interlockStage().comparatorArmed(MXC_LOOP));

            // the pulse tube cools the fridge from room temperature; every tick: no trip, and the
            // comparator is on exactly when the stage has read inside its curve
            double armedAtKelvin = Double.NaN;
            long ticks = 0;
            long maxTicks = 4L * 24 * 3600;
            while (h.board.plant().temperatureKelvin(StageId.MXC) > 20.0 && ticks < maxTicks) {
                h.driver.step();
                ticks++;
                if (ticks % 8 == 0) {
                    h.latestStatus();
                }
                assertFalse(h.controller.interlock().tripped(), () -> "false trip during the cooldown: " + h.controller.interlock().cause());
                if (Double.isNaN(armedAtKelvin) && h.controller.interlockStage().comparatorArmed(MXC_LOOP)) {
                    armedAtKelvin = h.board.plant().temperatureKelvin(StageId.MXC);
                }
            }
            assertTrue(ticks < maxTicks, "the mixing chamber reached 20 K");
            assertEquals(0, h.controller.alarms().count(), "no alarm during the cooldown");
            assertTrue(armedAtKelvin < comparatorKelvin + 0.5 && armedAtKelvin > comparatorKelvin - 5,
                    "armed on the way down, near where the stage entered its curve below the limit: " + armedAtKelvin + " K");
            assertTrue(h.controller.interlockStage().comparatorArmed(STILL_LOOP), "the still's comparator too");
            reader.readRegisters(base, 3, comp);
            assertEquals(MXC, comp[0]);
            assertEquals((float) curves[MXC].toUnits(comparatorKelvin), Float.intBitsToFloat(comp[1]), "threshold through the curve");
            assertEquals(CryoCmosRegisters.COMP_MODE_BELOW, comp[2], "RuOx is NTC: trip below the threshold");

            // heat on the mixing chamber, then the software is frozen (no controller step): only the board acts
            h.command(Command.newBuilder().setSetMode(SetMode.newBuilder().setLoopId("mxc").setMode(LoopMode.LOOP_MODE_OPEN_LOOP)));
            h.command(Command.newBuilder().setSetManualOutput(SetManualOutput.newBuilder().setLoopId("mxc").setOutputWatts(1e-4)));
            h.run(2);
            assertTrue(h.mxcHeaterWatts() > 0, "heating");
            h.board.mockTemperatureKelvin(MXC, 37.0); // in the curve, above the 36 K comparator, not yet seen by software
            h.board.update(0.1);
            assertEquals(0.0, h.mxcHeaterWatts(), "the board's comparator cut the heater by itself");
            assertFalse(h.controller.interlock().tripped(), "the software has not run yet");
            h.driver.step();
            assertTrue(h.controller.interlock().tripped());
            boolean overTemperature = false;
            for (int i = 0; i < h.controller.alarms().count(); i++) {
                overTemperature |= h.controller.alarms().get(i).cause() == AlarmCause.OVER_TEMPERATURE;
            }
            assertTrue(overTemperature, "the latched comparator cut is raised as OVER_TEMPERATURE");
        }
    }
}
