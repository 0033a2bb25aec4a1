package cryo.hal.device;

import cryo.hal.bus.BusException;

/**
 * A thermometer channel that reports in its own units (ohms); conversion to kelvin is a
 * calibration curve's job, not the device's.
 *
 * <p>Thread contract: called on the ring thread only; blocks at most one bus transfer.
 */
public interface Thermometer extends AutoCloseable {
    String id();

    int channel();

    /** Reads the latest conversion into {@code out}. */
    void read(ThermometerReading out) throws BusException;

    @Override
    default void close() {
    }
}
