package cryo.hal.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiBus;
import com.pi4j.io.spi.SpiChipSelect;
import com.pi4j.io.spi.SpiMode;
import cryo.hal.bus.BusException;
import cryo.hal.bus.BusTimeoutException;
import cryo.hal.bus.Frame;
import cryo.hal.bus.RegisterBus;
import cryo.hal.bus.SpiFraming;
import java.util.Arrays;

/**
 * The register bus of a real board on an SPI port, through Pi4J 2: each frame is one full-duplex
 * transfer laid out as {@link SpiFraming} defines (request, turnaround, response), SPI mode 0,
 * MSB first, 8-bit words. Before a response is handed on, the whole transfer is checked: the
 * byte count moved, a MISO that echoes MOSI, an all-zeros or all-ones response (no board drives
 * MISO), the SYNC preamble (a dropped or extra byte, wrong SPI mode) and the status byte. Each
 * failure is a {@link BusException} naming what was seen; the CRC is the driver's to check.
 *
 * <p>Which Pi4J SPI provider serves the transfers is the {@link Context}'s business: on a Pi it is
 * {@link SpidevSpiProvider} (through {@code /dev/spidev}), in tests a loopback to the simulated
 * board. The bus owns the context it is given and shuts it down on {@link #close()}.
 *
 * <p>Thread contract: one owning thread (the ring thread); blocks for the transfer's duration
 * (the kernel's SPI driver has no timeout of its own: a dead board answers SYNC or nothing, never
 * hangs the clock). Allocation: none per transfer on the success path; both buffers are
 * preallocated and the SPI provider is handed the same arrays every time.
 */
public final class Pi4jSpiRegisterBus implements RegisterBus {
    private final Context context;
    private final Spi spi;
    private final String where;
    private final byte[] mosi = new byte[SpiFraming.MAX_TRANSFER_BYTES];
    private final byte[] miso = new byte[SpiFraming.MAX_TRANSFER_BYTES];
    private boolean closed;

    /**
     * Opens chip select {@code chipSelect} on SPI bus {@code bus} at {@code clockHz} through the
     * context's SPI provider. Bus and chip select must exist in Pi4J ({@code 0..6}, {@code 0..2}).
     */
    public Pi4jSpiRegisterBus(Context context, int bus, int chipSelect, int clockHz) {
        SpiBus spiBus = SpiBus.getByNumber(bus);
        SpiChipSelect cs = SpiChipSelect.getByNumber(chipSelect);
        if (spiBus == null || cs == null) {
            throw new IllegalArgumentException("no SPI bus " + bus + " chip select " + chipSelect + " in Pi4J");
        }
        if (clockHz < SpiFraming.MIN_CLOCK_HZ || clockHz > SpiFraming.MAX_CLOCK_HZ) {
            throw new IllegalArgumentException("SPI clock " + clockHz + " Hz outside "
                    + SpiFraming.MIN_CLOCK_HZ + ".." + SpiFraming.MAX_CLOCK_HZ + " Hz");
        }
        this.context = context;
        this.where = "spi:" + bus + "." + chipSelect;
        try {
            this.spi = context.create(Spi.newConfigBuilder(context)
                    .id("cryo-cmos-spi" + bus + "-" + chipSelect)
                    .bus(spiBus)
                    .chipSelect(cs)
                    .mode(SpiMode.MODE_0)
                    .baud(clockHz)
                    .build());
        } catch (RuntimeException e) {
            context.shutdown();
            throw e;
        }
    }

    @Override
    public int transfer(byte[] request, int requestLength, byte[] response) throws BusException {
        int cmd = request[0] & 0xFF;
        int count = request[3] & 0xFF;
        int expected = Frame.responseLength(cmd, count);
        int offset = SpiFraming.responseOffset(requestLength);
        int length = offset + expected;
        if (length > mosi.length || expected > response.length) {
            throw new BusException(where + ": a " + length + "-byte transfer exceeds the " + mosi.length + "-byte limit");
        }
        System.arraycopy(request, 0, mosi, 0, requestLength);
        Arrays.fill(mosi, requestLength, length, (byte) SpiFraming.FILL);
        int moved;
        try {
            moved = spi.transfer(mosi, 0, miso, 0, length);
        } catch (RuntimeException e) {
            throw new BusException(where + ": SPI transfer failed: " + e.getMessage(), e);
        }
        if (moved != length) {
            throw new BusException(where + ": SPI moved " + moved + " of " + length + " bytes");
        }
        checkLink(requestLength, offset, expected);
        int status = miso[offset] & 0xFF;
        int got = status == Frame.STATUS_OK ? expected : Frame.HEADER_BYTES + Frame.CRC_BYTES;
        System.arraycopy(miso, offset, response, 0, got);
        return got;
    }

    /** The link checks, in the order that names the cause: each of them throws. */
    private void checkLink(int requestLength, int offset, int expected) throws BusException {
        if (Arrays.equals(miso, 0, requestLength, mosi, 0, requestLength)) {
            throw new BusException(where + ": MISO echoes MOSI (" + requestLength
                    + " request bytes came back): MOSI and MISO shorted, or SPI loopback mode set");
        }
        if (all(miso, offset, expected, 0x00)) {
            throw new BusException(where + ": no board: MISO reads all zeros"
                    + " (board unpowered or not connected, or MISO stuck low)");
        }
        if (all(miso, offset, expected, 0xFF)) {
            throw new BusException(where + ": no board: MISO reads all ones"
                    + " (nothing drives MISO, or MISO stuck high)");
        }
        for (int i = 0; i < offset; i++) {
            if ((miso[i] & 0xFF) != SpiFraming.SYNC) {
                throw new BusException(where + ": board out of step: byte " + i + " before the response is 0x"
                        + hex(miso[i]) + ", not SYNC 0xA5 (a dropped or extra byte, wrong SPI mode, or"
                        + " another device on this chip select)");
            }
        }
        int status = miso[offset] & 0xFF;
        if (status == SpiFraming.SYNC) {
            throw new BusTimeoutException(where + ": board did not answer within the "
                    + SpiFraming.TURNAROUND_BYTES + "-byte turnaround (SYNC where the status byte belongs)");
        }
        if (status > Frame.STATUS_BAD_COMMAND) {
            throw new BusException(where + ": board out of step: status byte 0x" + hex(miso[offset])
                    + " is no status (a dropped or extra byte, or wrong SPI mode)");
        }
    }

    private static boolean all(byte[] b, int from, int length, int value) {
        for (int i = from; i < from + length; i++) {
            if ((b[i] & 0xFF) != value) {
                return false;
            }
        }
        return true;
    }

    private static String hex(byte b) {
        String s = Integer.toHexString(b & 0xFF).toUpperCase();
        return s.length() == 1 ? "0" + s : s;
    }

    /** Where the bus goes, as a board URI names it ({@code spi:BUS.CS}). */
    public String where() {
        return where;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            spi.close();
        } finally {
            context.shutdown();
        }
    }
}
