package cryo.sim.scenario;

import cryo.hal.device.StageId;
import cryo.sim.fault.FaultKind;

/**
 * A fault switched on at a time and optionally repaired later.
 *
 * @param atSeconds      when it starts
 * @param clearAtSeconds when it is repaired, or NaN for never
 * @param kind           which fault
 * @param stage          target stage for heater and sensor faults, else null
 * @param value          the fault's number (see {@link FaultKind#valueUnit}), 0 when it takes none
 * @param line           line in the scenario file
 */
public record ScenarioFault(double atSeconds, double clearAtSeconds, FaultKind kind, StageId stage, double value, int line) {
}
