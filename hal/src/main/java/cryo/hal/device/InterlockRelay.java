package cryo.hal.device;

import cryo.hal.bus.BusException;

/**
 * The interlock relay that powers all heaters. Open means no heater can be powered, whatever is
 * requested. Thread contract: ring thread only; one bus transfer per call.
 */
public interface InterlockRelay extends AutoCloseable {
    void setClosed(boolean closed) throws BusException;

    boolean isClosed() throws BusException;

    @Override
    default void close() {
    }
}
