package cryo.hal.program;

/**
 * Why the board refused a program or stopped one (the PROG_ERROR register), with the index the
 * PROG_ERROR_INDEX register names. Every refusal leaves the engine playing nothing.
 */
public enum ProgramError {
    NONE(0, "no error"),
    CRC_MISMATCH(1, "PROG_CRC does not match the CRC-32 the board computed over the uploaded program"),
    TOO_LARGE(2, "program does not fit the board's memory"),
    LOOP_COUNT(3, "LOOP count outside 1..4294967295"),
    NESTING(4, "loops nested deeper than the board's limit"),
    JUMP_RANGE(5, "jump target out of range"),
    PLAY_RANGE(6, "PLAY names entries outside the entry table"),
    BAD_OPCODE(7, "unknown opcode"),
    BAD_DEFINITION(8, "pulse definition the engine cannot play"),
    BAD_ENTRY(9, "entry names a missing definition or is off the grid"),
    BUSY(10, "upload or load while a program runs; the program was aborted and the engine halted"),
    NOT_LOADED(11, "arm without a loaded program"),
    START_TOO_SOON(12, "PROG_START_TIME is closer to board time than PROG_MIN_ARM_LEAD_TICKS"),
    UNMATCHED_LOOP(13, "LOOP and END_LOOP do not pair up"),
    OFF_GRID(14, "WAIT or SYNC_TIME not on the pulse grid"),
    SYNC_PAST(15, "SYNC_TIME earlier than the time cursor"),
    UNDERFLOW(16, "an entry's board time passed before the core could push it (late): program aborted, FIFO cleared"),
    HALTED(17, "halted: index 0 PULSE_CONTROL halt or clear, 1 watchdog, 2 interlock relay opened"),
    ORDER(18, "entry earlier than the one before it in the FIFO"),
    ADDRESS(19, "upload burst beyond its region");

    public final int code;
    public final String meaning;

    ProgramError(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public static ProgramError of(int code) {
        for (ProgramError e : values()) {
            if (e.code == code) {
                return e;
            }
        }
        return NONE;
    }
}
