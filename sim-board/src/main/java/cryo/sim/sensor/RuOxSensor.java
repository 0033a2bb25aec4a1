package cryo.sim.sensor;

import cryo.hal.calibration.CalibrationCurve;

/**
 * A ruthenium-oxide resistance thermometer: R(T) = R0 · exp((T0/T)^(1/4)) (variable-range hopping
 * shape, CRYOSTAT.md), negative temperature coefficient, good from ~10 mK to 40 K.
 */
public final class RuOxSensor implements SensorModel {
    private final double r0Ohms;
    private final double t0Kelvin;
    private final double relativeNoise;
    private final CalibrationCurve curve;

    public RuOxSensor(String name, double r0Ohms, double t0Kelvin, double relativeNoise) {
        if (!(r0Ohms > 0) || !(t0Kelvin > 0) || !(relativeNoise >= 0)) {
            throw new IllegalArgumentException("RuOx " + name + ": r0Ohms and t0Kelvin must be > 0, relativeNoise >= 0");
        }
        this.r0Ohms = r0Ohms;
        this.t0Kelvin = t0Kelvin;
        this.relativeNoise = relativeNoise;
        this.curve = generateCurve(name, 0.005, 40.0, 200);
    }

    /** Typical RuOx: about 1.2 kΩ at 4 K, 30 kΩ near 10 mK. */
    public static RuOxSensor typical(String name) {
        return new RuOxSensor(name, 25.0, 20.0, 1e-4);
    }

    @Override
    public double unitsAt(double temperatureKelvin) {
        return r0Ohms * Math.exp(Math.pow(t0Kelvin / temperatureKelvin, 0.25));
    }

    @Override
    public double relativeNoise() {
        return relativeNoise;
    }

    @Override
    public CalibrationCurve curve() {
        return curve;
    }

    @Override
    public String units() {
        return "ohm";
    }

    private CalibrationCurve generateCurve(String name, double minKelvin, double maxKelvin, int points) {
        double[] units = new double[points];
        double[] kelvin = new double[points];
        double logMin = Math.log(minKelvin);
        double logMax = Math.log(maxKelvin);
        for (int i = 0; i < points; i++) {
            double t = Math.exp(logMin + (logMax - logMin) * i / (points - 1));
            kelvin[i] = t;
            units[i] = unitsAt(t);
        }
        return new CalibrationCurve(name, units, kelvin, maxKelvin);
    }
}
