package cryo.hal.pulse;

import cryo.hal.bus.BusException;
import cryo.hal.cmos.CryoCmosBoard;
import cryo.hal.device.PulseEngine;
import cryo.hal.regmap.CryoCmosRegisters;

import static cryo.hal.regmap.CryoCmosRegisters.*;

/**
 * Host side of the board's pulse engine: reads its geometry and counters, starts and halts it,
 * and pushes compiled entries through the staging window, up to {@value CryoCmosRegisters#PULSE_SLOTS}
 * entries per transfer.
 *
 * <p>Thread contract: ring thread only (it shares the board's one bus). No allocation after
 * construction on the success path.
 */
public final class PulseEngineDriver implements PulseEngine {
    private static final int STATUS_FIRST = PULSE_FIFO_FREE;
    private static final int STATUS_COUNT = PULSE_LATE_TIME_HI - PULSE_FIFO_FREE + 1;

    private final CryoCmosBoard board;
    private final int[] burst = new int[PULSE_SLOTS * PULSE_ENTRY_WORDS];
    private final int[] words = new int[STATUS_COUNT];

    public PulseEngineDriver(CryoCmosBoard board) {
        this.board = board;
    }

    /** FIFO depth, entries. */
    public int fifoDepth() throws BusException {
        return board.readRegister(PULSE_FIFO_DEPTH);
    }

    public int gridTicks() throws BusException {
        return board.readRegister(PULSE_GRID_TICKS_REG);
    }

    public int minDurationTicks() throws BusException {
        return board.readRegister(PULSE_MIN_DURATION_TICKS_REG);
    }

    /** Reads free space, counters and status bits in one transfer. */
    public void readStatus(PulseEngineStatus out) throws BusException {
        board.readRegisters(STATUS_FIRST, STATUS_COUNT, words);
        out.fifoFree = words[PULSE_FIFO_FREE - STATUS_FIRST];
        out.underflowCount = words[PULSE_UNDERFLOW_COUNT - STATUS_FIRST] & 0xFFFF_FFFFL;
        out.playedCount = words[PULSE_PLAYED_COUNT - STATUS_FIRST] & 0xFFFF_FFFFL;
        out.statusBits = words[PULSE_STATUS - STATUS_FIRST];
        out.pushedCount = words[PULSE_PUSHED_COUNT - STATUS_FIRST] & 0xFFFF_FFFFL;
        out.rejectedCount = words[PULSE_REJECTED_COUNT - STATUS_FIRST] & 0xFFFF_FFFFL;
        out.lateTimeTicks = PulseEntryCodec.time(words[PULSE_LATE_TIME_LO - STATUS_FIRST], words[PULSE_LATE_TIME_HI - STATUS_FIRST]);
    }

    /** Empties the FIFO and clears the latched status bits; leaves RUN as it was. */
    public void clear() throws BusException {
        board.writeRegister(PULSE_CONTROL, PULSE_CONTROL_CLEAR_FIFO);
        board.writeRegister(PULSE_STATUS, PULSE_STATUS_UNDERFLOW | PULSE_STATUS_OVERFLOW | PULSE_STATUS_BAD_ENTRY);
    }

    /** Lets the engine play entries as their board time comes. */
    public void run() throws BusException {
        board.writeRegister(PULSE_CONTROL, PULSE_CONTROL_RUN);
    }

    /** Stops playing and empties the FIFO in one transfer. */
    @Override
    public void halt() throws BusException {
        board.writeRegister(PULSE_CONTROL, PULSE_CONTROL_HALT | PULSE_CONTROL_CLEAR_FIFO);
    }

    /**
     * Pushes entries {@code [from, from+count)} of {@code entries}, each at its start time plus
     * {@code offsetTicks}, in bursts of up to {@value CryoCmosRegisters#PULSE_SLOTS}. The caller
     * checks free space first; a push into a full FIFO is refused and flagged by the board.
     */
    public void push(PulseEntries entries, int from, int count, long offsetTicks) throws BusException {
        int[] params = entries.params();
        int i = from;
        int end = from + count;
        while (i < end) {
            int n = Math.min(PULSE_SLOTS, end - i);
            for (int k = 0; k < n; k++) {
                int o = k * PULSE_ENTRY_WORDS;
                long t = entries.startTicks(i + k) + offsetTicks;
                burst[o] = (int) t;
                burst[o + 1] = (int) (t >>> 32);
                System.arraycopy(params, entries.paramsOffset(i + k), burst, o + 2, PulseEntryCodec.PARAM_WORDS);
            }
            board.writeRegisters(PULSE_SLOT_BASE, burst, n * PULSE_ENTRY_WORDS);
            i += n;
        }
    }
}
