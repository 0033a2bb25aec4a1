package cryo.controller.interlock;

import cryo.hal.regmap.CryoCmosRegisters;
import cryo.v1.AlarmCause;

/**
 * Sensor open or short: the board's status bits say so, or the reading lies outside the
 * calibration curve by a decade (infinite resistance reads far above the curve, a short far below it). Debounced over
 * N samples so one bad conversion does not trip. Pure: status word and units in, cause out.
 */
public final class SensorFaultDetector {
    /**
     * How far outside the curve a reading must be to count as open or short without the board's
     * status bits: just outside it is a stage warmer or colder than the curve covers (a RuOx on a
     * fridge at room temperature reads below its curve), a broken lead is decades away.
     */
    static final double OUTSIDE_FACTOR = 10.0;
    private final double minUnits;
    private final double maxUnits;
    private final int debounceSamples;
    private int bad;
    private AlarmCause cause = AlarmCause.ALARM_CAUSE_UNSPECIFIED;
    private double lastUnits;

    /** @param minUnits,maxUnits the calibration curve's range in sensor units */
    public SensorFaultDetector(double minUnits, double maxUnits, int debounceSamples) {
        Checks.positive("curve minUnits", minUnits);
        if (!(maxUnits > minUnits) || !Double.isFinite(maxUnits)) {
            throw new IllegalArgumentException("curve maxUnits " + maxUnits + " must be finite and above minUnits " + minUnits);
        }
        this.minUnits = minUnits / OUTSIDE_FACTOR;
        this.maxUnits = maxUnits * OUTSIDE_FACTOR;
        this.debounceSamples = Checks.atLeastOne("sensorFaultDebounceSamples", debounceSamples);
    }

    /**
     * @param status board THERM_STATUS bits of this sample (ignored when the bus failed: NaN units)
     * @return true when this sample completes N bad samples in a row; {@link #cause()} says which
     */
    public boolean update(int status, double rawUnits) {
        if (Double.isNaN(rawUnits) && status == 0) {
            return false; // no sample this tick (bus fault): the stale and bus detectors judge that
        }
        lastUnits = rawUnits;
        AlarmCause now;
        if ((status & CryoCmosRegisters.THERM_STATUS_OPEN) != 0 || rawUnits > maxUnits) {
            now = AlarmCause.SENSOR_OPEN_CIRCUIT;
        } else if ((status & CryoCmosRegisters.THERM_STATUS_SHORT) != 0 || rawUnits < minUnits) {
            now = AlarmCause.SENSOR_SHORT_CIRCUIT;
        } else {
            now = null;
        }
        if (now == null) {
            bad = 0;
            return false;
        }
        cause = now;
        bad++;
        return bad >= debounceSamples;
    }

    public boolean causePresent() {
        return bad > 0;
    }

    public AlarmCause cause() {
        return cause;
    }

    public double lastUnits() {
        return lastUnits;
    }

    /** The bound crossed by the last bad sample, units. */
    public double limitUnits() {
        return cause == AlarmCause.SENSOR_SHORT_CIRCUIT ? minUnits : maxUnits;
    }
}
