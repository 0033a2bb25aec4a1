package cryo.hal.pulse;

/** The pulse engine's counters as read in one transfer; a preallocated holder the driver fills. */
public final class PulseEngineStatus {
    public int fifoFree;
    public long underflowCount;
    public long playedCount;
    public int statusBits;
    public long pushedCount;
    public long rejectedCount;
    public long lateTimeTicks;

    public boolean running() {
        return (statusBits & cryo.hal.regmap.CryoCmosRegisters.PULSE_STATUS_RUNNING) != 0;
    }
}
