package cryo.sim.sensor;


/**
 * A ruthenium-oxide resistance thermometer: R(T) = R0 · exp((T0/T)^(1/4)) (variable-range hopping
 * shape, CRYOSTAT.md), negative temperature coefficient, good from ~10 mK to 40 K. About 110 Ω at
 * 4 K and 20 kΩ at 10 mK with the typical figures. Self-heating: the element couples to its
 * stage through G = 2e-4·T³ W/K (≈ 2e-10 W/K at 10 mK), so 1 nA into 20 kΩ (20 fW) raises it by
 * ~0.1 mK at 10 mK — why mK bridges excite with picoamps to a nanoamp.
 */
public final class RuOxSensor extends ResistanceThermometer {
    /** Electron-phonon style coupling coefficient, W/K⁴. */
    public static final double COUPLING_W_PER_K4 = 2e-4;

    private final double r0Ohms;
    private final double t0Kelvin;

    public RuOxSensor(String name, double r0Ohms, double t0Kelvin, double relativeNoise) {
        super("RuOx", name, relativeNoise);
        if (!(r0Ohms > 0) || !(t0Kelvin > 0)) {
            throw new IllegalArgumentException("RuOx " + name + ": r0Ohms and t0Kelvin must be > 0");
        }
        this.r0Ohms = r0Ohms;
        this.t0Kelvin = t0Kelvin;
        generateCurve(name, 0.005, 40.0, 200);
    }

    /** Typical RuOx: about 110 Ω at 4 K, 20 kΩ near 10 mK. */
    public static RuOxSensor typical(String name) {
        return new RuOxSensor(name, 25.0, 20.0, 1e-4);
    }

    @Override
    public double unitsAt(double temperatureKelvin) {
        return r0Ohms * Math.exp(Math.pow(t0Kelvin / temperatureKelvin, 0.25));
    }




    @Override
    public double thermalConductanceWattsPerKelvin(double stageKelvin) {
        return COUPLING_W_PER_K4 * stageKelvin * stageKelvin * stageKelvin;
    }

    @Override
    public double adcFullScaleUnits() {
        return 200_000.0;
    }
}
