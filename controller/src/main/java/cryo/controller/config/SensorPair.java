package cryo.controller.config;

/**
 * Two sensors on one stage, cross-checked: they must agree within max(maxDifferenceKelvin,
 * fraction × their mean) or trip SENSOR_DISAGREEMENT after N samples.
 */
public record SensorPair(int sensorA, int sensorB, double maxDifferenceKelvin, double fraction, int debounceSamples) {
    public SensorPair {
        String f = "interlocks.pairs[" + sensorA + "," + sensorB + "].";
        if (sensorA == sensorB) {
            throw new IllegalArgumentException(f + "sensorA and sensorB must differ");
        }
        SensorInterlock.positive(f + "maxDifferenceKelvin", maxDifferenceKelvin);
        if (!(fraction >= 0)) {
            throw new IllegalArgumentException(f + "fraction must be >= 0, was " + fraction);
        }
        if (debounceSamples < 1) {
            throw new IllegalArgumentException(f + "debounceSamples must be >= 1, was " + debounceSamples);
        }
    }
}
