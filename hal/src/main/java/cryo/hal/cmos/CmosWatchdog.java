package cryo.hal.cmos;

import cryo.hal.bus.BusException;
import cryo.hal.device.Watchdog;
import cryo.hal.regmap.CryoCmosRegisters;

/** The board's hardware watchdog. */
public final class CmosWatchdog implements Watchdog {
    private final CryoCmosBoard board;

    public CmosWatchdog(CryoCmosBoard board) {
        this.board = board;
    }

    @Override
    public void arm(int timeoutMillis) throws BusException {
        if (timeoutMillis < 10 || timeoutMillis > 60_000) {
            throw new IllegalArgumentException("watchdog timeout " + timeoutMillis + " ms outside 10..60000");
        }
        board.writeRegister(CryoCmosRegisters.WATCHDOG_TIMEOUT_MS, timeoutMillis);
        board.writeRegister(CryoCmosRegisters.WATCHDOG_KICK, CryoCmosRegisters.WATCHDOG_KICK_MAGIC);
        int control = board.readRegister(CryoCmosRegisters.CONTROL);
        board.writeRegister(CryoCmosRegisters.CONTROL, control | CryoCmosRegisters.CONTROL_WATCHDOG_ENABLE);
        if (board.readRegister(CryoCmosRegisters.WATCHDOG_TIMEOUT_MS) != timeoutMillis) {
            throw new BusException("WATCHDOG_TIMEOUT_MS read back differs from " + timeoutMillis);
        }
    }

    @Override
    public void kick() throws BusException {
        board.writeRegister(CryoCmosRegisters.WATCHDOG_KICK, CryoCmosRegisters.WATCHDOG_KICK_MAGIC);
    }

    @Override
    public void clearTrip() throws BusException {
        board.writeRegister(CryoCmosRegisters.FAULT_FLAGS, CryoCmosRegisters.FAULT_WATCHDOG);
        kick();
    }

    @Override
    public boolean tripped() throws BusException {
        return (board.readRegister(CryoCmosRegisters.FAULT_FLAGS) & CryoCmosRegisters.FAULT_WATCHDOG) != 0;
    }
}
