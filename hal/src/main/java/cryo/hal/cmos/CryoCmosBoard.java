package cryo.hal.cmos;

import cryo.hal.bus.BusException;
import cryo.hal.bus.CrcMismatchException;
import cryo.hal.bus.Frame;
import cryo.hal.bus.RegisterBus;
import cryo.hal.regmap.CryoCmosRegisters;

/**
 * The register-level driver for a Cryo-CMOS board. Everything the controller does to the board
 * goes through here as framed, CRC-checked register transfers on a {@link RegisterBus}.
 *
 * <p>Thread contract: not thread-safe; one owning thread (the ring thread). Allocation: none per
 * transfer on the success path (buffers are preallocated); error paths build a message.
 * A corrupted or refused response throws; its payload is never returned as data.
 */
public final class CryoCmosBoard implements AutoCloseable {
    private final RegisterBus bus;
    private final byte[] tx = new byte[Frame.MAX_FRAME_BYTES];
    private final byte[] rx = new byte[Frame.MAX_FRAME_BYTES];
    private final int[] pair = new int[2];
    private long crcErrors;
    private long transferErrors;
    private long transfers;

    public CryoCmosBoard(RegisterBus bus) {
        if (bus == null) {
            throw new IllegalArgumentException("bus must not be null");
        }
        this.bus = bus;
    }

    /** Reads {@code count} consecutive registers from {@code address} into {@code dst[0..count)}. */
    public void readRegisters(int address, int count, int[] dst) throws BusException {
        checkCount(count);
        int reqLen = Frame.requestLength(Frame.CMD_READ, count);
        Frame.putHeader(tx, Frame.CMD_READ, address, count);
        Frame.sealCrc(tx, reqLen);
        int got = exchange(reqLen, Frame.CMD_READ, address, count);
        for (int i = 0; i < count; i++) {
            dst[i] = Frame.word(rx, i);
        }
        assert got == Frame.responseLength(Frame.CMD_READ, count);
    }

    /** Writes {@code count} consecutive registers from {@code src[0..count)} starting at {@code address}. */
    public void writeRegisters(int address, int[] src, int count) throws BusException {
        checkCount(count);
        int reqLen = Frame.requestLength(Frame.CMD_WRITE, count);
        Frame.putHeader(tx, Frame.CMD_WRITE, address, count);
        for (int i = 0; i < count; i++) {
            Frame.putWord(tx, i, src[i]);
        }
        Frame.sealCrc(tx, reqLen);
        exchange(reqLen, Frame.CMD_WRITE, address, count);
    }

    public int readRegister(int address) throws BusException {
        readRegisters(address, 1, pair);
        return pair[0];
    }

    public void writeRegister(int address, int value) throws BusException {
        pair[0] = value;
        writeRegisters(address, pair, 1);
    }

    public float readFloat(int address) throws BusException {
        return Float.intBitsToFloat(readRegister(address));
    }

    public void writeFloat(int address, float value) throws BusException {
        writeRegister(address, Float.floatToRawIntBits(value));
    }

    /** Board clock in ticks (1 ns), read as one two-register transfer so the halves agree. */
    public long boardTimeTicks() throws BusException {
        readRegisters(CryoCmosRegisters.BOARD_TIME_LO, 2, pair);
        return (pair[0] & 0xFFFF_FFFFL) | ((long) pair[1] << 32);
    }

    /** Checks that a Cryo-CMOS board with this driver's register map version answers. */
    public void verifyIdentity() throws BusException {
        readRegisters(CryoCmosRegisters.BOARD_ID, 2, pair);
        if (pair[0] != CryoCmosRegisters.BOARD_ID_MAGIC) {
            throw new BusException(String.format("BOARD_ID is 0x%08X, expected 0x%08X: not a Cryo-CMOS board",
                    pair[0], CryoCmosRegisters.BOARD_ID_MAGIC));
        }
        if (pair[1] != CryoCmosRegisters.REGMAP_VERSION) {
            throw new BusException("REGMAP_VERSION is " + pair[1] + ", this driver speaks version "
                    + CryoCmosRegisters.REGMAP_VERSION);
        }
    }

    /**
     * CRC failures on the link since the driver was created, both ways: responses rejected for a
     * bad CRC, and requests the board refused as BAD_CRC.
     */
    public long crcErrors() {
        return crcErrors;
    }

    /** Frames exchanged so far (each request and its response, failed or not). */
    public long transfers() {
        return transfers;
    }

    /** Transfers that failed for any reason (including CRC) since the driver was created. */
    public long transferErrors() {
        return transferErrors;
    }

    @Override
    public void close() {
        bus.close();
    }

    private int exchange(int reqLen, int cmd, int address, int count) throws BusException {
        int expected = Frame.responseLength(cmd, count);
        int got;
        transfers++;
        try {
            got = bus.transfer(tx, reqLen, rx);
        } catch (BusException e) {
            transferErrors++;
            throw e;
        }
        if (got < Frame.HEADER_BYTES + Frame.CRC_BYTES || !Frame.crcValid(rx, got)) {
            crcErrors++;
            transferErrors++;
            throw new CrcMismatchException(String.format(
                    "response to %s 0x%04X x%d failed its CRC-16 check (%d bytes): frame discarded",
                    cmd == Frame.CMD_READ ? "read" : "write", address, count, got));
        }
        int status = rx[0] & 0xFF;
        if (status != Frame.STATUS_OK) {
            transferErrors++;
            if (status == Frame.STATUS_BAD_CRC) {
                crcErrors++; // our request was corrupted on the way: the link's error rate, as a bad response
                throw new CrcMismatchException(String.format("board refused %s 0x%04X x%d: %s (request corrupted on the way)",
                        cmd == Frame.CMD_READ ? "read" : "write", address, count, Frame.statusName(status)));
            }
            throw new BusException(String.format("board refused %s 0x%04X x%d: %s",
                    cmd == Frame.CMD_READ ? "read" : "write", address, count, Frame.statusName(status)));
        }
        if (got != expected || Frame.address(rx) != address || Frame.count(rx) != count) {
            transferErrors++;
            throw new BusException(String.format(
                    "response to 0x%04X x%d does not match the request (address 0x%04X, count %d, %d bytes)",
                    address, count, Frame.address(rx), Frame.count(rx), got));
        }
        return got;
    }

    private static void checkCount(int count) {
        if (count < 1 || count > Frame.MAX_COUNT) {
            throw new IllegalArgumentException("register count " + count + " outside 1.." + Frame.MAX_COUNT);
        }
    }
}
