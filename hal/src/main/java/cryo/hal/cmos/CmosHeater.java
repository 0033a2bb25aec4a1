package cryo.hal.cmos;

import cryo.hal.bus.BusException;
import cryo.hal.device.Heater;
import cryo.hal.regmap.CryoCmosRegisters;

/** A heater channel of a Cryo-CMOS board. */
public final class CmosHeater implements Heater {
    private final CryoCmosBoard board;
    private final String id;
    private final int channel;
    private final int[] comparator = new int[3];

    public CmosHeater(CryoCmosBoard board, String id, int channel) {
        if (channel < 0 || channel >= CryoCmosRegisters.HEATER_CHANNELS) {
            throw new IllegalArgumentException("heater channel " + channel + " outside 0.."
                    + (CryoCmosRegisters.HEATER_CHANNELS - 1));
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
    public void setOutputWatts(double powerWatts) throws BusException {
        board.writeFloat(CryoCmosRegisters.heater(channel, CryoCmosRegisters.HEATER_OUTPUT), (float) powerWatts);
    }

    @Override
    public void setRange(int range) throws BusException {
        board.writeRegister(CryoCmosRegisters.heater(channel, CryoCmosRegisters.HEATER_RANGE), range);
    }

    @Override
    public double readbackWatts() throws BusException {
        return board.readFloat(CryoCmosRegisters.heater(channel, CryoCmosRegisters.HEATER_READBACK));
    }

    @Override
    public int status() throws BusException {
        return board.readRegister(CryoCmosRegisters.heater(channel, CryoCmosRegisters.HEATER_STATUS));
    }

    @Override
    public void setComparator(int thermometerChannel, double thresholdUnits, int mode) throws BusException {
        comparator[0] = thermometerChannel;
        comparator[1] = Float.floatToRawIntBits((float) thresholdUnits);
        comparator[2] = mode;
        int base = CryoCmosRegisters.heater(channel, CryoCmosRegisters.HEATER_COMP_CHANNEL);
        board.writeRegisters(base, comparator, 3);
        board.readRegisters(base, 3, comparator);
        if (comparator[0] != thermometerChannel || Float.intBitsToFloat(comparator[1]) != (float) thresholdUnits
                || comparator[2] != mode) {
            throw new BusException("heater " + id + " comparator read back differs from what was written");
        }
    }
}
