package cryo.sim.sensor;

import cryo.hal.calibration.CalibrationCurve;

/**
 * What every simulated resistance thermometer shares: units of ohms, a relative noise and a
 * calibration curve generated from the sensor's own R(T) once its parameters are set.
 */
abstract class ResistanceThermometer implements SensorModel {
    private final double relativeNoise;
    private CalibrationCurve curve;

    ResistanceThermometer(String kind, String name, double relativeNoise) {
        if (!(relativeNoise >= 0)) {
            throw new IllegalArgumentException(kind + " " + name + ": relativeNoise must be >= 0");
        }
        this.relativeNoise = relativeNoise;
    }

    /** Called last by each constructor: R(T) needs the subclass's parameters. */
    final void generateCurve(String name, double minKelvin, double maxKelvin, int points) {
        curve = Curves.generate(name, this, minKelvin, maxKelvin, points);
    }

    @Override
    public final double relativeNoise() {
        return relativeNoise;
    }

    @Override
    public final CalibrationCurve curve() {
        return curve;
    }

    @Override
    public final String units() {
        return "ohm";
    }
}
