package cryo.hal.device;

import cryo.hal.bus.BusException;

/**
 * A heater output on the board. Power is requested in watts; the board clamps to its range and
 * cuts the output on its own watchdog, comparator or an open interlock relay.
 *
 * <p>Thread contract: called on the ring thread only; blocks at most one bus transfer per call.
 */
public interface Heater extends AutoCloseable {
    String id();

    int channel();

    void setOutputWatts(double powerWatts) throws BusException;

    void setRange(int range) throws BusException;

    /** Power the board measures at the heater, in watts. */
    double readbackWatts() throws BusException;

    /** HEATER_STATUS bits (open, short, cut by comparator, watchdog, relay). */
    int status() throws BusException;

    /** Programs the board's over-temperature comparator for this heater (hardware safety layer). */
    void setComparator(int thermometerChannel, double thresholdUnits, int mode) throws BusException;

    @Override
    default void close() {
    }
}
