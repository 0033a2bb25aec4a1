package cryo.sim.sensor;


/**
 * A platinum Pt100 (IEC 60751, α = 0.00385). At and above 0 °C: Callendar–Van Dusen
 * R = R0·(1 + A·t + B·t²). From 0 °C down to −200 °C (73.15 K): the full CVD with the C term.
 * Below 73.15 K the standard has nothing; platinum's resistance falls towards its residual
 * value, fitted here as R = R_res + (R(73.15) − R_res)·(T/73.15)^n with n matching CVD's slope
 * at 73.15 K (continuous value and slope), R_res = 0.3 Ω (≈ Lake Shore PT-100 near 14 K is
 * ~1.5 Ω, residual below 10 K a few tenths). Useful to ~20 K, which covers a 50 K plate.
 */
public final class Pt100Sensor extends ResistanceThermometer {
    public static final double R0_OHMS = 100.0;
    public static final double A = 3.9083e-3;
    public static final double B = -5.775e-7;
    public static final double C = -4.183e-12;
    private static final double JOIN_KELVIN = 73.15;
    private static final double RESIDUAL_OHMS = 0.3;

    private final double joinOhms;
    private final double exponent;

    public Pt100Sensor(String name, double relativeNoise) {
        super("Pt100", name, relativeNoise);
        this.joinOhms = cvdOhms(JOIN_KELVIN - 273.15);
        double h = 1e-4;
        double slope = (cvdOhms(JOIN_KELVIN - 273.15 + h) - cvdOhms(JOIN_KELVIN - 273.15 - h)) / (2 * h);
        this.exponent = slope * JOIN_KELVIN / (joinOhms - RESIDUAL_OHMS);
        generateCurve(name, 20.0, 800.0, 120);
    }

    public static Pt100Sensor typical(String name) {
        return new Pt100Sensor(name, 2e-5);
    }

    /** IEC 60751 Callendar–Van Dusen, t in °C (valid −200 … 850 °C). */
    public static double cvdOhms(double celsius) {
        double r = 1 + A * celsius + B * celsius * celsius;
        if (celsius < 0) {
            r += C * (celsius - 100) * celsius * celsius * celsius;
        }
        return R0_OHMS * r;
    }

    @Override
    public double unitsAt(double temperatureKelvin) {
        if (temperatureKelvin >= JOIN_KELVIN) {
            return cvdOhms(temperatureKelvin - 273.15);
        }
        return RESIDUAL_OHMS + (joinOhms - RESIDUAL_OHMS) * Math.pow(temperatureKelvin / JOIN_KELVIN, exponent);
    }




    @Override
    public double defaultExcitationAmps() {
        return 1e-3; // the usual 1 mA for a Pt100
    }

    @Override
    public double thermalConductanceWattsPerKelvin(double stageKelvin) {
        return 5e-3; // ~200 K/W: 1 mA into 100 Ω (0.1 mW) self-heats by 20 mK, as data sheets say
    }

    @Override
    public double adcFullScaleUnits() {
        return 400.0;
    }
}
