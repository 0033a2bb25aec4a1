package cryo.hal.cmos;

import cryo.hal.bus.BusException;
import cryo.hal.device.InterlockRelay;
import cryo.hal.regmap.CryoCmosRegisters;

/** The interlock relay bit of the board's CONTROL register (read-modify-write). */
public final class CmosInterlockRelay implements InterlockRelay {
    private final CryoCmosBoard board;

    public CmosInterlockRelay(CryoCmosBoard board) {
        this.board = board;
    }

    @Override
    public void setClosed(boolean closed) throws BusException {
        int control = board.readRegister(CryoCmosRegisters.CONTROL);
        control = closed ? control | CryoCmosRegisters.CONTROL_RELAY_CLOSED : control & ~CryoCmosRegisters.CONTROL_RELAY_CLOSED;
        board.writeRegister(CryoCmosRegisters.CONTROL, control);
    }

    @Override
    public boolean isClosed() throws BusException {
        return (board.readRegister(CryoCmosRegisters.CONTROL) & CryoCmosRegisters.CONTROL_RELAY_CLOSED) != 0;
    }
}
