package cryo.sim.board;

import cryo.hal.bus.BusException;
import cryo.hal.bus.Frame;
import cryo.hal.bus.RegisterBus;
import cryo.hal.bus.SpiFraming;
import java.util.Arrays;

/**
 * The board's SPI port: what it clocks out on MISO for what the host clocks in on MOSI during one
 * chip-select-framed transfer, as {@link SpiFraming} defines it. The request's CMD and COUNT tell
 * the board's framer how long the request is; the request goes to the board's register file (a
 * {@link RegisterBus}, e.g. {@link SimulatedBoard}) and the response is clocked out after the
 * turnaround, SYNC everywhere else. A hung board answers nothing: SYNC throughout.
 *
 * <p>Test knobs ({@link #lineFault}): the line itself broken between host and board. The board
 * still receives MOSI in each case, so what the host writes still acts, as on a real link whose
 * MISO is broken; only what the host reads back is damaged.
 *
 * <p>Thread contract: one host thread. No allocation per transfer.
 */
public final class SimulatedSpiPort {
    /** What can go wrong on the wires. */
    public enum LineFault {
        NONE,
        /** MISO pulled up with nothing driving it (board unpowered, MISO open). */
        MISO_STUCK_HIGH,
        /** MISO shorted to ground. */
        MISO_STUCK_LOW,
        /** MOSI shorted to MISO: the host reads back what it sent. */
        MOSI_ECHOED,
        /** The board's output lost its first byte (a missed clock edge): everything arrives one byte early. */
        DROPPED_BYTE
    }

    private final RegisterBus board;
    private final byte[] request = new byte[Frame.MAX_FRAME_BYTES];
    private final byte[] response = new byte[Frame.MAX_FRAME_BYTES];
    private final byte[] miso = new byte[SpiFraming.MAX_TRANSFER_BYTES + 1];
    private LineFault fault = LineFault.NONE;
    private long transfers;

    public SimulatedSpiPort(RegisterBus board) {
        this.board = board;
    }

    public void lineFault(LineFault f) {
        this.fault = f;
    }

    public long transfers() {
        return transfers;
    }

    /**
     * One transfer of {@code n} bytes: MOSI from {@code mosi[mosiOffset..]}, MISO into
     * {@code out[outOffset..]}.
     *
     * @return bytes clocked ({@code n})
     */
    public int transfer(byte[] mosi, int mosiOffset, byte[] out, int outOffset, int n) {
        if (n < 0 || n > SpiFraming.MAX_TRANSFER_BYTES) {
            throw new IllegalArgumentException("transfer of " + n + " bytes outside 0.." + SpiFraming.MAX_TRANSFER_BYTES);
        }
        transfers++;
        Arrays.fill(miso, 0, n + 1, (byte) SpiFraming.SYNC);
        if (n >= Frame.HEADER_BYTES) {
            int cmd = mosi[mosiOffset] & 0xFF;
            int count = mosi[mosiOffset + 3] & 0xFF;
            int requestLength = Frame.requestLength(cmd, count);
            int at = SpiFraming.responseOffset(requestLength);
            if (requestLength <= request.length && at < n) {
                System.arraycopy(mosi, mosiOffset, request, 0, requestLength);
                try {
                    int got = board.transfer(request, requestLength, response);
                    System.arraycopy(response, 0, miso, at, Math.min(got, n + 1 - at));
                } catch (BusException hung) {
                    // a hung board's shift register keeps clocking SYNC
                }
            }
        }
        switch (fault) {
            case MISO_STUCK_HIGH:
                Arrays.fill(out, outOffset, outOffset + n, (byte) 0xFF);
                break;
            case MISO_STUCK_LOW:
                Arrays.fill(out, outOffset, outOffset + n, (byte) 0x00);
                break;
            case MOSI_ECHOED:
                System.arraycopy(mosi, mosiOffset, out, outOffset, n);
                break;
            case DROPPED_BYTE:
                System.arraycopy(miso, 1, out, outOffset, n);
                break;
            default:
                System.arraycopy(miso, 0, out, outOffset, n);
        }
        return n;
    }
}
