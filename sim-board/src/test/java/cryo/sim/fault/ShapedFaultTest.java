package cryo.sim.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.cmos.CmosThermometer;
import cryo.hal.cmos.CryoCmosBoard;
import cryo.hal.device.StageId;
import cryo.hal.device.ThermometerReading;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.sim.plant.CryostatPlant;
import cryo.sim.plant.PlantParameters;
import org.junit.jupiter.api.Test;

/** Faults with a shape (ramp in, hold, ramp back), several on one channel, and the second MXC thermometer. */
class ShapedFaultTest {

    @Test
    void aRampMovesTheValueLinearlyHoldsAndRampsBack() {
        SimulatedBoard sim = SimulatedBoards.cryostat(3);
        FaultInjector f = new FaultInjector(sim);
        BoardFaults state = sim.faults();
        f.ramp(FaultKind.SUPPLY_SAG, null, 0.4, 100);
        sim.update(25);
        assertEquals(1.1 - 0.1, sim.supplyVolts(), 1e-6, "a quarter of the way at 25 s");
        sim.update(75);
        assertEquals(0.7, sim.supplyVolts(), 1e-6, "there at 100 s");
        sim.update(100);
        assertEquals(0.7, sim.supplyVolts(), 1e-6, "held");
        f.clear(FaultKind.SUPPLY_SAG, null, 40);
        sim.update(20);
        assertEquals(0.9, sim.supplyVolts(), 1e-6, "half way back");
        assertTrue(state.isOn(FaultKind.SUPPLY_SAG, 0));
        sim.update(21);
        assertEquals(1.1, sim.supplyVolts(), 1e-6, "back");
        assertFalse(state.isOn(FaultKind.SUPPLY_SAG, 0), "switched off once back");
    }

    @Test
    void aPlantFaultRampsInThePlant() {
        SimulatedBoard sim = SimulatedBoards.cryostat(copyOfBase(), 3);
        SimulatedBoard step = SimulatedBoards.cryostat(copyOfBase(), 3);
        new FaultInjector(sim).ramp(FaultKind.CIRCULATION_LOSS, null, 0.8, 3600);
        new FaultInjector(step).inject(FaultKind.CIRCULATION_LOSS, null, 0.8);
        for (int i = 0; i < 600; i++) {
            sim.update(1);
            step.update(1);
        }
        double slow = sim.plant().temperatureKelvin(StageId.MXC);
        double fast = step.plant().temperatureKelvin(StageId.MXC);
        assertTrue(slow < fast, "10 min into a 1 h leak the chamber is cooler than after a step: " + slow + " vs " + fast);
        assertTrue(sim.faults().ramping(FaultKind.CIRCULATION_LOSS, 0, 600));
    }

    @Test
    void severalFaultsHoldOnOneChannelAtOnce() throws Exception {
        SimulatedBoard sim = SimulatedBoards.cryostat(copyOfBase(), 5);
        FaultInjector f = new FaultInjector(sim);
        CryoCmosBoard board = new CryoCmosBoard(sim);
        ThermometerReading r = new ThermometerReading();
        CmosThermometer mxc = new CmosThermometer(board, "mxc", SimulatedBoards.MXC_THERMOMETER);
        f.inject(FaultKind.SENSOR_OFFSET, StageId.MXC, 0.5);
        f.inject(FaultKind.SENSOR_NOISY, StageId.MXC, 100);
        sim.update(0.2);
        assertTrue(sim.faults().hasSensorFault(SimulatedBoards.MXC_THERMOMETER, SensorFault.OFFSET));
        assertTrue(sim.faults().hasSensorFault(SimulatedBoards.MXC_THERMOMETER, SensorFault.NOISY));
        double[] units = new double[20];
        for (int i = 0; i < units.length; i++) {
            sim.update(0.1);
            mxc.read(r);
            units[i] = r.rawUnits;
        }
        double min = Double.MAX_VALUE;
        double max = 0;
        for (double u : units) {
            min = Math.min(min, u);
            max = Math.max(max, u);
        }
        double atHalfKelvin = sim.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).unitsAt(0.5 + sim.plant().temperatureKelvin(StageId.MXC));
        assertTrue(Math.abs((min + max) / 2 - atHalfKelvin) < 0.3 * atHalfKelvin, "offset: reads near 0.5 K above the stage");
        assertTrue((max - min) / atHalfKelvin > 0.01, "and noisy: spread " + (max - min) / atHalfKelvin);
        f.clear(FaultKind.SENSOR_NOISY, StageId.MXC);
        assertTrue(sim.faults().hasSensorFault(SimulatedBoards.MXC_THERMOMETER, SensorFault.OFFSET), "clearing one leaves the other");
    }

    @Test
    void theSecondMixingChamberThermometerTakesItsOwnFault() throws Exception {
        SimulatedBoard sim = SimulatedBoards.cryostatRedundantMxc(copyOfBase(), 5);
        FaultInjector f = new FaultInjector(sim);
        f.injectChannel(FaultKind.SENSOR_OFFSET, SimulatedBoards.MXC_REDUNDANT_THERMOMETER, 0.02);
        sim.update(0.2);
        CryoCmosBoard board = new CryoCmosBoard(sim);
        ThermometerReading a = new ThermometerReading();
        ThermometerReading b = new ThermometerReading();
        new CmosThermometer(board, "mxc", SimulatedBoards.MXC_THERMOMETER).read(a);
        new CmosThermometer(board, "mxc-b", SimulatedBoards.MXC_REDUNDANT_THERMOMETER).read(b);
        var ruox = sim.wiring().sensor(SimulatedBoards.MXC_THERMOMETER);
        double t = sim.plant().temperatureKelvin(StageId.MXC);
        assertEquals(ruox.unitsAt(t), a.rawUnits, 0.05 * ruox.unitsAt(t), "the first reads the stage");
        assertEquals(ruox.unitsAt(t + 0.02), b.rawUnits, 0.05 * ruox.unitsAt(t + 0.02), "the second reads 20 mK high");
        assertThrows(IllegalArgumentException.class, () -> f.injectChannel(FaultKind.SENSOR_OFFSET, 7, 0.02), "channel 7 is unwired");
        assertThrows(IllegalArgumentException.class, () -> f.ramp(FaultKind.SENSOR_OPEN, StageId.MXC, 0, 10), "open cannot ramp");
    }

    private static CryostatPlant copyOfBase() {
        return CryostatPlant.cooledToBase(PlantParameters.defaults(), SimulatedBoards.BASE_STILL_HEATER_WATTS);
    }
}
