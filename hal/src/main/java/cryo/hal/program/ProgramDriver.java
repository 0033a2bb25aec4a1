package cryo.hal.program;

import cryo.hal.bus.BusException;
import cryo.hal.bus.Frame;
import cryo.hal.bus.SpiFraming;
import cryo.hal.cmos.CryoCmosBoard;

import static cryo.hal.regmap.CryoCmosRegisters.*;

/**
 * Host side of the board's program memory: uploads a {@link BoardProgram} in self-addressed
 * bursts (PROG_ADDR and 63 data words: one 64-register frame each), a few bursts per call so the
 * ring thread never stalls on a large program; has the board check it (sizes, CRC-32, structure);
 * arms it at a board time; stops it after a pass; aborts it. Reads the core's position and
 * counters in one transfer.
 *
 * <p>Thread contract: ring thread only (it shares the board's one bus), except
 * {@link #uploadSeconds} (pure). No allocation on the upload and status paths; a refusal builds
 * its message.
 */
public final class ProgramDriver {
    private static final int STATUS_FIRST = PROG_STATE;
    private static final int STATUS_COUNT = PROG_PASSES - PROG_STATE + 1;
    private static final int[] REGIONS = {PROG_REGION_INSTRUCTIONS, PROG_REGION_ENTRIES, PROG_REGION_DEFINITIONS};

    private final CryoCmosBoard board;
    private final int[] burst = new int[1 + PROG_DATA_WORDS];
    private final int[] words = new int[STATUS_COUNT];
    private final int[] four = new int[4];
    private BoardProgram uploading;
    private int region;
    private int offset;

    public ProgramDriver(CryoCmosBoard board) {
        this.board = board;
    }

    /** The board's sizes, one line: checked against the constants the compiler uses. */
    public String capacities() throws BusException {
        board.readRegisters(PROG_INSTR_CAPACITY, 4, four);
        return four[0] + " instructions, " + four[1] + " entries, " + four[2] + " definitions, loops " + four[3] + " deep, one event per "
                + board.readRegister(PROG_EVENT_TICKS_REG) + " ns";
    }

    /** Starts an upload; {@link #uploadSome} then writes it. Off-board checks first: one line naming the field and the limit, or "". */
    public String beginUpload(BoardProgram p) {
        ProgramChecker c = p.check();
        if (!c.ok()) {
            return "program refused before upload: " + c.message();
        }
        uploading = p;
        region = 0;
        offset = 0;
        return "";
    }

    /**
     * Writes at most {@code maxBursts} bursts of the program begun with {@link #beginUpload};
     * returns true once every word is on the board.
     */
    public boolean uploadSome(int maxBursts) throws BusException {
        int bursts = 0;
        while (region < REGIONS.length) {
            int[] src = uploading.region(REGIONS[region]);
            if (offset >= src.length) {
                region++;
                offset = 0;
                continue;
            }
            if (bursts == maxBursts) {
                return false;
            }
            int n = Math.min(PROG_DATA_WORDS, src.length - offset);
            burst[0] = REGIONS[region] << 24 | offset;
            System.arraycopy(src, offset, burst, 1, n);
            board.writeRegisters(PROG_ADDR, burst, 1 + n);
            offset += n;
            bursts++;
        }
        return true;
    }

    /**
     * Sends the counts and the CRC and has the board check the whole program. Returns "" when the
     * board loaded it, else one line naming the field and the limit (the board plays nothing).
     */
    public String load(BoardProgram p, ProgramStatus st) throws BusException {
        four[0] = p.instructionCount();
        four[1] = p.entryCount();
        four[2] = p.definitionCount();
        four[3] = p.crc();
        board.writeRegisters(PROG_INSTR_COUNT, four, 4);
        board.writeRegister(PROG_CONTROL, PROG_CONTROL_LOAD);
        readStatus(st);
        if (st.state == PROG_STATE_LOADED && st.crcLoaded == p.crc()) {
            return "";
        }
        return refusal(p, st);
    }

    /** Arms the loaded program to start at {@code startTicks}; "" when armed, else the board's refusal. */
    public String arm(long startTicks, BoardProgram p, ProgramStatus st) throws BusException {
        four[0] = (int) startTicks;
        four[1] = (int) (startTicks >>> 32);
        board.writeRegisters(PROG_START_TIME_LO, four, 2);
        board.writeRegister(PROG_CONTROL, PROG_CONTROL_ARM);
        readStatus(st);
        return st.active() ? "" : refusal(p, st);
    }

    /** The program ends at the end of the pass it is playing. */
    public void stopAfterPass() throws BusException {
        board.writeRegister(PROG_CONTROL, PROG_CONTROL_STOP_AFTER_PASS);
    }

    /** Aborts the program; the pulse engine's halt (PULSE_CONTROL) does the same and also clears the FIFO. */
    public void abort() throws BusException {
        board.writeRegister(PROG_CONTROL, PROG_CONTROL_ABORT);
    }

    /** A software trigger for SYNC_TRIGGER, at the board time this write lands. */
    public void trigger() throws BusException {
        board.writeRegister(PROG_CONTROL, PROG_CONTROL_TRIGGER);
    }

    /** State, error, sizes, CRC, position, loop counters and event count in one transfer. */
    public void readStatus(ProgramStatus out) throws BusException {
        board.readRegisters(STATUS_FIRST, STATUS_COUNT, words);
        out.state = w(PROG_STATE);
        out.errorCode = w(PROG_ERROR);
        out.errorIndex = w(PROG_ERROR_INDEX);
        out.instructions = w(PROG_INSTR_COUNT);
        out.entries = w(PROG_ENTRY_COUNT);
        out.definitions = w(PROG_DEF_COUNT);
        out.crcLoaded = w(PROG_CRC_LOADED);
        out.startTicks = (w(PROG_START_TIME_LO) & 0xFFFF_FFFFL) | (long) w(PROG_START_TIME_HI) << 32;
        out.pc = w(PROG_PC);
        for (int d = 0; d < PROG_LOOP_DEPTH; d++) {
            out.loopLeft[d] = w(PROG_LOOP_COUNTER_BASE + d) & 0xFFFF_FFFFL;
        }
        out.depth = w(PROG_LOOP_DEPTH_NOW);
        out.events = (w(PROG_EVENTS_LO) & 0xFFFF_FFFFL) | (long) w(PROG_EVENTS_HI) << 32;
        out.lateEntry = w(PROG_LATE_ENTRY);
        out.passes = w(PROG_PASSES) & 0xFFFF_FFFFL;
    }

    private int w(int register) {
        return words[register - STATUS_FIRST];
    }

    /** One line for a refused load or arm: the host's own check names the field, else the board's code. Error path. */
    static String refusal(BoardProgram p, ProgramStatus st) {
        ProgramError e = st.error();
        if (e == ProgramError.CRC_MISMATCH) {
            return String.format("PROG_CRC: the host sent 0x%08X, the board computed 0x%08X over what arrived (a corrupted upload); "
                    + "nothing armed", p.crc(), st.crcLoaded);
        }
        ProgramChecker c = p.check();
        if (!c.ok() && c.error() == e) {
            return "the board refused the program: " + c.message();
        }
        return "the board refused the program: PROG_ERROR " + e.code + " " + e.name() + " (" + e.meaning + "), index " + st.errorIndex
                + "; board state " + ProgramStatus.stateName(st.state);
    }

    /**
     * Upload time of a program of {@code words} words over an SPI bus at {@code busHz}, from the
     * frame format ({@link SpiFraming}): each burst is one transfer, a write of PROG_ADDR and up to
     * 63 words, the turnaround and its 6-byte answer; then the four count words, the load and a
     * status read. Pure.
     */
    public static double uploadSeconds(long words, double busHz) {
        long full = words / PROG_DATA_WORDS;
        int rest = (int) (words - full * PROG_DATA_WORDS);
        long bytes = full * SpiFraming.transferLength(Frame.CMD_WRITE, 1 + PROG_DATA_WORDS);
        if (rest > 0) {
            bytes += SpiFraming.transferLength(Frame.CMD_WRITE, 1 + rest);
        }
        bytes += SpiFraming.transferLength(Frame.CMD_WRITE, 4) + SpiFraming.transferLength(Frame.CMD_WRITE, 1)
                + SpiFraming.transferLength(Frame.CMD_READ, STATUS_COUNT);
        return bytes * 8.0 / busHz;
    }
}
