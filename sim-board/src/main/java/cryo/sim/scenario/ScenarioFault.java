package cryo.sim.scenario;

import cryo.hal.device.StageId;
import cryo.sim.fault.FaultKind;

/**
 * A fault switched on at a time, optionally ramped in, and optionally repaired later (at once or
 * ramped back).
 *
 * @param atSeconds        when it starts
 * @param clearAtSeconds   when it is repaired, or NaN for never
 * @param kind             which fault
 * @param stage            target stage for heater and sensor faults given by stage, else null
 * @param value            the fault's number (see {@link FaultKind#valueUnit}), 0 when it takes none
 * @param line             line in the scenario file
 * @param rampSeconds      time its value takes to move from neutral to {@code value} (0: a step)
 * @param clearRampSeconds time its value takes to move back to neutral from {@code clearAtSeconds} (0: at once)
 * @param channel          thermometer or heater channel for faults given by channel (a second
 *                         thermometer on one stage), else -1
 */
public record ScenarioFault(double atSeconds, double clearAtSeconds, FaultKind kind, StageId stage, double value, int line,
                            double rampSeconds, double clearRampSeconds, int channel) {

    /** A step fault on a stage (or on nothing), the format before ramps and channels. */
    public ScenarioFault(double atSeconds, double clearAtSeconds, FaultKind kind, StageId stage, double value, int line) {
        this(atSeconds, clearAtSeconds, kind, stage, value, line, 0, 0, -1);
    }
}
