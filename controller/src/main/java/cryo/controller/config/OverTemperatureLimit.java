package cryo.controller.config;

/**
 * An absolute over-temperature interlock on one sensor.
 *
 * @param sensorIndex     index into the sensor list
 * @param limitKelvin     trip above this temperature
 * @param debounceSamples consecutive samples above the limit before the trip (default 4)
 */
public record OverTemperatureLimit(int sensorIndex, double limitKelvin, int debounceSamples) {
    public OverTemperatureLimit {
        if (!(limitKelvin > 0) || !Double.isFinite(limitKelvin)) {
            throw new IllegalArgumentException("interlocks.overTemperature.limitKelvin must be > 0, was " + limitKelvin);
        }
        if (debounceSamples < 1 || debounceSamples > 1000) {
            throw new IllegalArgumentException("interlocks.overTemperature.debounceSamples " + debounceSamples + " outside 1..1000");
        }
    }
}
