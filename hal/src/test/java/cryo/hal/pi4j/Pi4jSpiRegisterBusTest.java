package cryo.hal.pi4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.io.spi.SpiMode;
import cryo.hal.bus.BusException;
import cryo.hal.bus.BusTimeoutException;
import cryo.hal.bus.Frame;
import cryo.hal.bus.SpiFraming;
import cryo.hal.cmos.CryoCmosBoard;
import org.junit.jupiter.api.Test;

class Pi4jSpiRegisterBusTest {

    @Test
    void eachFrameIsOneFullDuplexTransferOfRequestTurnaroundAndResponse() throws Exception {
        FakeBoardSpi fake = new FakeBoardSpi();
        try (CryoCmosBoard board = new CryoCmosBoard(new Pi4jSpiRegisterBus(fake.newContext(), 0, 1, 8_000_000))) {
            int[] words = new int[3];
            board.readRegisters(0x0100, 3, words);
            assertArrayEquals(new int[] {0x0100, 0x0101, 0x0102}, words);
            assertEquals(1, fake.transfers, "one transfer per frame");
            assertEquals(6 + 2 + 4 + 12 + 2, fake.lastLength, "request 6, turnaround 2, response 18");
            assertEquals(Frame.CMD_READ, fake.lastMosi[0] & 0xFF);
            for (int i = 6; i < fake.lastLength; i++) {
                assertEquals(SpiFraming.FILL, fake.lastMosi[i] & 0xFF, "MOSI after the request is FILL");
            }
            board.writeRegister(0x0011, 1);
            assertEquals(2, fake.transfers);
            assertEquals(10 + 2 + 6, fake.lastLength, "a write: request 10, turnaround 2, response 6");
        }
        assertEquals(SpiMode.MODE_0, fake.config.mode(), "mode 0 asked for exactly");
        assertEquals(8_000_000, fake.config.baud());
        assertEquals(0, fake.config.bus().getBus());
        assertEquals(1, fake.config.address());
    }

    @Test
    void aRefusalIsHeaderAndCrcAndTheDriverReportsIt() throws Exception {
        FakeBoardSpi fake = new FakeBoardSpi();
        try (CryoCmosBoard board = new CryoCmosBoard(new Pi4jSpiRegisterBus(fake.newContext(), 0, 0, 4_000_000))) {
            BusException e = assertThrows(BusException.class, () -> board.readRegister(0x0F10));
            assertTrue(e.getMessage().contains("BAD_ADDRESS"), e.getMessage());
            assertEquals(0, board.crcErrors(), "a refusal arrives with a good CRC");
        }
    }

    @Test
    void eachBrokenLineIsItsOwnBusException() throws Exception {
        assertFault(FakeBoardSpi.Miso.STUCK_HIGH, BusException.class, "no board: MISO reads all ones");
        assertFault(FakeBoardSpi.Miso.STUCK_LOW, BusException.class, "no board: MISO reads all zeros");
        assertFault(FakeBoardSpi.Miso.ECHO, BusException.class, "MISO echoes MOSI");
        assertFault(FakeBoardSpi.Miso.DROPPED_BYTE, BusException.class, "board out of step: byte 7 before the response is 0x00");
        assertFault(FakeBoardSpi.Miso.SILENT, BusTimeoutException.class, "board did not answer within the 2-byte turnaround");
        assertFault(FakeBoardSpi.Miso.SHORT_TRANSFER, BusException.class, "SPI moved 29 of 30 bytes");
        assertFault(FakeBoardSpi.Miso.THROWS, BusException.class, "SPI transfer failed: [5] Input/output error");
    }

    private static void assertFault(FakeBoardSpi.Miso fault, Class<? extends BusException> type, String text) throws Exception {
        FakeBoardSpi fake = new FakeBoardSpi();
        try (CryoCmosBoard board = new CryoCmosBoard(new Pi4jSpiRegisterBus(fake.newContext(), 0, 0, 4_000_000))) {
            fake.miso = fault;
            int[] words = new int[4];
            BusException e = assertThrows(BusException.class, () -> board.readRegisters(0x0100, 4, words));
            assertInstanceOf(type, e, fault + ": " + e);
            assertTrue(e.getMessage().startsWith("spi:0.0: "), e.getMessage());
            assertTrue(e.getMessage().contains(text), fault + ": " + e.getMessage());
            assertEquals(1, board.transferErrors());
            fake.miso = FakeBoardSpi.Miso.BOARD;
            board.readRegisters(0x0100, 4, words); // chip select released: the next frame is clean
            assertEquals(0x0103, words[3]);
        }
    }

    @Test
    void busAndClockOutsidePi4jAndTheBoardAreRefused() {
        FakeBoardSpi fake = new FakeBoardSpi();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Pi4jSpiRegisterBus(fake.newContext(), 0, 0, 40_000_000));
        assertEquals("SPI clock 40000000 Hz outside 100000..20000000 Hz", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Pi4jSpiRegisterBus(fake.newContext(), 7, 0, 4_000_000));
        assertEquals("no SPI bus 7 chip select 0 in Pi4J", e.getMessage());
    }
}
