package cryo.sim.sensor;

import cryo.hal.calibration.CalibrationCurve;

/**
 * A thermometer as the board sees it: temperature in, reading in the sensor's own units out.
 * Noise and faults are applied after the model by the board (as in WPILib's LinearSystemSim).
 */
public interface SensorModel {
    /** Noise-free reading of the sensor at a temperature. */
    double unitsAt(double temperatureKelvin);

    /** Relative standard deviation of the reading noise (e.g. 1e-4). */
    double relativeNoise();

    /** The calibration curve that converts this sensor's units back to kelvin. */
    CalibrationCurve curve();

    String units();
}
