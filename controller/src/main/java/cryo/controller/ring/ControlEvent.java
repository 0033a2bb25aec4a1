package cryo.controller.ring;

import cryo.hal.bus.BusException;
import cryo.hal.bus.CrcMismatchException;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.v1.Command;

/**
 * A preallocated, mutable ring slot. Producers fill only the header (type, board time, command and
 * what was prepared for it) through translators; the stages fill the rest on the ring thread; the
 * last stage clears the slot. Arrays are sized once for the configured sensor count and the
 * board's heater channels (a loop per heater at most).
 *
 * <p>What each stage writes, for the stages after it in the same pass: the board input stage the
 * samples; the heater stage each loop's commanded output and the board's readback (the interlock's
 * loop guards judge these, in the same pass); every stage that talks to the board its failed
 * transfers ({@link #busFailed}), which the interlock counts at the end of the pass.
 */
public final class ControlEvent {
    public EventType type = EventType.EMPTY;
    public long boardTicks;
    /** Wall-clock nanos at publish, for latency measurement only; never used for control. */
    public long publishNanos;

    // sample, filled by the board input stage
    public final double[] rawUnits;
    public final int[] sensorStatus;
    public final double[] temperatureKelvin;
    public final long[] sampleCount;

    // heater outputs, filled by the heater loop stage on a tick
    /** What each loop told its heater this pass, watts (0 while the interlock is tripped). */
    public final double[] heaterCommandWatts;
    /** What the board measured at each loop's heater this pass, watts; NaN when it could not be read. */
    public final double[] heaterReadbackWatts;

    // bus, written by every stage that talks to the board
    /** Transfers that failed this pass, in any stage. */
    public int failedTransfers;
    /** Of those, the ones the board did not answer at all (timeouts, refusals; not a CRC-garbled frame). */
    public int unansweredTransfers;
    public String busFaultMessage;

    // command, set by the submitting thread's translator
    public Command command;
    /**
     * What the submitting thread prepared for the command, for the stage that owns it (a compiled
     * pulse sequence plan, or the text of why it could not be compiled); null when nothing.
     */
    public Object prepared;
    /** Result of applying the command, written by the stage that owns it. */
    public final CommandOutcome outcome = new CommandOutcome();

    public ControlEvent(int sensors) {
        rawUnits = new double[sensors];
        sensorStatus = new int[sensors];
        temperatureKelvin = new double[sensors];
        sampleCount = new long[sensors];
        heaterCommandWatts = new double[CryoCmosRegisters.HEATER_CHANNELS];
        heaterReadbackWatts = new double[CryoCmosRegisters.HEATER_CHANNELS];
    }

    /** Records a failed transfer of any stage; every one counts toward the board-not-answering check. */
    public void busFailed(BusException e) {
        failedTransfers++;
        if (!(e instanceof CrcMismatchException)) {
            unansweredTransfers++;
        }
        busFaultMessage = e.getMessage();
    }

    /** Whether any transfer failed so far this pass. */
    public boolean busFault() {
        return failedTransfers > 0;
    }

    /**
     * Whether sensor {@code s}'s read failed on the bus this tick: the board input stage then
     * leaves NaN units, no status bits and sample count -1. Missing data, not a faulted sensor.
     */
    public boolean sampleMissed(int s) {
        return Double.isNaN(rawUnits[s]) && sensorStatus[s] == 0;
    }

    /** Called by the last stage: no reference survives its pass through the ring. */
    public void clear() {
        type = EventType.EMPTY;
        command = null;
        prepared = null;
        failedTransfers = 0;
        unansweredTransfers = 0;
        busFaultMessage = null;
        outcome.clear();
    }
}
