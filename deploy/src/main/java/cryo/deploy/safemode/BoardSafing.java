package cryo.deploy.safemode;

import cryo.hal.bus.BusException;
import cryo.hal.bus.RegisterBus;
import cryo.hal.cmos.CmosHeater;
import cryo.hal.cmos.CmosInterlockRelay;
import cryo.hal.cmos.CmosPulseEngine;
import cryo.hal.cmos.CmosWatchdog;
import cryo.hal.cmos.CryoCmosBoard;
import cryo.hal.device.Heater;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.hal.safe.SafeState;

/**
 * Drives the board to the safe state through hal's one sequence ({@link SafeState}, as the
 * controller's trip path): relay open first, every heater 0 W and range off, pulses halted, each
 * step attempted; then the watchdog armed and never kicked.
 */
public final class BoardSafing {
    /** Armed and never kicked, so the board's own watchdog also cuts heaters shortly after. */
    public static final int WATCHDOG_TIMEOUT_MILLIS = 1_000;

    private BoardSafing() {
    }

    /**
     * @return one line saying what was done and what the heaters read back
     * @throws BusException when the board is not reached, or a step failed (the message names every failed step)
     */
    public static String driveSafe(RegisterBus bus) throws BusException {
        CryoCmosBoard board = new CryoCmosBoard(bus);
        board.verifyIdentity();
        Heater[] heaters = new Heater[CryoCmosRegisters.HEATER_CHANNELS];
        for (int ch = 0; ch < heaters.length; ch++) {
            heaters[ch] = new CmosHeater(board, "heater" + ch, ch);
        }
        SafeState safe = new SafeState(heaters, new CmosInterlockRelay(board), new CmosPulseEngine(board));
        boolean ok = safe.apply();
        String watchdogFailure = "";
        try {
            new CmosWatchdog(board).arm(WATCHDOG_TIMEOUT_MILLIS);
        } catch (BusException e) {
            watchdogFailure = "watchdog arm: " + e.getMessage();
        }
        if (!ok || !watchdogFailure.isEmpty()) {
            String failures = safe.failures();
            throw new BusException("safe state incomplete, failed: " + failures
                    + (failures.isEmpty() || watchdogFailure.isEmpty() ? "" : "; ") + watchdogFailure);
        }
        double maxReadback = 0;
        for (Heater h : heaters) {
            maxReadback = Math.max(maxReadback, Math.abs(h.readbackWatts()));
        }
        return "board safe: relay open, heaters 0 W range 0 (max readback " + maxReadback
                + " W), pulse engine halted, watchdog armed and not kicked";
    }
}
