package cryo.hal.cmos;

import cryo.hal.bus.BusException;
import cryo.hal.device.PulseEngine;
import cryo.hal.regmap.CryoCmosRegisters;

/** The board's pulse engine; the skeleton only halts it. */
public final class CmosPulseEngine implements PulseEngine {
    public static final int CONTROL_RUN = 1;
    public static final int CONTROL_CLEAR_FIFO = 1 << 1;
    public static final int CONTROL_HALT = 1 << 2;

    private final CryoCmosBoard board;

    public CmosPulseEngine(CryoCmosBoard board) {
        this.board = board;
    }

    @Override
    public void halt() throws BusException {
        board.writeRegister(CryoCmosRegisters.PULSE_CONTROL, CONTROL_HALT | CONTROL_CLEAR_FIFO);
    }
}
