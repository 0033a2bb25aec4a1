package cryo.hal.pi4j;

import com.pi4j.io.spi.SpiBase;
import com.pi4j.io.spi.SpiConfig;
import com.pi4j.io.spi.SpiProvider;
import com.sun.jna.LastErrorException;
import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import cryo.hal.bus.SpiFraming;

/**
 * A Pi4J {@code Spi} on a Linux {@code /dev/spidevB.C} device: no root, no daemon, any Pi with
 * the kernel's spidev driver (Pi 5 included). Unlike Pi4J 2.8.0's linuxfs {@code LinuxFsSpi},
 * which ORs the requested mode into whatever mode the device was left in and allocates a native
 * buffer and a JNA structure on every transfer, this one writes the SPI mode exactly (mode bits
 * only: no loopback, 3-wire, LSB-first or CS-high left over from another tool) and reads it
 * back, and transfers through preallocated native buffers and a preallocated
 * {@code spi_ioc_transfer}: nothing allocated per transfer.
 *
 * <p>Thread contract: one owning thread. A transfer blocks in the kernel for its clock time.
 */
final class SpidevSpi extends SpiBase {
    private final String devicePath;
    private final Memory tx = new Memory(SpiFraming.MAX_TRANSFER_BYTES);
    private final Memory rx = new Memory(SpiFraming.MAX_TRANSFER_BYTES);
    private final Memory message = new Memory(Spidev.TransferStruct.BYTES);
    private final Memory word = new Memory(4);
    private final long messageAddress = Pointer.nativeValue(message);
    private final long wordAddress = Pointer.nativeValue(word);
    private final long transferRequest;
    private int fd = -1;

    SpidevSpi(SpiProvider provider, SpiConfig config, String devicePath) {
        this(provider, config, devicePath, Spidev.SPI_IOC_MESSAGE_1);
    }

    /**
     * For SpiAllocationTest, which has no SPI device: {@code transferRequest} in place of
     * SPI_IOC_MESSAGE(1) (FIONREAD on a plain file), so the whole Java and JNA path of a transfer
     * runs and succeeds; {@link #openUnconfigured} opens without the SPI settings a file refuses.
     */
    SpidevSpi(SpiProvider provider, SpiConfig config, String devicePath, long transferRequest) {
        super(provider, config);
        this.devicePath = devicePath;
        this.transferRequest = transferRequest;
    }

    void openUnconfigured() {
        Spidev.check();
        fd = Spidev.open(devicePath, Spidev.O_RDWR);
        isOpen = true;
    }

    @Override
    public void open() {
        super.open();
        Spidev.check();
        try {
            fd = Spidev.open(devicePath, Spidev.O_RDWR);
        } catch (LastErrorException e) {
            throw new IllegalStateException(SpiDevices.openFailure(devicePath, e.getErrorCode()), e);
        }
        try {
            int mode = config().mode().getMode(); // CPOL/CPHA only: every other mode bit cleared
            setExactly(Spidev.SPI_IOC_WR_MODE32, Spidev.SPI_IOC_RD_MODE32, mode, 4, "SPI mode");
            setExactly(Spidev.SPI_IOC_WR_BITS_PER_WORD, Spidev.SPI_IOC_RD_BITS_PER_WORD, 8, 1, "bits per word");
            setExactly(Spidev.SPI_IOC_WR_MAX_SPEED_HZ, Spidev.SPI_IOC_RD_MAX_SPEED_HZ, config().baud(), 4, "clock Hz");
        } catch (RuntimeException e) {
            closeFd();
            throw e;
        }
        message.clear();
        message.setLong(Spidev.TransferStruct.TX_BUF, Pointer.nativeValue(tx));
        message.setLong(Spidev.TransferStruct.RX_BUF, Pointer.nativeValue(rx));
        message.setInt(Spidev.TransferStruct.SPEED_HZ, config().baud());
        message.setShort(Spidev.TransferStruct.DELAY_USECS, (short) 0);
        message.setByte(Spidev.TransferStruct.BITS_PER_WORD, (byte) 8);
        message.setByte(Spidev.TransferStruct.CS_CHANGE, (byte) 0); // release chip select after the frame
        isOpen = true;
    }

    private void setExactly(long write, long read, int value, int size, String what) {
        try {
            put(value, size);
            Spidev.ioctl(fd, write, wordAddress);
            put(0, size);
            Spidev.ioctl(fd, read, wordAddress);
        } catch (LastErrorException e) {
            throw new IllegalStateException(devicePath + ": cannot set " + what + " " + value + ": " + e.getMessage(), e);
        }
        int back = size == 1 ? word.getByte(0) & 0xFF : word.getInt(0);
        if (back != value) {
            throw new IllegalStateException(devicePath + ": " + what + " reads back " + back + " after writing " + value);
        }
    }

    private void put(int value, int size) {
        if (size == 1) {
            word.setByte(0, (byte) value);
        } else {
            word.setInt(0, value);
        }
    }

    @Override
    public int transfer(byte[] write, int writeOffset, byte[] read, int readOffset, int numberOfBytes) {
        if (numberOfBytes < 1 || numberOfBytes > tx.size()) {
            throw new IllegalArgumentException("SPI transfer of " + numberOfBytes + " bytes outside 1.." + tx.size());
        }
        tx.write(0, write, writeOffset, numberOfBytes);
        message.setInt(Spidev.TransferStruct.LEN, numberOfBytes);
        int moved = Spidev.ioctl(fd, transferRequest, messageAddress); // bytes moved; errno throws
        rx.read(0, read, readOffset, Math.min(Math.max(moved, 0), numberOfBytes));
        return moved;
    }

    @Override
    public int read() {
        throw half();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        throw half();
    }

    @Override
    public int write(byte b) {
        throw half();
    }

    @Override
    public int write(byte[] data, int offset, int length) {
        throw half();
    }

    /** A register frame is one full-duplex transfer; a half transfer would lose the board's answer. */
    private static UnsupportedOperationException half() {
        return new UnsupportedOperationException("the Cryo-CMOS bus only does full-duplex transfers");
    }

    @Override
    public void close() {
        closeFd();
        super.close();
    }

    private void closeFd() {
        if (fd >= 0) {
            try {
                Spidev.close(fd);
            } catch (LastErrorException ignored) {
                // closing a descriptor the kernel already dropped: nothing left to release
            }
            fd = -1;
        }
    }
}
