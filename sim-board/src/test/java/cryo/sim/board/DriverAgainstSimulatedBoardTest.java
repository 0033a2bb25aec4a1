package cryo.sim.board;

import cryo.sim.fault.FaultKind;
import cryo.sim.fault.FaultInjector;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.bus.BusException;
import cryo.hal.bus.BusTimeoutException;
import cryo.hal.bus.CrcMismatchException;
import cryo.hal.bus.Frame;
import cryo.hal.bus.TcpRegisterBus;
import cryo.hal.cmos.CmosHeater;
import cryo.hal.cmos.CmosThermometer;
import cryo.hal.cmos.CryoCmosBoard;
import cryo.hal.device.ThermometerReading;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.sim.server.BoardServer;
import org.junit.jupiter.api.Test;

/** The real driver against the simulated board, through frames and CRCs. */
class DriverAgainstSimulatedBoardTest {

    @Test
    void identityAndRegistersRoundTrip() throws Exception {
        SimulatedBoard sim = SimulatedBoards.mixingChamber(1);
        try (CryoCmosBoard board = new CryoCmosBoard(sim)) {
            board.verifyIdentity();
            board.writeRegister(CryoCmosRegisters.WATCHDOG_TIMEOUT_MS, 1234);
            assertEquals(1234, board.readRegister(CryoCmosRegisters.WATCHDOG_TIMEOUT_MS));
            sim.update(1.5);
            assertEquals(1_500_000_000L, board.boardTimeTicks());
        }
    }

    @Test
    void thermometerReadsTheMockedTemperatureThroughItsCurve() throws Exception {
        SimulatedBoard sim = SimulatedBoards.mixingChamber(1);
        try (CryoCmosBoard board = new CryoCmosBoard(sim);
             CmosThermometer t = new CmosThermometer(board, "mxc", SimulatedBoards.MXC_THERMOMETER)) {
            sim.mockTemperatureKelvin(SimulatedBoards.MXC_THERMOMETER, 0.020);
            ThermometerReading r = new ThermometerReading();
            t.read(r);
            assertTrue(r.valid());
            double kelvin = sim.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve().toKelvin(r.rawUnits);
            assertEquals(0.020, kelvin, 0.020 * 1e-3, "20 mK within the sensor noise");
        }
    }

    @Test
    void corruptedResponseIsRejectedNotReadAsATemperature() throws Exception {
        SimulatedBoard sim = SimulatedBoards.mixingChamber(1);
        try (CryoCmosBoard board = new CryoCmosBoard(sim);
             CmosThermometer t = new CmosThermometer(board, "mxc", SimulatedBoards.MXC_THERMOMETER)) {
            sim.corruptNextResponses(1);
            ThermometerReading r = new ThermometerReading();
            r.rawUnits = -1;
            CrcMismatchException e = assertThrows(CrcMismatchException.class, () -> t.read(r));
            assertTrue(e.getMessage().contains("CRC-16") && e.getMessage().contains("0x0140"), e.getMessage());
            assertEquals(-1, r.rawUnits, "nothing from the bad frame reached the reading");
            assertEquals(1, board.crcErrors());
            t.read(r); // the next frame is clean
            assertTrue(r.valid());
        }
    }

    @Test
    void corruptedRequestIsRefusedByTheBoard() throws Exception {
        SimulatedBoard sim = SimulatedBoards.mixingChamber(1);
        byte[] req = new byte[Frame.MAX_FRAME_BYTES];
        byte[] resp = new byte[Frame.MAX_FRAME_BYTES];
        int len = Frame.requestLength(Frame.CMD_WRITE, 1);
        Frame.putHeader(req, Frame.CMD_WRITE, CryoCmosRegisters.CONTROL, 1);
        Frame.putWord(req, 0, CryoCmosRegisters.CONTROL_RELAY_CLOSED);
        Frame.sealCrc(req, len);
        req[5] ^= 1; // corrupt the payload after sealing
        int n = sim.transfer(req, len, resp);
        assertEquals(Frame.STATUS_BAD_CRC, resp[0]);
        assertTrue(Frame.crcValid(resp, n));
        assertTrue(!sim.relayClosed(), "a corrupted write changed nothing");
    }

    @Test
    void aRequestTheBoardRefusesForItsCrcCountsAsALinkCrcError() throws Exception {
        SimulatedBoard sim = SimulatedBoards.mixingChamber(1);
        try (CryoCmosBoard board = new CryoCmosBoard(sim)) {
            new cryo.sim.fault.FaultInjector(sim).inject(cryo.sim.fault.FaultKind.BUS_CRC_FAILURES, null, 1.0);
            BusException e = assertThrows(BusException.class, () -> board.readRegister(CryoCmosRegisters.FAULT_FLAGS));
            assertTrue(e.getMessage().contains("BAD_CRC"), e.getMessage());
            assertEquals(1, board.crcErrors(), "the corrupted request counts with the link's CRC errors");
        }
    }

    @Test
    void badAddressAndReadOnlyWritesAreRefusedWithTheirNames() throws Exception {
        try (CryoCmosBoard board = new CryoCmosBoard(SimulatedBoards.mixingChamber(1))) {
            BusException bad = assertThrows(BusException.class, () -> board.readRegister(0x7777));
            assertTrue(bad.getMessage().contains("BAD_ADDRESS"), bad.getMessage());
            BusException ro = assertThrows(BusException.class, () -> board.writeRegister(CryoCmosRegisters.BOARD_ID, 0));
            assertTrue(ro.getMessage().contains("READ_ONLY"), ro.getMessage());
        }
    }

    @Test
    void hungBoardTimesOut() {
        SimulatedBoard sim = SimulatedBoards.mixingChamber(1);
        new FaultInjector(sim).inject(FaultKind.BOARD_HANG, null, 0);
        CryoCmosBoard board = new CryoCmosBoard(sim);
        assertThrows(BusTimeoutException.class, board::verifyIdentity);
    }

    @Test
    void heaterIsClampedToItsRangeAndCutByTheRelay() throws Exception {
        SimulatedBoard sim = SimulatedBoards.mixingChamber(1);
        try (CryoCmosBoard board = new CryoCmosBoard(sim);
             CmosHeater h = new CmosHeater(board, "mxc", SimulatedBoards.MXC_HEATER)) {
            h.setRange(4); // 1 mA into 100 ohm = 100 uW
            h.setOutputWatts(1.0);
            assertEquals(0.0, h.readbackWatts(), "relay open: no power");
            board.writeRegister(CryoCmosRegisters.CONTROL, CryoCmosRegisters.CONTROL_RELAY_CLOSED);
            assertEquals(100e-6, h.readbackWatts(), 1e-9);
        }
    }

    @Test
    void watchdogCutsHeatersWhenNotKicked() throws Exception {
        SimulatedBoard sim = SimulatedBoards.mixingChamber(1);
        try (CryoCmosBoard board = new CryoCmosBoard(sim);
             CmosHeater h = new CmosHeater(board, "mxc", SimulatedBoards.MXC_HEATER)) {
            new cryo.hal.cmos.CmosWatchdog(board).arm(3000);
            board.writeRegister(CryoCmosRegisters.CONTROL, board.readRegister(CryoCmosRegisters.CONTROL) | CryoCmosRegisters.CONTROL_RELAY_CLOSED);
            h.setRange(5);
            h.setOutputWatts(1e-4);
            sim.update(2.9);
            assertEquals(1e-4, h.readbackWatts(), 1e-9);
            sim.update(0.2);
            assertEquals(0.0, h.readbackWatts(), "cut after 3 s without a kick");
            assertTrue((board.readRegister(CryoCmosRegisters.FAULT_FLAGS) & CryoCmosRegisters.FAULT_WATCHDOG) != 0);
        }
    }

    @Test
    void tcpBusReachesABoardServedInItsOwnThread() throws Exception {
        SimulatedBoard sim = SimulatedBoards.mixingChamber(1);
        try (BoardServer server = new BoardServer(sim, 0);
             CryoCmosBoard board = new CryoCmosBoard(new TcpRegisterBus("127.0.0.1", server.port(), 2000))) {
            board.verifyIdentity();
            sim.corruptNextResponses(1);
            assertThrows(CrcMismatchException.class, () -> board.readRegister(CryoCmosRegisters.CONTROL));
            new FaultInjector(sim).inject(FaultKind.BOARD_HANG, null, 0);
            assertThrows(BusTimeoutException.class, () -> board.readRegister(CryoCmosRegisters.CONTROL));
        }
    }
}
