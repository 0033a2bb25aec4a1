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

    /**
     * Clears latched FAULT_FLAGS bits (write 1 to clear). The board latches a supply, die or heater
     * fault again at once while its condition lasts, so reading the flags after clearing them
     * tells whether the cause is still present.
     */
    void clearFlags(int bits) throws BusException;

    /** The core supply rail, volts (SUPPLY_VOLTS). */
    double supplyVolts() throws BusException;

    /** The Cryo-CMOS die temperature, kelvin (DIE_TEMPERATURE). */
    double dieKelvin() throws BusException;

    /** CRC failures the driver has seen so far (no bus transfer). */
    long crcErrors();

    /** Frames the driver has exchanged so far, failed or not (no bus transfer). */
    long transfers();
}
