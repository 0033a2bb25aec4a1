package cryo.hal.pi4j;

import com.pi4j.io.spi.Spi;
import com.pi4j.io.spi.SpiConfig;
import com.pi4j.io.spi.SpiProviderBase;

/**
 * The Pi4J SPI provider for a real board: {@link SpidevSpi} on {@code /dev/spidevBUS.CS}. Added
 * to a Pi4J context explicitly (the firmware never relies on Pi4J's auto-detection picking
 * a provider). Thread contract: {@link #create} on the thread that opens the bus.
 */
public final class SpidevSpiProvider extends SpiProviderBase {
    public static final String ID = "cryo-spidev";
    private final String deviceDirectory;

    public SpidevSpiProvider() {
        this("/dev");
    }

    /** For tests: device files under {@code deviceDirectory} instead of {@code /dev}. */
    SpidevSpiProvider(String deviceDirectory) {
        super(ID, "Cryo-CMOS spidev SPI provider");
        this.deviceDirectory = deviceDirectory;
    }

    @Override
    public Spi create(SpiConfig config) {
        String path = deviceDirectory + "/spidev" + config.bus().getBus() + "." + config.address();
        SpidevSpi spi = new SpidevSpi(this, config, path);
        spi.open();
        context.registry().add(spi);
        return spi;
    }
}
