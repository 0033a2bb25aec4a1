package cryo.hal.program;

/**
 * CRC-32 (IEEE 802.3, as java.util.zip.CRC32) over a program, word by word, big-endian, in the
 * order instructions, entries, definitions: what the board checks before it can be armed.
 * Table-driven; no allocation per call.
 */
public final class ProgramCrc {
    private static final int[] TABLE = new int[256];

    static {
        for (int n = 0; n < 256; n++) {
            int c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >>> 1) : c >>> 1;
            }
            TABLE[n] = c;
        }
    }

    private ProgramCrc() {
    }

    /** The CRC of {@code instructions}, {@code entries} and {@code definitions} (each counted in records). */
    public static int of(int[] instr, int instructions, int[] entries, int entryCount, int[] defs, int definitions) {
        int c = 0xFFFF_FFFF;
        c = update(c, instr, instructions * ProgramIsa.INSTRUCTION_WORDS);
        c = update(c, entries, entryCount * ProgramIsa.ENTRY_WORDS);
        c = update(c, defs, definitions * ProgramIsa.DEFINITION_WORDS);
        return ~c;
    }

    private static int update(int c, int[] words, int n) {
        for (int i = 0; i < n; i++) {
            int w = words[i];
            for (int s = 24; s >= 0; s -= 8) {
                c = TABLE[(c ^ (w >>> s)) & 0xFF] ^ (c >>> 8);
            }
        }
        return c;
    }
}
