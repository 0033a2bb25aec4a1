package cryo.controller.interlock;

import cryo.hal.bus.BusException;

/** What the interlock reads from the board beyond samples: its latched faults and the bus error count. Ring thread only. */
public interface BoardFaults {
    /** The board's FAULT_FLAGS register. */
    int faultFlags() throws BusException;

    /** Heaters cut by their comparator, one bit per heater channel. */
    int comparatorTripped() throws BusException;

    /** Clears the watchdog and comparator latches (on re-arm, after the operator acknowledged). */
    void clearLatches() throws BusException;

    /** CRC failures the driver has seen so far (no bus transfer). */
    long crcErrors();
}
