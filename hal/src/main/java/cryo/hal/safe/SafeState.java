package cryo.hal.safe;

import cryo.hal.bus.BusException;
import cryo.hal.device.Heater;
import cryo.hal.device.InterlockRelay;
import cryo.hal.device.PulseEngine;

/**
 * The one safe-state sequence, used by the controller's trip path and by deploy's safe mode:
 * interlock relay open first (it breaks every heater's supply, so one write makes the board safe
 * even if the bus fails right after), then each heater at 0 W and range off, then the pulse engine
 * halted. Every step is attempted whatever an earlier one did, and each failure is kept by step
 * ({@link #failures()}); the board's own watchdog covers a bus that fails entirely.
 *
 * <p>Thread contract: one caller at a time (the controller's ring thread, or safe mode's loop).
 * {@link #apply} allocates nothing while the bus answers; a failure keeps the exception the bus
 * threw.
 */
public final class SafeState {
    private final Heater[] heaters;
    private final InterlockRelay relay;
    private final PulseEngine pulses;
    /** One slot per step: relay, then output and range of each heater, then the pulse engine. */
    private final BusException[] failed;
    private final String[] stepNames;

    public SafeState(Heater[] heaters, InterlockRelay relay, PulseEngine pulses) {
        if (relay == null || pulses == null) {
            throw new IllegalArgumentException("relay and pulse engine are required");
        }
        this.heaters = heaters.clone();
        this.relay = relay;
        this.pulses = pulses;
        failed = new BusException[2 + 2 * heaters.length];
        stepNames = new String[failed.length];
        stepNames[0] = "relay open";
        for (int h = 0; h < heaters.length; h++) {
            stepNames[1 + 2 * h] = "heater " + heaters[h].channel() + " output 0 W";
            stepNames[2 + 2 * h] = "heater " + heaters[h].channel() + " range off";
        }
        stepNames[failed.length - 1] = "pulse engine halt";
    }

    /** Runs every step; @return true when every step reached the board. */
    public boolean apply() {
        int step = 0;
        try {
            relay.setClosed(false);
            failed[step] = null;
        } catch (BusException e) {
            failed[step] = e;
        }
        for (Heater h : heaters) {
            step++;
            try {
                h.setOutputWatts(0.0);
                failed[step] = null;
            } catch (BusException e) {
                failed[step] = e;
            }
            step++;
            try {
                h.setRange(0);
                failed[step] = null;
            } catch (BusException e) {
                failed[step] = e;
            }
        }
        step++;
        try {
            pulses.halt();
            failed[step] = null;
        } catch (BusException e) {
            failed[step] = e;
        }
        return failedSteps() == 0;
    }

    /** Steps of the last {@link #apply} that did not reach the board. */
    public int failedSteps() {
        int n = 0;
        for (BusException e : failed) {
            if (e != null) {
                n++;
            }
        }
        return n;
    }

    /** One line per failed step of the last {@link #apply} ("heater 3 range off: timeout"); empty when none. */
    public String failures() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < failed.length; i++) {
            if (failed[i] != null) {
                if (sb.length() > 0) {
                    sb.append("; ");
                }
                sb.append(stepNames[i]).append(": ").append(failed[i].getMessage());
            }
        }
        return sb.toString();
    }

    /** The steps in the order {@link #apply} runs them. */
    public String[] steps() {
        return stepNames.clone();
    }
}
