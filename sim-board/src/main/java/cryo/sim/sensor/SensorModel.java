package cryo.sim.sensor;

import cryo.hal.calibration.CalibrationCurve;

/**
 * A thermometer as the board sees it: temperature in, reading in the sensor's own units out.
 * Noise and faults are applied after the model by the board (as in WPILib's LinearSystemSim).
 * The front-end figures (excitation, thermal conductance to the stage, ADC) have defaults so a
 * simple model only needs its R(T).
 */
public interface SensorModel {
    /** Noise-free reading of the sensor at a temperature. */
    double unitsAt(double temperatureKelvin);

    /** Relative standard deviation of the reading noise (e.g. 1e-4). */
    double relativeNoise();

    /** The calibration curve that converts this sensor's units back to kelvin. */
    CalibrationCurve curve();

    String units();

    /** Excitation current the board starts with, amps (the host may rewrite it). */
    default double defaultExcitationAmps() {
        return 1e-9;
    }

    /**
     * Thermal conductance from the sensing element to its stage, W/K, at the stage temperature.
     * Self-heating raises the element by I²R / G; G collapses at mK (electron-phonon decoupling).
     */
    default double thermalConductanceWattsPerKelvin(double stageKelvin) {
        return 1e-3;
    }

    /** ADC full scale in sensor units; the reading is quantised to fullScale / 2^bits. */
    default double adcFullScaleUnits() {
        return 100_000.0;
    }

    default int adcBits() {
        return 24;
    }
}
