package cryo.hal.cmos;

import cryo.hal.bus.BusException;
import cryo.hal.device.Thermometer;
import cryo.hal.device.ThermometerReading;
import cryo.hal.regmap.CryoCmosRegisters;

/** A thermometer channel of a Cryo-CMOS board: one 3-register block read per sample. */
public final class CmosThermometer implements Thermometer {
    private final CryoCmosBoard board;
    private final String id;
    private final int channel;
    private final int[] words = new int[3];

    public CmosThermometer(CryoCmosBoard board, String id, int channel) {
        if (channel < 0 || channel >= CryoCmosRegisters.THERMOMETER_CHANNELS) {
            throw new IllegalArgumentException("thermometer channel " + channel + " outside 0.."
                    + (CryoCmosRegisters.THERMOMETER_CHANNELS - 1));
        }
        this.board = board;
        this.id = id;
        this.channel = channel;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int channel() {
        return channel;
    }

    @Override
    public void read(ThermometerReading out) throws BusException {
        board.readRegisters(CryoCmosRegisters.thermometer(channel, CryoCmosRegisters.THERM_RAW), 3, words);
        out.rawUnits = Float.intBitsToFloat(words[0]);
        out.status = words[1];
        out.sampleCount = words[2] & 0xFFFF_FFFFL;
    }
}
