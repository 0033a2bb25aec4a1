package cryo.deploy.safemode;

import cryo.hal.bus.BusException;
import cryo.hal.bus.RegisterBus;
import cryo.hal.cmos.CmosHeater;
import cryo.hal.cmos.CmosInterlockRelay;
import cryo.hal.cmos.CmosPulseEngine;
import cryo.hal.cmos.CmosWatchdog;
import cryo.hal.cmos.CryoCmosBoard;
import cryo.hal.regmap.CryoCmosRegisters;

/** Drives the board to the safe state through the hal driver: heaters 0 W and range 0, relay open, pulses halted. */
public final class BoardSafing {
    /** Armed and never kicked, so the board's own watchdog also cuts heaters shortly after. */
    public static final int WATCHDOG_TIMEOUT_MILLIS = 1_000;

    private BoardSafing() {
    }

    /** @return one line saying what was done and what the heaters read back */
    public static String driveSafe(RegisterBus bus) throws BusException {
        CryoCmosBoard board = new CryoCmosBoard(bus);
        board.verifyIdentity();
        for (int ch = 0; ch < CryoCmosRegisters.HEATER_CHANNELS; ch++) {
            CmosHeater heater = new CmosHeater(board, "heater" + ch, ch);
            heater.setOutputWatts(0.0);
            heater.setRange(0);
        }
        new CmosInterlockRelay(board).setClosed(false);
        new CmosPulseEngine(board).halt();
        new CmosWatchdog(board).arm(WATCHDOG_TIMEOUT_MILLIS);
        double maxReadback = 0;
        for (int ch = 0; ch < CryoCmosRegisters.HEATER_CHANNELS; ch++) {
            maxReadback = Math.max(maxReadback, Math.abs(new CmosHeater(board, "heater" + ch, ch).readbackWatts()));
        }
        return "board safe: heaters 0 W range 0 (max readback " + maxReadback + " W), relay open, pulse engine halted, watchdog armed and not kicked";
    }
}
