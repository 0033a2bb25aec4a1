package cryo.hal.pi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiBus;
import com.pi4j.io.spi.SpiChipSelect;
import com.pi4j.io.spi.SpiConfig;
import com.pi4j.io.spi.SpiMode;
import com.pi4j.plugin.linuxfs.provider.spi.LinuxFsSpi;
import com.pi4j.plugin.linuxfs.provider.spi.LinuxFsSpiProviderImpl;
import cryo.hal.bus.SpiFraming;
import cryo.hal.cmos.CryoCmosBoard;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bytes allocated on the calling thread per SPI transfer (ThreadMXBean), the figure in
 * hal/README.md. Our path is the bus and driver (measured over an in-memory provider) plus
 * {@link SpidevSpi}'s transfer with its real JNA call (FIONREAD on a plain file in place of
 * SPI_IOC_MESSAGE, as this machine has no SPI): both must be zero. Pi4J's linuxfs
 * {@code LinuxFsSpi.transfer} is measured for comparison (its ioctl fails here with ENOTTY,
 * after it has allocated what it allocates on every transfer).
 */
class SpiAllocationTest {
    private static final int FIONREAD = 0x541B;
    private static final int WARMUP = 30_000;
    private static final int MEASURED = 20_000;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    interface Transfer {
        void run() throws Exception;
    }

    /**
     * The fewest bytes per transfer over five rounds after warm-up: a one-off allocation in a
     * round (a late JIT transition) is not the transfer's; what every transfer allocates shows
     * in every round.
     */
    static double bytesPerTransfer(Transfer t) throws Exception {
        for (int i = 0; i < WARMUP; i++) {
            t.run();
        }
        long id = Thread.currentThread().getId();
        long fewest = Long.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            long before = THREADS.getThreadAllocatedBytes(id);
            for (int i = 0; i < MEASURED; i++) {
                t.run();
            }
            fewest = Math.min(fewest, THREADS.getThreadAllocatedBytes(id) - before);
        }
        return fewest / (double) MEASURED;
    }

    @Test
    void busAndSpidevAllocateNothingPerTransfer(@TempDir Path dir) throws Exception {
        FakeBoardSpi fake = new FakeBoardSpi();
        int[] words = new int[3];
        double busBytes;
        try (CryoCmosBoard board = new CryoCmosBoard(new Pi4jSpiRegisterBus(fake.newContext(), 0, 0, 4_000_000))) {
            busBytes = bytesPerTransfer(() -> board.readRegisters(0x0100, 3, words));
        }

        Path file = Files.write(dir.resolve("not-spi"), new byte[64]);
        Context pi4j = Pi4J.newContextBuilder().noAutoDetect().build();
        SpidevSpi spidev = new SpidevSpi(new SpidevSpiProvider(), config(pi4j), file.toString(), FIONREAD);
        spidev.openUnconfigured();
        byte[] tx = new byte[SpiFraming.MAX_TRANSFER_BYTES];
        byte[] rx = new byte[SpiFraming.MAX_TRANSFER_BYTES];
        double spidevBytes;
        try {
            spidevBytes = bytesPerTransfer(() -> spidev.transfer(tx, 0, rx, 0, 26));
        } finally {
            spidev.close();
            pi4j.shutdown();
        }

        System.out.printf("SPI bytes allocated per transfer: bus + driver %.2f, SpidevSpi %.2f%n", busBytes, spidevBytes);
        assertEquals(0.0, busBytes, "Pi4jSpiRegisterBus + CryoCmosBoard allocate nothing per transfer");
        assertEquals(0.0, spidevBytes, "SpidevSpi.transfer (JNA direct call) allocates nothing per transfer");
    }

    @Test
    void pi4jsLinuxfsSpiAllocatesOnEveryTransfer() throws Exception {
        Context pi4j = Pi4J.newContextBuilder().noAutoDetect().build();
        try {
            LinuxFsSpi linuxfs = new LinuxFsSpi(new LinuxFsSpiProviderImpl(), config(pi4j)); // fd 0: ENOTTY
            byte[] tx = new byte[26];
            byte[] rx = new byte[26];
            double bytes = bytesPerTransfer(() -> linuxfs.transfer(tx, 0, rx, 0, tx.length));
            System.out.printf("SPI bytes allocated per transfer: Pi4J 2.8.0 LinuxFsSpi %.0f%n", bytes);
            assertTrue(bytes > 0, "LinuxFsSpi allocates a JNA Memory and spi_ioc_transfer per transfer: " + bytes);
        } finally {
            pi4j.shutdown();
        }
    }

    private static SpiConfig config(Context pi4j) {
        return Spi.newConfigBuilder(pi4j).id("alloc").bus(SpiBus.BUS_0).chipSelect(SpiChipSelect.CS_0)
                .mode(SpiMode.MODE_0).baud(4_000_000).build();
    }
}
