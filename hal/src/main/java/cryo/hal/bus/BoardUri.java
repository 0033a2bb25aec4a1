package cryo.hal.bus;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the board is: {@code spi:BUS.CS[@HZ]} (a real board on a Raspberry Pi SPI port; HZ may end
 * in {@code k} or {@code M}, default {@value #DEFAULT_SPI_CLOCK_HZ} Hz) or {@code tcp://HOST:PORT}
 * (a simulated board in its own process). {@link #parse} checks every field against its limit and
 * names it in one line; nothing is opened here, so a configuration can be checked on any machine.
 *
 * @param spi        true for an SPI board, false for TCP
 * @param host       TCP host (null for SPI)
 * @param port       TCP port (0 for SPI)
 * @param spiBus     SPI bus {@code 0..}{@value #MAX_SPI_BUS} (Pi4J's buses; -1 for TCP)
 * @param chipSelect chip select {@code 0..}{@value #MAX_CHIP_SELECT} (-1 for TCP)
 * @param clockHz    SPI clock, {@link SpiFraming#MIN_CLOCK_HZ}..{@link SpiFraming#MAX_CLOCK_HZ} (0 for TCP)
 */
public record BoardUri(boolean spi, String host, int port, int spiBus, int chipSelect, int clockHz) {
    public static final int MAX_SPI_BUS = 6;
    public static final int MAX_CHIP_SELECT = 2;
    public static final int DEFAULT_SPI_CLOCK_HZ = 4_000_000;

    private static final Pattern SPI = Pattern.compile("spi:(\\d{1,9})\\.(\\d{1,9})(?:@(\\d{1,9})([kM]?)(?:Hz)?)?");
    private static final Pattern TCP = Pattern.compile("tcp://(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9.-]+):(\\d{1,9})");

    /**
     * Parses a board URI.
     *
     * @throws IllegalArgumentException one line naming the field and its limit
     */
    public static BoardUri parse(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("board: missing; expected spi:BUS.CS[@HZ] or tcp://HOST:PORT");
        }
        String u = uri.trim();
        Matcher m = SPI.matcher(u);
        if (m.matches()) {
            int bus = Integer.parseInt(m.group(1));
            int cs = Integer.parseInt(m.group(2));
            if (bus > MAX_SPI_BUS) {
                throw new IllegalArgumentException("board '" + u + "': SPI bus " + bus + " outside 0.." + MAX_SPI_BUS);
            }
            if (cs > MAX_CHIP_SELECT) {
                throw new IllegalArgumentException("board '" + u + "': chip select " + cs + " outside 0.." + MAX_CHIP_SELECT);
            }
            int hz = DEFAULT_SPI_CLOCK_HZ;
            if (m.group(3) != null) {
                long scale = "k".equals(m.group(4)) ? 1_000L : "M".equals(m.group(4)) ? 1_000_000L : 1L;
                long v = Long.parseLong(m.group(3)) * scale;
                if (v < SpiFraming.MIN_CLOCK_HZ || v > SpiFraming.MAX_CLOCK_HZ) {
                    throw new IllegalArgumentException("board '" + u + "': SPI clock " + v + " Hz outside "
                            + SpiFraming.MIN_CLOCK_HZ + ".." + SpiFraming.MAX_CLOCK_HZ + " Hz (the board's limit)");
                }
                hz = (int) v;
            }
            return new BoardUri(true, null, 0, bus, cs, hz);
        }
        m = TCP.matcher(u);
        if (m.matches()) {
            int port = Integer.parseInt(m.group(2));
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("board '" + u + "': TCP port " + port + " outside 1..65535");
            }
            String host = m.group(1);
            if (host.startsWith("[")) {
                host = host.substring(1, host.length() - 1);
            }
            return new BoardUri(false, host, port, -1, -1, 0);
        }
        if (u.startsWith("spi:")) {
            throw new IllegalArgumentException("board '" + u + "': expected spi:BUS.CS[@HZ], e.g. spi:0.0 or spi:0.0@8M");
        }
        if (u.startsWith("tcp:")) {
            throw new IllegalArgumentException("board '" + u + "': expected tcp://HOST:PORT, e.g. tcp://127.0.0.1:7000");
        }
        throw new IllegalArgumentException("board '" + u + "': expected spi:BUS.CS[@HZ] or tcp://HOST:PORT");
    }

    @Override
    public String toString() {
        return spi ? "spi:" + spiBus + "." + chipSelect + "@" + clockHz
                : "tcp://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
