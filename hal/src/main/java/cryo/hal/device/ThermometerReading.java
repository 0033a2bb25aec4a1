package cryo.hal.device;

import cryo.hal.regmap.CryoCmosRegisters;

/** A mutable, reusable reading of one thermometer channel (no allocation per sample). */
public final class ThermometerReading {
    public double rawUnits;
    public int status;
    public long sampleCount;

    public boolean valid() {
        return (status & CryoCmosRegisters.THERM_STATUS_VALID) != 0;
    }

    public boolean open() {
        return (status & CryoCmosRegisters.THERM_STATUS_OPEN) != 0;
    }

    public boolean shorted() {
        return (status & CryoCmosRegisters.THERM_STATUS_SHORT) != 0;
    }
}
