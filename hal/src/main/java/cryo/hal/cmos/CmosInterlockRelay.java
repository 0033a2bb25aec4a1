package cryo.hal.cmos;

import cryo.hal.bus.BusException;
import cryo.hal.device.InterlockRelay;
import cryo.hal.regmap.CryoCmosRegisters;

/**
 * The interlock relay bit of the board's CONTROL register (read-modify-write). Opening does not
 * depend on reading: when the read fails (a board whose answers are lost, e.g. a broken MISO,
 * still hears MOSI) the relay is opened by a blind write that keeps the watchdog enabled and the
 * pulse engine off, and the read's failure is still thrown.
 */
public final class CmosInterlockRelay implements InterlockRelay {
    private final CryoCmosBoard board;

    public CmosInterlockRelay(CryoCmosBoard board) {
        this.board = board;
    }

    @Override
    public void setClosed(boolean closed) throws BusException {
        int control;
        try {
            control = board.readRegister(CryoCmosRegisters.CONTROL);
        } catch (BusException readFailed) {
            if (!closed) {
                try {
                    board.writeRegister(CryoCmosRegisters.CONTROL, CryoCmosRegisters.CONTROL_WATCHDOG_ENABLE);
                } catch (BusException alsoLost) {
                    readFailed.addSuppressed(alsoLost); // its answer lost too; the board may have opened
                }
            }
            throw readFailed;
        }
        control = closed ? control | CryoCmosRegisters.CONTROL_RELAY_CLOSED : control & ~CryoCmosRegisters.CONTROL_RELAY_CLOSED;
        board.writeRegister(CryoCmosRegisters.CONTROL, control);
    }

    @Override
    public boolean isClosed() throws BusException {
        return (board.readRegister(CryoCmosRegisters.CONTROL) & CryoCmosRegisters.CONTROL_RELAY_CLOSED) != 0;
    }
}
