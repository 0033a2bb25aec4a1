package cryo.sim.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.bus.BusException;
import cryo.hal.bus.BusTimeoutException;
import cryo.hal.cmos.CmosHeater;
import cryo.hal.cmos.CmosInterlockRelay;
import cryo.hal.cmos.CmosThermometer;
import cryo.hal.cmos.CryoCmosBoard;
import cryo.hal.device.StageId;
import cryo.hal.device.ThermometerReading;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.sim.plant.CryostatPlant;
import org.junit.jupiter.api.Test;

/** One short test per fault: set the knob, assert what the board (or its plant) reports. */
class FaultInjectionTest {
    private final SimulatedBoard sim = SimulatedBoards.cryostat(7);
    private final FaultInjector faults = new FaultInjector(sim);
    private final CryoCmosBoard board = new CryoCmosBoard(sim);
    private final ThermometerReading reading = new ThermometerReading();

    private ThermometerReading read(StageId stage) throws BusException {
        new CmosThermometer(board, stage.id(), faults.thermometerChannel(stage)).read(reading);
        return reading;
    }

    private CmosHeater heaterOn(StageId stage, double watts) throws BusException {
        new CmosInterlockRelay(board).setClosed(true);
        CmosHeater h = new CmosHeater(board, stage.id(), faults.heaterChannel(stage));
        h.setRange(8);
        h.setOutputWatts(watts);
        return h;
    }

    @Test
    void heaterStuckOnIgnoresWrites() throws Exception {
        CmosHeater h = heaterOn(StageId.PLATE_4K, 1.0);
        faults.inject(FaultKind.HEATER_STUCK_ON, StageId.PLATE_4K, 0);
        h.setOutputWatts(0.0);
        sim.update(1.0);
        assertEquals(1.0, h.readbackWatts(), 1e-6);
    }

    @Test
    void heaterOpenDeliversNothingAndSaysSo() throws Exception {
        CmosHeater h = heaterOn(StageId.PLATE_4K, 1.0);
        faults.inject(FaultKind.HEATER_OPEN, StageId.PLATE_4K, 0);
        sim.update(1.0);
        assertEquals(0.0, h.readbackWatts(), 0.0);
        assertTrue((h.status() & CryoCmosRegisters.HEATER_STATUS_OPEN) != 0);
        assertTrue((board.readRegister(CryoCmosRegisters.FAULT_FLAGS) & CryoCmosRegisters.FAULT_HEATER) != 0);
        faults.clear(FaultKind.HEATER_OPEN, StageId.PLATE_4K);
        sim.update(1.0);
        assertEquals(1.0, h.readbackWatts(), 1e-6, "repaired");
    }

    @Test
    void heaterShortDeliversNothingAndSaysSo() throws Exception {
        CmosHeater h = heaterOn(StageId.STILL, 0.01);
        faults.inject(FaultKind.HEATER_SHORT, StageId.STILL, 0);
        sim.update(1.0);
        assertEquals(0.0, h.readbackWatts(), 0.0);
        assertTrue((h.status() & CryoCmosRegisters.HEATER_STATUS_SHORT) != 0);
    }

    @Test
    void sensorOpenAndShortClearValid() throws Exception {
        faults.inject(FaultKind.SENSOR_OPEN, StageId.MXC, 0);
        sim.update(0.2);
        assertTrue((read(StageId.MXC).status & CryoCmosRegisters.THERM_STATUS_OPEN) != 0);
        assertTrue(!reading.valid());
        faults.clear(FaultKind.SENSOR_OPEN, StageId.MXC); // faults on one channel combine: open would win
        faults.inject(FaultKind.SENSOR_SHORT, StageId.MXC, 0);
        sim.update(0.2);
        assertEquals(CryoCmosRegisters.THERM_STATUS_SHORT, read(StageId.MXC).status);
        assertEquals(0.0, reading.rawUnits, 0.0);
    }

    @Test
    void sensorStuckRepeatsOneValueWhileTheStageCools() throws Exception {
        faults.inject(FaultKind.SENSOR_STUCK, StageId.PLATE_50K, 0);
        sim.update(0.2);
        double first = read(StageId.PLATE_50K).rawUnits;
        sim.update(3600);
        assertEquals(first, read(StageId.PLATE_50K).rawUnits, 0.0);
        assertTrue(reading.valid(), "a stuck sensor still claims to be valid");
        assertTrue(sim.plant().temperatureKelvin(StageId.PLATE_50K) < 290, "while the plate cooled");
    }

    @Test
    void sensorNoisyWidensTheSpread() throws Exception {
        double quiet = spread(StageId.PLATE_4K);
        faults.inject(FaultKind.SENSOR_NOISY, StageId.PLATE_4K, 100);
        double noisy = spread(StageId.PLATE_4K);
        assertTrue(noisy > 30 * quiet, "quiet " + quiet + " noisy " + noisy);
    }

    private double spread(StageId stage) throws BusException {
        double sum = 0;
        double sumSq = 0;
        int n = 200;
        for (int i = 0; i < n; i++) {
            sim.update(0.1);
            double r = read(stage).rawUnits;
            sum += r;
            sumSq += r * r;
        }
        double mean = sum / n;
        return Math.sqrt(Math.max(sumSq / n - mean * mean, 0)) / mean;
    }

    @Test
    void sensorDriftingWalksAwayAtItsRate() throws Exception {
        CryostatPlant plant = (CryostatPlant) sim.plant();
        sim.update(0.1);
        double before = read(StageId.MXC).rawUnits;
        faults.inject(FaultKind.SENSOR_DRIFTING, StageId.MXC, 0.01);
        sim.update(3600); // the MXC stays ~room temperature at the first hour of a cooldown? use the reading ratio
        double after = read(StageId.MXC).rawUnits;
        double model = sim.wiring().sensor(4).unitsAt(plant.temperatureKelvin(StageId.MXC));
        assertEquals(1.01, after / model, 2e-3, "1 %/h for an hour");
        assertNotEquals(before, after);
    }

    @Test
    void sensorDetachedReadsItsOwnSlowlyCoolingBlock() throws Exception {
        faults.inject(FaultKind.SENSOR_DETACHED, StageId.PLATE_50K, 100_000);
        sim.update(0.1);
        sim.update(6 * 3600);
        double stage = sim.plant().temperatureKelvin(StageId.PLATE_50K);
        double seen = sim.wiring().sensor(0).curve().toKelvin(read(StageId.PLATE_50K).rawUnits);
        assertTrue(stage < 200, "stage cooled to " + stage);
        assertTrue(seen > stage + 50 && seen < 295, "detached sensor lags: sees " + seen + " K, stage " + stage + " K");
    }

    @Test
    void pulseTubeStopWarmsAColdFridge() {
        SimulatedBoard cold = SimulatedBoards.cryostat(CryostatPlant.cooledToBase(cryo.sim.plant.PlantParameters.defaults(), 0.015), 1);
        double before = cold.plant().temperatureKelvin(StageId.PLATE_4K);
        new FaultInjector(cold).inject(FaultKind.PULSE_TUBE_STOP, null, 0);
        cold.update(600);
        assertTrue(cold.plant().temperatureKelvin(StageId.PLATE_4K) > before + 1, "4 K plate warms without its pulse tube");
    }

    @Test
    void circulationLossAndVacuumDegradationReachThePlant() {
        faults.inject(FaultKind.CIRCULATION_LOSS, null, 0.5);
        faults.inject(FaultKind.VACUUM_DEGRADATION, null, 1e-2);
        SimulatedBoard healthy = SimulatedBoards.cryostat(7);
        sim.update(3600);
        healthy.update(3600);
        // gas conduction couples the stages: the cold stages follow the plates more closely
        assertNotEquals(healthy.plant().temperatureKelvin(StageId.MXC), sim.plant().temperatureKelvin(StageId.MXC));
        assertThrows(IllegalArgumentException.class, () -> faults.inject(FaultKind.CIRCULATION_LOSS, null, 1.5));
    }

    @Test
    void busBitErrorsShowAsCrcMismatchesAtTheirRate() {
        faults.inject(FaultKind.BUS_BIT_ERRORS, null, 0.1);
        int failures = 0;
        for (int i = 0; i < 2000; i++) {
            try {
                board.readRegister(CryoCmosRegisters.BOARD_ID);
            } catch (BusException e) {
                failures++;
            }
        }
        assertTrue(failures > 140 && failures < 260, "about 10 % of 2000 frames, was " + failures);
    }

    @Test
    void busCrcFailuresAreCountedByTheBoard() throws Exception {
        faults.inject(FaultKind.BUS_CRC_FAILURES, null, 0.2);
        int refused = 0;
        for (int i = 0; i < 500; i++) {
            try {
                board.readRegister(CryoCmosRegisters.BOARD_ID);
            } catch (BusException e) {
                refused++;
            }
        }
        faults.clear(FaultKind.BUS_CRC_FAILURES, null);
        int counted = board.readRegister(CryoCmosRegisters.CRC_ERROR_COUNT);
        assertTrue(refused > 50, "refused " + refused);
        assertTrue(counted > 50 && counted <= refused, "board counted " + counted);
        assertTrue((board.readRegister(CryoCmosRegisters.FAULT_FLAGS) & CryoCmosRegisters.FAULT_BUS_CRC) != 0);
    }

    @Test
    void boardHangTimesOutEveryTransfer() {
        faults.inject(FaultKind.BOARD_HANG, null, 0);
        assertThrows(BusTimeoutException.class, () -> board.readRegister(CryoCmosRegisters.BOARD_ID));
        faults.clear(FaultKind.BOARD_HANG, null);
    }

    @Test
    void supplySagLatchesTheSupplyFault() throws Exception {
        faults.inject(FaultKind.SUPPLY_SAG, null, 0.15);
        sim.update(0.1);
        assertEquals(0.95, board.readFloat(CryoCmosRegisters.SUPPLY_VOLTS), 1e-6);
        assertTrue((board.readRegister(CryoCmosRegisters.FAULT_FLAGS) & CryoCmosRegisters.FAULT_SUPPLY) != 0);
    }

    @Test
    void cmosOverheatingRaisesTheDieAndLatchesItsFault() throws Exception {
        sim.update(0.1);
        assertEquals(0, board.readRegister(CryoCmosRegisters.FAULT_FLAGS) & CryoCmosRegisters.FAULT_DIE_OVER_TEMPERATURE,
                "a warm die at room temperature is not overheating");
        faults.inject(FaultKind.CMOS_OVERHEATING, null, 1.0);
        sim.update(0.1);
        double plate = sim.plant().temperatureKelvin(StageId.PLATE_4K);
        assertTrue(board.readFloat(CryoCmosRegisters.DIE_TEMPERATURE) > plate + 9);
        assertTrue((board.readRegister(CryoCmosRegisters.FAULT_FLAGS) & CryoCmosRegisters.FAULT_DIE_OVER_TEMPERATURE) != 0);
    }

    @Test
    void faultsOnAStageWithoutThatDeviceAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> faults.inject(FaultKind.HEATER_OPEN, StageId.COLD_PLATE, 0));
        assertTrue(e.getMessage().contains("cold-plate"), e.getMessage());
    }
}
