package cryo.hal.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class BoardUriTest {

    @Test
    void spiAndTcpUris() {
        assertEquals(new BoardUri(true, null, 0, 0, 0, BoardUri.DEFAULT_SPI_CLOCK_HZ), BoardUri.parse("spi:0.0"));
        assertEquals(new BoardUri(true, null, 0, 1, 2, 8_000_000), BoardUri.parse("spi:1.2@8M"));
        assertEquals(500_000, BoardUri.parse("spi:0.1@500k").clockHz());
        assertEquals(12_500_000, BoardUri.parse("spi:0.1@12500000").clockHz());
        assertEquals(new BoardUri(false, "127.0.0.1", 7000, -1, -1, 0), BoardUri.parse("tcp://127.0.0.1:7000"));
        assertEquals("::1", BoardUri.parse("tcp://[::1]:7000").host());
        assertEquals("spi:0.1@4000000", BoardUri.parse("spi:0.1").toString());
        assertEquals("tcp://[::1]:7000", BoardUri.parse("tcp://[::1]:7000").toString());
    }

    @Test
    void badUrisNameTheFieldAndTheLimit() {
        assertBad("spi:7.0", "board 'spi:7.0': SPI bus 7 outside 0..6");
        assertBad("spi:0.3", "board 'spi:0.3': chip select 3 outside 0..2");
        assertBad("spi:0.0@50M", "board 'spi:0.0@50M': SPI clock 50000000 Hz outside 100000..20000000 Hz (the board's limit)");
        assertBad("spi:0.0@99k", "board 'spi:0.0@99k': SPI clock 99000 Hz outside 100000..20000000 Hz (the board's limit)");
        assertBad("spi:0", "board 'spi:0': expected spi:BUS.CS[@HZ], e.g. spi:0.0 or spi:0.0@8M");
        assertBad("tcp://host:70000", "board 'tcp://host:70000': TCP port 70000 outside 1..65535");
        assertBad("tcp://host:0", "board 'tcp://host:0': TCP port 0 outside 1..65535");
        assertBad("tcp:host:1", "board 'tcp:host:1': expected tcp://HOST:PORT, e.g. tcp://127.0.0.1:7000");
        assertBad("/dev/spidev0.0", "board '/dev/spidev0.0': expected spi:BUS.CS[@HZ] or tcp://HOST:PORT");
        assertBad("", "board: missing; expected spi:BUS.CS[@HZ] or tcp://HOST:PORT");
    }

    private static void assertBad(String uri, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BoardBuses.open(uri));
        assertEquals(message, e.getMessage());
    }

    @Test
    void spiOnAMachineWithoutSpiFailsAtOnceWithOneLine() {
        Path dev = Path.of("/dev/spidev0.0");
        if (Files.exists(dev)) {
            return; // a Pi with SPI enabled: nothing to report (the bus would open on the board)
        }
        BusException e = assertThrows(BusException.class, () -> BoardBuses.open("spi:0.0"));
        assertTrue(e.getMessage().startsWith("/dev/spidev0.0 absent"), e.getMessage());
        assertTrue(e.getMessage().contains("dtparam=spi=on"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line");
    }

    @Test
    void tcpOpensTheSocket() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (RegisterBus bus = BoardBuses.open("tcp://127.0.0.1:" + server.getLocalPort())) {
                assertTrue(bus instanceof TcpRegisterBus);
            }
        }
    }
}
