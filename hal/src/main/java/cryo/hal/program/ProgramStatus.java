package cryo.hal.program;

import cryo.hal.regmap.CryoCmosRegisters;

/** The sequencer core's registers as read in one transfer; a preallocated holder {@link ProgramDriver} fills. */
public final class ProgramStatus {
    public int state;
    public int errorCode;
    public int errorIndex;
    public int instructions;
    public int entries;
    public int definitions;
    public int crcLoaded;
    public long startTicks;
    public int pc;
    public final long[] loopLeft = new long[CryoCmosRegisters.PROG_LOOP_DEPTH];
    public int depth;
    /** Entries the core pushed into the FIFO since it was armed. */
    public long events;
    public int lateEntry;
    public long passes;

    public boolean active() {
        return state == CryoCmosRegisters.PROG_STATE_ARMED || state == CryoCmosRegisters.PROG_STATE_RUNNING;
    }

    public ProgramError error() {
        return ProgramError.of(errorCode);
    }

    public static String stateName(int state) {
        switch (state) {
            case CryoCmosRegisters.PROG_STATE_EMPTY: return "empty";
            case CryoCmosRegisters.PROG_STATE_LOADED: return "loaded";
            case CryoCmosRegisters.PROG_STATE_ARMED: return "armed";
            case CryoCmosRegisters.PROG_STATE_RUNNING: return "running";
            case CryoCmosRegisters.PROG_STATE_DONE: return "done";
            case CryoCmosRegisters.PROG_STATE_ABORTED: return "aborted";
            default: return "state " + state;
        }
    }
}
