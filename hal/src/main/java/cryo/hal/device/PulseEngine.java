package cryo.hal.device;

import cryo.hal.bus.BusException;

/**
 * The board's timed pulse engine. The walking skeleton only halts it (safe state); the pulse
 * sequencer issue adds the FIFO.
 * Thread contract: ring thread only; one bus transfer per call.
 */
public interface PulseEngine extends AutoCloseable {
    /** Stops playing and clears the FIFO. */
    void halt() throws BusException;

    @Override
    default void close() {
    }
}
