package cryo.controller.board;

import cryo.hal.bus.BusException;
import cryo.hal.device.Heater;
import cryo.hal.device.InterlockRelay;
import cryo.hal.device.PulseEngine;

/**
 * Drives the board to its safe state: every heater at zero power and range off, the interlock
 * relay open, the pulse engine halted. Each step is attempted even if an earlier one fails (a
 * dead bus must not stop the relay from being opened); the board's own watchdog covers a bus
 * that fails entirely. Ring thread only.
 */
public final class SafeState {
    private final Heater[] heaters;
    private final InterlockRelay relay;
    private final PulseEngine pulses;

    public SafeState(Heater[] heaters, InterlockRelay relay, PulseEngine pulses) {
        this.heaters = heaters.clone();
        this.relay = relay;
        this.pulses = pulses;
    }

    /** @return true when every step reached the board */
    public boolean apply() {
        boolean ok = true;
        try {
            relay.setClosed(false);
        } catch (BusException e) {
            ok = false;
        }
        for (Heater h : heaters) {
            try {
                h.setOutputWatts(0.0);
                h.setRange(0);
            } catch (BusException e) {
                ok = false;
            }
        }
        try {
            pulses.halt();
        } catch (BusException e) {
            ok = false;
        }
        return ok;
    }
}
