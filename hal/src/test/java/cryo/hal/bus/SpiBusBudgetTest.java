package cryo.hal.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SpiBusBudgetTest {

    @Test
    void aFrameCostsItsBitsPlusTheTransferOverhead() {
        // a 3-register read: 6 request + 2 turnaround + 18 response = 26 bytes = 208 bits
        assertEquals(26, SpiFraming.transferLength(Frame.CMD_READ, 3));
        assertEquals(208 / 4e6 + 50e-6, SpiBusBudget.frameSeconds(Frame.CMD_READ, 3, 4_000_000), 1e-12);
        // the longest frame, 64 registers: 270 bytes, 540 µs at 4 MHz
        assertEquals(270, SpiFraming.transferLength(Frame.CMD_READ, 64));
        assertEquals(270, SpiFraming.transferLength(Frame.CMD_WRITE, 64));
    }

    @Test
    void aTickThatFitsReturnsItsBusTime() {
        assertEquals(40 * 50e-6 + 1200 * 8 / 4e6, SpiBusBudget.check(40, 1200, 4_000_000, 0.1), 1e-12);
    }

    @Test
    void aTickThatCannotFitIsRefusedWithTheClockThatWouldFit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SpiBusBudget.check(40, 12_000, 100_000, 0.1));
        assertEquals("SPI bus budget: 40 transfers (12000 bytes) per tick take 962.000 ms at 100000 Hz, over the"
                + " 50.000 ms (50 % of the 100.000 ms tick) they may use: raise the SPI clock to at least 2000000 Hz"
                + " or lengthen the tick", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SpiBusBudget.check(300, 12_000, 20_000_000, 0.02));
        assertEquals("SPI bus budget: 300 transfers (12000 bytes) per tick take 19.800 ms at 20000000 Hz, over the"
                + " 10.000 ms (50 % of the 20.000 ms tick) they may use: no clock up to 20000000 Hz fits:"
                + " lengthen the tick or move less per tick", e.getMessage());
    }
}
