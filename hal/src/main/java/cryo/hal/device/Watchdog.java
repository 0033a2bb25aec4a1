package cryo.hal.device;

import cryo.hal.bus.BusException;

/**
 * The board's hardware watchdog: when not kicked within its timeout (board time) the board cuts
 * heaters and halts pulses by itself, and latches FAULT_WATCHDOG.
 * Thread contract: ring thread only; one bus transfer per call.
 */
public interface Watchdog extends AutoCloseable {
    void arm(int timeoutMillis) throws BusException;

    void kick() throws BusException;

    boolean tripped() throws BusException;

    /** Clears a latched watchdog trip and restarts the timeout (on re-arm after an operator acknowledged). */
    void clearTrip() throws BusException;

    @Override
    default void close() {
    }
}
