package cryo.sim.sensor;

/**
 * What happens between a stage's temperature and the number the board's ADC reports, apart from
 * noise (seeded, applied by the board) and faults (cryo.sim.fault): excitation self-heating and
 * ADC quantisation. Pure and allocation-free.
 */
public final class SensorFrontEnd {
    private SensorFrontEnd() {
    }

    /**
     * Temperature of the sensing element: the stage plus I²R / G. Two fixed-point passes (R and G
     * are taken at the previous estimate), enough while the rise is small against T, which is
     * the regime a sane excitation keeps.
     */
    public static double elementKelvin(SensorModel sensor, double stageKelvin, double excitationAmps) {
        if (!(excitationAmps > 0)) {
            return stageKelvin;
        }
        double t = stageKelvin;
        for (int i = 0; i < 2; i++) {
            double power = excitationAmps * excitationAmps * sensor.unitsAt(t);
            double g = sensor.thermalConductanceWattsPerKelvin(stageKelvin);
            t = stageKelvin + power / g;
        }
        return t;
    }

    /** The reading rounded to the ADC's least significant bit (full scale / 2^bits). */
    public static double quantise(SensorModel sensor, double units) {
        double lsb = sensor.adcFullScaleUnits() / (double) (1L << sensor.adcBits());
        double q = Math.rint(units / lsb) * lsb;
        return Math.min(q, sensor.adcFullScaleUnits());
    }
}
