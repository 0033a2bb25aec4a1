package cryo.hal.bus;

/**
 * The frame format on the register bus. All multi-byte fields are big-endian.
 *
 * <pre>
 * request : CMD(1) ADDR(2) COUNT(1) PAYLOAD(COUNT*4, writes only) CRC16(2)
 * response: STATUS(1) ADDR(2) COUNT(1) PAYLOAD(COUNT*4, reads only) CRC16(2)
 * </pre>
 *
 * CRC-16/CCITT-FALSE over every byte before the CRC. Registers are 32 bits wide; COUNT is the
 * number of consecutive registers (1..{@value #MAX_COUNT}). Pure static helpers, no allocation.
 */
public final class Frame {
    public static final int CMD_READ = 0x52;  // 'R'
    public static final int CMD_WRITE = 0x57; // 'W'

    public static final int STATUS_OK = 0x00;
    public static final int STATUS_BAD_ADDRESS = 0x01;
    public static final int STATUS_READ_ONLY = 0x02;
    public static final int STATUS_BAD_CRC = 0x03;
    public static final int STATUS_BAD_LENGTH = 0x04;
    public static final int STATUS_BAD_COMMAND = 0x05;

    public static final int HEADER_BYTES = 4;
    public static final int CRC_BYTES = 2;
    public static final int MAX_COUNT = 64;
    public static final int MAX_FRAME_BYTES = HEADER_BYTES + MAX_COUNT * 4 + CRC_BYTES;

    private Frame() {
    }

    /** Length of a request frame for the command and register count. */
    public static int requestLength(int cmd, int count) {
        return HEADER_BYTES + (cmd == CMD_WRITE ? count * 4 : 0) + CRC_BYTES;
    }

    /** Length of the response frame the board sends to a request. */
    public static int responseLength(int cmd, int count) {
        return HEADER_BYTES + (cmd == CMD_READ ? count * 4 : 0) + CRC_BYTES;
    }

    public static void putHeader(byte[] buf, int cmdOrStatus, int address, int count) {
        buf[0] = (byte) cmdOrStatus;
        buf[1] = (byte) (address >>> 8);
        buf[2] = (byte) address;
        buf[3] = (byte) count;
    }

    public static int address(byte[] buf) {
        return ((buf[1] & 0xFF) << 8) | (buf[2] & 0xFF);
    }

    public static int count(byte[] buf) {
        return buf[3] & 0xFF;
    }

    public static void putWord(byte[] buf, int index, int value) {
        int o = HEADER_BYTES + index * 4;
        buf[o] = (byte) (value >>> 24);
        buf[o + 1] = (byte) (value >>> 16);
        buf[o + 2] = (byte) (value >>> 8);
        buf[o + 3] = (byte) value;
    }

    public static int word(byte[] buf, int index) {
        int o = HEADER_BYTES + index * 4;
        return ((buf[o] & 0xFF) << 24) | ((buf[o + 1] & 0xFF) << 16) | ((buf[o + 2] & 0xFF) << 8) | (buf[o + 3] & 0xFF);
    }

    /** Appends the CRC over the first {@code length - 2} bytes into the last two bytes. */
    public static void sealCrc(byte[] buf, int length) {
        int crc = Crc16.compute(buf, 0, length - CRC_BYTES);
        buf[length - 2] = (byte) (crc >>> 8);
        buf[length - 1] = (byte) crc;
    }

    /** True when the last two bytes of the frame hold the CRC of the bytes before them. */
    public static boolean crcValid(byte[] buf, int length) {
        if (length < HEADER_BYTES + CRC_BYTES) {
            return false;
        }
        int expected = Crc16.compute(buf, 0, length - CRC_BYTES);
        int found = ((buf[length - 2] & 0xFF) << 8) | (buf[length - 1] & 0xFF);
        return expected == found;
    }

    public static String statusName(int status) {
        switch (status) {
            case STATUS_OK: return "OK";
            case STATUS_BAD_ADDRESS: return "BAD_ADDRESS";
            case STATUS_READ_ONLY: return "READ_ONLY";
            case STATUS_BAD_CRC: return "BAD_CRC";
            case STATUS_BAD_LENGTH: return "BAD_LENGTH";
            case STATUS_BAD_COMMAND: return "BAD_COMMAND";
            default: return "UNKNOWN(" + status + ")";
        }
    }
}
