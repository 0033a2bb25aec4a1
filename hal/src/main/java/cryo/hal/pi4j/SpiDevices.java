package cryo.hal.pi4j;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Why an SPI device cannot be used, in one line that names what is missing and how to fix it:
 * the device file absent (SPI not enabled, or another bus/chip select), or no permission.
 * Checked before Pi4J is touched, so a machine without SPI fails at once with a sentence, not a
 * stack trace. Pure apart from reading the device directory.
 */
public final class SpiDevices {
    private static final String ENABLE = "add 'dtparam=spi=on' to /boot/firmware/config.txt"
            + " (or run 'sudo raspi-config nonint do_spi 0') and reboot";

    private SpiDevices() {
    }

    /** The device file of bus {@code bus}, chip select {@code chipSelect} under {@code deviceDirectory}. */
    public static Path device(Path deviceDirectory, int bus, int chipSelect) {
        return deviceDirectory.resolve("spidev" + bus + "." + chipSelect);
    }

    /** Null when {@code /dev/spidevBUS.CS} exists and this process may read and write it; else why not. */
    public static String problem(int bus, int chipSelect) {
        return problem(Path.of("/dev"), bus, chipSelect, p -> Files.isReadable(p) && Files.isWritable(p));
    }

    static String problem(Path deviceDirectory, int bus, int chipSelect, Predicate<Path> readWrite) {
        Path device = device(deviceDirectory, bus, chipSelect);
        if (Files.exists(device)) {
            return readWrite.test(device) ? null : noPermission(device);
        }
        List<String> present = present(deviceDirectory);
        if (present.isEmpty()) {
            return device + " absent: SPI is not enabled (no " + deviceDirectory.resolve("spidev*")
                    + " at all): " + ENABLE;
        }
        return device + " absent (present: " + String.join(", ", present) + "): use one of those as spi:BUS.CS,"
                + " or enable bus " + bus + " chip select " + chipSelect + " with a dtoverlay in"
                + " /boot/firmware/config.txt (e.g. dtoverlay=spi" + bus + "-" + (chipSelect + 1) + "cs) and reboot";
    }

    /** One line for an {@code open(2)} that failed on {@code path} with {@code errno}. */
    static String openFailure(String path, int errno) {
        switch (errno) {
            case 2: // ENOENT
                return path + " absent: SPI is not enabled: " + ENABLE;
            case 1: // EPERM
            case 13: // EACCES
                return noPermission(Path.of(path));
            case 6: // ENXIO
            case 19: // ENODEV
                return path + " has no SPI controller behind it (errno " + errno + "): check the dtoverlay for this bus and reboot";
            default:
                return "cannot open " + path + ": errno " + errno;
        }
    }

    private static String noPermission(Path device) {
        String user = System.getProperty("user.name");
        return device + ": no permission to read and write it (" + describe(device) + ") as user " + user
                + ": add the user to group spi ('sudo usermod -aG spi " + user + "'), then log in again"
                + " (the firmware's systemd unit: SupplementaryGroups=spi)";
    }

    private static String describe(Path device) {
        try {
            PosixFileAttributes a = Files.readAttributes(device, PosixFileAttributes.class);
            return "owner " + a.owner().getName() + ", group " + a.group().getName() + ", "
                    + PosixFilePermissions.toString(a.permissions());
        } catch (IOException | UnsupportedOperationException e) {
            return "attributes unreadable";
        }
    }

    private static List<String> present(Path deviceDirectory) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(deviceDirectory, "spidev*")) {
            for (Path p : s) {
                names.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            return names;
        }
        names.sort(null);
        return names;
    }
}
