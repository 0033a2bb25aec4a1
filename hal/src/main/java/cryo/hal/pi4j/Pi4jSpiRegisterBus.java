package cryo.hal.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiBus;
import com.pi4j.io.spi.SpiMode;
import cryo.hal.bus.BusException;
import cryo.hal.bus.BusTimeoutException;
import cryo.hal.bus.Frame;
import cryo.hal.bus.RegisterBus;

/**
 * The register bus of a real board on a Raspberry Pi SPI port (Pi4J 2). The request frame is
 * clocked out, then the response is clocked in: its length follows from the request (a read
 * returns COUNT words) unless the board's status byte refuses it, in which case the frame is
 * header and CRC only. An all-ones or all-zeros status byte means no board drives MISO.
 *
 * <p>Thread contract: one owning thread. Allocation: none per transfer.
 */
public final class Pi4jSpiRegisterBus implements RegisterBus {
    private final Spi spi;

    public Pi4jSpiRegisterBus(Context pi4j, int bus, int chipSelect, int baud) {
        this.spi = pi4j.create(Spi.newConfigBuilder(pi4j)
                .id("cryo-cmos-spi" + bus + "." + chipSelect)
                .bus(SpiBus.getByNumber(bus))
                .channel(chipSelect)
                .mode(SpiMode.MODE_0)
                .baud(baud)
                .build());
    }

    /** For tests and other Pi4J providers (e.g. Pi4J's mock plugin). */
    public Pi4jSpiRegisterBus(Spi spi) {
        this.spi = spi;
    }

    @Override
    public int transfer(byte[] request, int requestLength, byte[] response) throws BusException {
        int cmd = request[0] & 0xFF;
        int count = request[3] & 0xFF;
        int expected = Frame.responseLength(cmd, count);
        try {
            spi.write(request, 0, requestLength);
            int got = spi.read(response, 0, expected);
            if (got <= 0) {
                throw new BusTimeoutException("SPI read returned " + got + ": no board on the bus");
            }
            int status = response[0] & 0xFF;
            if (status == 0xFF) {
                throw new BusTimeoutException("SPI status byte 0xFF: no board drives MISO");
            }
            return status == Frame.STATUS_OK ? got : Frame.HEADER_BYTES + Frame.CRC_BYTES;
        } catch (RuntimeException e) {
            throw new BusException("SPI transfer failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        spi.close();
    }
}
