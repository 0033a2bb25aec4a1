package cryo.deploy.safemode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.bus.BusException;
import cryo.hal.bus.Frame;
import cryo.hal.bus.RegisterBus;
import cryo.hal.cmos.CmosHeater;
import cryo.hal.cmos.CmosInterlockRelay;
import cryo.hal.cmos.CryoCmosBoard;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import org.junit.jupiter.api.Test;

/** Safe mode drives hal's one safe-state sequence: a failed step stops nothing and is named. */
class BoardSafingTest {
    @Test
    void aFailedHeaterOutputWriteStillOpensTheRelayAndSetsEveryRangeOffAndIsReported() throws Exception {
        SimulatedBoard board = SimulatedBoards.mixingChamber(1);
        CryoCmosBoard driver = new CryoCmosBoard(board);
        new CmosInterlockRelay(driver).setClosed(true);
        CmosHeater heater = new CmosHeater(driver, "mxc", SimulatedBoards.MXC_HEATER);
        heater.setRange(3);
        heater.setOutputWatts(1e-6);
        int outputRegister = CryoCmosRegisters.heater(SimulatedBoards.MXC_HEATER, CryoCmosRegisters.HEATER_OUTPUT);
        RegisterBus failingOutputWrite = new RegisterBus() {
            @Override
            public int transfer(byte[] request, int requestLength, byte[] response) throws BusException {
                if ((request[0] & 0xFF) == Frame.CMD_WRITE && Frame.address(request) == outputRegister) {
                    throw new BusException("no answer");
                }
                return board.transfer(request, requestLength, response);
            }

            @Override
            public void close() {
            }
        };
        BusException e = assertThrows(BusException.class, () -> BoardSafing.driveSafe(failingOutputWrite));
        assertEquals("safe state incomplete, failed: heater " + SimulatedBoards.MXC_HEATER + " output 0 W: no answer", e.getMessage());
        assertFalse(board.relayClosed(), "relay opened first");
        for (int ch = 0; ch < CryoCmosRegisters.HEATER_CHANNELS; ch++) {
            assertEquals(0, driver.readRegister(CryoCmosRegisters.heater(ch, CryoCmosRegisters.HEATER_RANGE)), "heater " + ch + " range");
        }
        board.update(0.1);
        assertEquals(0.0, board.heaterPowerWatts(SimulatedBoards.MXC_HEATER), "range off and relay open: no power");
        assertTrue(BoardSafing.driveSafe(board).startsWith("board safe: relay open"));
    }
}
