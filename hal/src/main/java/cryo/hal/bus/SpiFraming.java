package cryo.hal.bus;

/**
 * How one register frame travels over SPI: one full-duplex transfer per frame, chip select held
 * for the whole transfer and released after it (the board resets its framer on release, so a
 * garbled frame never spills into the next one).
 *
 * <pre>
 * byte : 0 .. r-1          r .. r+1       r+2 .. r+2+s-1
 * MOSI : request (r bytes) FILL FILL      FILL ...
 * MISO : SYNC ...          SYNC SYNC      response (s bytes)
 * </pre>
 *
 * {@code r} is the request's length, {@code s} the length of the response the request asks for
 * ({@link Frame#responseLength}); a refusal is shorter (header and CRC) and the board clocks SYNC
 * after it. The {@value #TURNAROUND_BYTES}-byte turnaround gives the board 16 SPI clocks between
 * the last request bit and the first response bit to check the CRC and fetch the registers: the
 * board needs at most 0.8 µs, so the turnaround holds up to its {@value #MAX_CLOCK_HZ} Hz limit.
 *
 * <p>SYNC ({@code 0xA5}) is neither all zeros nor all ones, not a command or status byte, and
 * shifted by one bit (wrong SPI mode) it reads {@code 0x4A}/{@code 0xD2}: a dead, shorted,
 * shifted or silent link shows up before any payload is used. Pure constants and arithmetic.
 */
public final class SpiFraming {
    /** What the board clocks out on MISO whenever it is not sending a response. */
    public static final int SYNC = 0xA5;
    /** What the host clocks out on MOSI after the request. */
    public static final int FILL = 0x00;
    public static final int TURNAROUND_BYTES = 2;
    /** The board's SPI clock limit (turnaround and signal integrity on the cryostat's wiring). */
    public static final int MAX_CLOCK_HZ = 20_000_000;
    /** Below this the longest frame takes over 20 ms: a slower clock is a wiring problem. */
    public static final int MIN_CLOCK_HZ = 100_000;
    /** The longest transfer: a 64-register read or write plus the turnaround. */
    public static final int MAX_TRANSFER_BYTES =
            Frame.HEADER_BYTES + Frame.CRC_BYTES + TURNAROUND_BYTES + Frame.MAX_FRAME_BYTES;

    private SpiFraming() {
    }

    /** Where the response starts in the transfer of a request of {@code requestLength} bytes. */
    public static int responseOffset(int requestLength) {
        return requestLength + TURNAROUND_BYTES;
    }

    /** Bytes clocked in one transfer for a request of this command and register count. */
    public static int transferLength(int cmd, int count) {
        return responseOffset(Frame.requestLength(cmd, count)) + Frame.responseLength(cmd, count);
    }
}
