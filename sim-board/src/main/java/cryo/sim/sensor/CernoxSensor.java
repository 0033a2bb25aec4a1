package cryo.sim.sensor;


/**
 * A Cernox-type zirconium oxy-nitride thin film: negative coefficient over 1.4 … 325 K, here
 * R = R0·exp(√(T0/T)) with R0 = 31.7 Ω, T0 = 62.5 K, fitted through ~50 Ω at 300 K and ~1.5 kΩ
 * at 4.2 K (the shape of a CX-1050). Sapphire-mounted, so well coupled to its stage down to 1 K.
 */
public final class CernoxSensor extends ResistanceThermometer {
    private final double r0Ohms;
    private final double t0Kelvin;

    public CernoxSensor(String name, double r0Ohms, double t0Kelvin, double relativeNoise) {
        super("Cernox", name, relativeNoise);
        if (!(r0Ohms > 0) || !(t0Kelvin > 0)) {
            throw new IllegalArgumentException("Cernox " + name + ": r0Ohms and t0Kelvin must be > 0");
        }
        this.r0Ohms = r0Ohms;
        this.t0Kelvin = t0Kelvin;
        generateCurve(name, 1.4, 325.0, 150);
    }

    public static CernoxSensor typical(String name) {
        return new CernoxSensor(name, 31.7, 62.5, 5e-5);
    }

    @Override
    public double unitsAt(double temperatureKelvin) {
        return r0Ohms * Math.exp(Math.sqrt(t0Kelvin / temperatureKelvin));
    }




    @Override
    public double defaultExcitationAmps() {
        return 1e-5; // 10 µA, a typical Cernox excitation at a few kelvin
    }

    @Override
    public double thermalConductanceWattsPerKelvin(double stageKelvin) {
        return 1e-4 * Math.min(stageKelvin, 10.0); // ~4e-4 W/K at 4 K
    }

    @Override
    public double adcFullScaleUnits() {
        return 50_000.0;
    }
}
