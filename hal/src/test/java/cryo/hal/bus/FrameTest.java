package cryo.hal.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FrameTest {
    @Test
    void crc16MatchesTheCcittFalseCheckValue() {
        byte[] check = "123456789".getBytes(StandardCharsets.US_ASCII);
        assertEquals(0x29B1, Crc16.compute(check, 0, check.length));
    }

    @Test
    void writeFrameRoundTripsAndEverySingleBitFlipIsDetected() {
        byte[] f = new byte[Frame.MAX_FRAME_BYTES];
        int len = Frame.requestLength(Frame.CMD_WRITE, 2);
        Frame.putHeader(f, Frame.CMD_WRITE, 0x0203, 2);
        Frame.putWord(f, 0, 0xDEADBEEF);
        Frame.putWord(f, 1, 42);
        Frame.sealCrc(f, len);
        assertTrue(Frame.crcValid(f, len));
        assertEquals(0x0203, Frame.address(f));
        assertEquals(2, Frame.count(f));
        assertEquals(0xDEADBEEF, Frame.word(f, 0));
        assertEquals(42, Frame.word(f, 1));
        for (int bit = 0; bit < len * 8; bit++) {
            f[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(Frame.crcValid(f, len), "flip of bit " + bit + " detected");
            f[bit / 8] ^= (byte) (1 << (bit % 8));
        }
    }
}
