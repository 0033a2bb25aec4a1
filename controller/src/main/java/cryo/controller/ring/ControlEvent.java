package cryo.controller.ring;

import cryo.v1.Command;

/**
 * A preallocated, mutable ring slot. Producers fill only the header (type, board time, command)
 * through translators; the board input stage fills the sample arrays on the ring thread; the
 * last stage clears the slot. Arrays are sized once for the configured sensor count.
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
    public boolean busFault;
    public String busFaultMessage;

    // command, set by the MQTT adapter's translator
    public Command command;
    /** Result of applying the command, written by the stage that owns it. */
    public final CommandOutcome outcome = new CommandOutcome();

    public ControlEvent(int sensors) {
        rawUnits = new double[sensors];
        sensorStatus = new int[sensors];
        temperatureKelvin = new double[sensors];
        sampleCount = new long[sensors];
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
        busFault = false;
        busFaultMessage = null;
        outcome.clear();
    }
}
