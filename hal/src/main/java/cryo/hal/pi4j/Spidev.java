package cryo.hal.pi4j;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * The three libc calls a {@code /dev/spidev} device needs, bound by JNA direct mapping: the
 * arguments are primitives (the ioctl argument is a native address), so a call allocates nothing
 * on the Java heap, unlike an interface-mapped varargs {@code ioctl} that boxes every argument.
 * {@code long} is C's {@code unsigned long} only on a 64-bit system, which {@link #check()} demands.
 * A failed call throws {@link LastErrorException} carrying errno.
 *
 * <p>Thread contract: stateless; any thread.
 */
final class Spidev {
    static final int O_RDWR = 2;

    // linux/spi/spidev.h, _IOC(dir, 'k', nr, size) with dir write = 1, read = 2 (arm64 and x86-64)
    static final long SPI_IOC_MESSAGE_1 = ioc(1, 0, TransferStruct.BYTES);
    static final long SPI_IOC_RD_MODE32 = ioc(2, 5, 4);
    static final long SPI_IOC_WR_MODE32 = ioc(1, 5, 4);
    static final long SPI_IOC_RD_BITS_PER_WORD = ioc(2, 3, 1);
    static final long SPI_IOC_WR_BITS_PER_WORD = ioc(1, 3, 1);
    static final long SPI_IOC_RD_MAX_SPEED_HZ = ioc(2, 4, 4);
    static final long SPI_IOC_WR_MAX_SPEED_HZ = ioc(1, 4, 4);

    private static volatile boolean registered;

    private Spidev() {
    }

    private static long ioc(int dir, int nr, int size) {
        return ((long) dir << 30) | ((long) size << 16) | ('k' << 8) | nr;
    }

    /** Binds libc once; throws with one line when this JVM cannot (32-bit OS, no JNA native part). */
    static synchronized void check() {
        if (registered) {
            return;
        }
        if (Native.LONG_SIZE != 8) {
            throw new IllegalStateException("SPI needs a 64-bit OS (C long is " + Native.LONG_SIZE * 8
                    + " bits here): install 64-bit Raspberry Pi OS");
        }
        try {
            Native.register(Spidev.class, Platform.C_LIBRARY_NAME);
        } catch (UnsatisfiedLinkError e) {
            throw new IllegalStateException("cannot bind libc for SPI through JNA: " + e.getMessage(), e);
        }
        registered = true;
    }

    static native int open(String path, int flags) throws LastErrorException;

    static native int close(int fd) throws LastErrorException;

    static native int ioctl(int fd, long request, long argAddress) throws LastErrorException;

    /** {@code struct spi_ioc_transfer} (32 bytes): field offsets. */
    static final class TransferStruct {
        static final int BYTES = 32;
        static final int TX_BUF = 0;
        static final int RX_BUF = 8;
        static final int LEN = 16;
        static final int SPEED_HZ = 20;
        static final int DELAY_USECS = 24;
        static final int BITS_PER_WORD = 26;
        static final int CS_CHANGE = 27;

        private TransferStruct() {
        }
    }
}
