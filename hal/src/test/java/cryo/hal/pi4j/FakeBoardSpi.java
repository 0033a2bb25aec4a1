package cryo.hal.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiBase;
import com.pi4j.io.spi.SpiConfig;
import com.pi4j.io.spi.SpiProviderBase;
import cryo.hal.bus.Frame;
import cryo.hal.bus.SpiFraming;

/**
 * A Pi4J SPI provider whose device is a tiny board written from the framing in hal/README.md:
 * SYNC while the request and turnaround are clocked, then the response; reads return the
 * register's address as its value, addresses 0x0F00 and above are refused. A test sets
 * {@link #miso} to damage the line. No allocation per transfer.
 */
final class FakeBoardSpi extends SpiProviderBase {
    enum Miso { BOARD, STUCK_HIGH, STUCK_LOW, ECHO, DROPPED_BYTE, SILENT, SHORT_TRANSFER, THROWS }

    Miso miso = Miso.BOARD;
    SpiConfig config;
    int transfers;
    int lastLength;
    final byte[] lastMosi = new byte[SpiFraming.MAX_TRANSFER_BYTES];
    private final byte[] stream = new byte[SpiFraming.MAX_TRANSFER_BYTES + 1];

    FakeBoardSpi() {
        super("fake-board-spi", "fake board");
    }

    /** A Pi4J context holding only this provider. */
    Context newContext() {
        return Pi4J.newContextBuilder().noAutoDetect().add(this).build();
    }

    @Override
    public Spi create(SpiConfig config) {
        this.config = config;
        return new SpiBase(this, config) {
            @Override
            public int transfer(byte[] write, int writeOffset, byte[] read, int readOffset, int n) {
                return exchange(write, writeOffset, read, readOffset, n);
            }

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int write(byte b) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int write(byte[] data, int offset, int length) {
                throw new UnsupportedOperationException();
            }
        };
    }

    private int exchange(byte[] mosi, int mo, byte[] out, int oo, int n) {
        transfers++;
        lastLength = n;
        System.arraycopy(mosi, mo, lastMosi, 0, n);
        java.util.Arrays.fill(stream, (byte) SpiFraming.SYNC);
        int cmd = mosi[mo] & 0xFF;
        int address = ((mosi[mo + 1] & 0xFF) << 8) | (mosi[mo + 2] & 0xFF);
        int count = mosi[mo + 3] & 0xFF;
        int at = SpiFraming.responseOffset(Frame.requestLength(cmd, count));
        if (miso != Miso.SILENT) {
            byte[] r = stream;
            boolean refuse = address >= 0x0F00;
            int status = refuse ? Frame.STATUS_BAD_ADDRESS : Frame.STATUS_OK;
            r[at] = (byte) status;
            r[at + 1] = (byte) (address >>> 8);
            r[at + 2] = (byte) address;
            r[at + 3] = (byte) count;
            int len = Frame.HEADER_BYTES + Frame.CRC_BYTES;
            if (!refuse && cmd == Frame.CMD_READ) {
                for (int i = 0; i < count; i++) {
                    int o = at + Frame.HEADER_BYTES + 4 * i;
                    int v = address + i;
                    r[o] = (byte) (v >>> 24);
                    r[o + 1] = (byte) (v >>> 16);
                    r[o + 2] = (byte) (v >>> 8);
                    r[o + 3] = (byte) v;
                }
                len += 4 * count;
            }
            int crc = cryo.hal.bus.Crc16.compute(r, at, len - 2);
            r[at + len - 2] = (byte) (crc >>> 8);
            r[at + len - 1] = (byte) crc;
        }
        switch (miso) {
            case STUCK_HIGH: java.util.Arrays.fill(out, oo, oo + n, (byte) 0xFF); return n;
            case STUCK_LOW: java.util.Arrays.fill(out, oo, oo + n, (byte) 0x00); return n;
            case ECHO: System.arraycopy(mosi, mo, out, oo, n); return n;
            case DROPPED_BYTE: System.arraycopy(stream, 1, out, oo, n); return n; // MISO lost its first byte
            case SHORT_TRANSFER: System.arraycopy(stream, 0, out, oo, n - 1); return n - 1;
            case THROWS: throw new IllegalStateException("[5] Input/output error");
            default: System.arraycopy(stream, 0, out, oo, n); return n;
        }
    }
}
