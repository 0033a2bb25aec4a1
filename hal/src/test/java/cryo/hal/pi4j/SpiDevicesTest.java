package cryo.hal.pi4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiBus;
import com.pi4j.io.spi.SpiChipSelect;
import com.pi4j.io.spi.SpiMode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpiDevicesTest {

    @Test
    void noSpidevAtAllMeansSpiIsNotEnabledAndSaysHowToEnableIt(@TempDir Path dev) {
        String why = SpiDevices.problem(dev, 0, 0, p -> true);
        assertEquals(dev.resolve("spidev0.0") + " absent: SPI is not enabled (no " + dev.resolve("spidev*")
                + " at all): add 'dtparam=spi=on' to /boot/firmware/config.txt (or run 'sudo raspi-config nonint do_spi 0') and reboot", why);
    }

    @Test
    void anotherChipSelectPresentIsNamed(@TempDir Path dev) throws Exception {
        Files.createFile(dev.resolve("spidev0.0"));
        Files.createFile(dev.resolve("spidev0.1"));
        String why = SpiDevices.problem(dev, 1, 0, p -> true);
        assertTrue(why.startsWith(dev.resolve("spidev1.0") + " absent (present: spidev0.0, spidev0.1): use one of those"), why);
        assertTrue(why.contains("dtoverlay=spi1-1cs"), why);
    }

    @Test
    void aDeviceThisUserMayNotUseNamesTheGroup(@TempDir Path dev) throws Exception {
        Files.createFile(dev.resolve("spidev0.0"));
        String why = SpiDevices.problem(dev, 0, 0, p -> false);
        assertTrue(why.startsWith(dev.resolve("spidev0.0") + ": no permission to read and write it (owner "), why);
        assertTrue(why.contains("add the user to group spi ('sudo usermod -aG spi "), why);
        assertNull(SpiDevices.problem(dev, 0, 0, p -> true), "present and usable: no problem");
    }

    @Test
    void openFailuresByErrno() {
        assertTrue(SpiDevices.openFailure("/dev/spidev0.0", 2).contains("absent: SPI is not enabled"));
        assertTrue(SpiDevices.openFailure("/dev/spidev0.0", 13).contains("group spi"));
        assertTrue(SpiDevices.openFailure("/dev/spidev0.0", 19).contains("no SPI controller"));
    }

    @Test
    void theSpidevProviderReportsTheKernelsAnswerInOneLine(@TempDir Path dev) throws Exception {
        Context pi4j = Pi4J.newContextBuilder().noAutoDetect().add(new SpidevSpiProvider(dev.toString())).build();
        try {
            // absent: open(2) fails with ENOENT through JNA
            IllegalStateException absent = assertThrows(IllegalStateException.class, () -> pi4j.create(config(pi4j)));
            assertTrue(absent.getMessage().startsWith(dev + "/spidev0.0 absent: SPI is not enabled"), absent.getMessage());
            // a file that is not an SPI device: the mode ioctl fails (ENOTTY) and says which setting
            Files.createFile(dev.resolve("spidev0.0"));
            IllegalStateException notSpi = assertThrows(IllegalStateException.class, () -> pi4j.create(config(pi4j)));
            assertTrue(notSpi.getMessage().startsWith(dev + "/spidev0.0: cannot set SPI mode 0: "), notSpi.getMessage());
        } finally {
            pi4j.shutdown();
        }
    }

    private static com.pi4j.io.spi.SpiConfig config(Context pi4j) {
        return Spi.newConfigBuilder(pi4j).id("t").bus(SpiBus.BUS_0).chipSelect(SpiChipSelect.CS_0)
                .mode(SpiMode.MODE_0).baud(4_000_000).build();
    }

    @Test
    void ioctlNumbersAreSpidevHs() {
        assertEquals(0x40206B00L, Spidev.SPI_IOC_MESSAGE_1);
        assertEquals(0x80046B05L, Spidev.SPI_IOC_RD_MODE32);
        assertEquals(0x40046B05L, Spidev.SPI_IOC_WR_MODE32);
        assertEquals(0x40016B03L, Spidev.SPI_IOC_WR_BITS_PER_WORD);
        assertEquals(0x40046B04L, Spidev.SPI_IOC_WR_MAX_SPEED_HZ);
    }
}
