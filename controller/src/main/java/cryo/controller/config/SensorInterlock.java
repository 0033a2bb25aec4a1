package cryo.controller.config;

/**
 * Interlock limits for one sensor. NaN switches an optional check off.
 *
 * @param sensorIndex               index into the sensor list
 * @param overTemperatureKelvin     trip above (debounced)
 * @param underTemperatureKelvin    trip below (debounced); NaN = off
 * @param debounceSamples           consecutive samples for over/under/open/short (default 4)
 * @param comparatorKelvin          board comparator limit written at start-up for heaters on this
 *                                  sensor's loops; must be at or above the over-temperature limit; NaN = off
 * @param rateOfRiseKelvinPerSecond trip when rising faster, measured over the window, while a
 *                                  rise is not the loop's intent
 * @param rateWindowSeconds         window of the rate measurement
 * @param jumpFactor                a fresh sample this many times above/below the previous one is a jump
 * @param stuckWindowSeconds        window over which a changing heater must move the reading
 * @param stuckMinRelativeChange    least relative spread of the reading over that window
 * @param stuckMinHeaterChangeWatts heater change that must show in the reading
 * @param stuckIdenticalSamples     bit-identical fresh conversions that mean stuck (0 = off)
 * @param staleIntervals            no new conversion within this many sample intervals is stale (default 3)
 * @param coolingLossRiseKelvin     plate warming by this much within the window with heaters off; NaN = off
 * @param coolingLossWindowSeconds  window of the cooling-loss check
 * @param overTemperatureWarningFraction a WARNING (no trip) above this fraction of the
 *                                  over-temperature limit, in (0, 1); NaN = off. Plates that start
 *                                  at room temperature need a level above it (0.95 of 320 K = 304 K)
 */
public record SensorInterlock(int sensorIndex, double overTemperatureKelvin, double underTemperatureKelvin,
                              int debounceSamples, double comparatorKelvin, double rateOfRiseKelvinPerSecond,
                              double rateWindowSeconds, double jumpFactor, double stuckWindowSeconds,
                              double stuckMinRelativeChange, double stuckMinHeaterChangeWatts, int stuckIdenticalSamples,
                              double staleIntervals, double coolingLossRiseKelvin, double coolingLossWindowSeconds,
                              double overTemperatureWarningFraction) {
    public SensorInterlock {
        String f = "interlocks.sensors[" + sensorIndex + "].";
        positive(f + "overTemperatureKelvin", overTemperatureKelvin);
        if (!Double.isNaN(underTemperatureKelvin)) {
            positive(f + "underTemperatureKelvin", underTemperatureKelvin);
            if (underTemperatureKelvin >= overTemperatureKelvin) {
                throw new IllegalArgumentException(f + "underTemperatureKelvin " + underTemperatureKelvin
                        + " must be below overTemperatureKelvin " + overTemperatureKelvin);
            }
        }
        if (debounceSamples < 1 || debounceSamples > 1000) {
            throw new IllegalArgumentException(f + "debounceSamples " + debounceSamples + " outside 1..1000");
        }
        if (!Double.isNaN(comparatorKelvin)) {
            positive(f + "comparatorKelvin", comparatorKelvin);
            if (overTemperatureKelvin > comparatorKelvin) {
                throw new IllegalArgumentException(f + "overTemperatureKelvin " + overTemperatureKelvin
                        + " is above comparatorKelvin " + comparatorKelvin
                        + ": the software trip must come before the board's hardware cut-out");
            }
        }
        positive(f + "rateOfRiseKelvinPerSecond", rateOfRiseKelvinPerSecond);
        positive(f + "rateWindowSeconds", rateWindowSeconds);
        if (!(jumpFactor > 1) || !Double.isFinite(jumpFactor)) {
            throw new IllegalArgumentException(f + "jumpFactor must be > 1, was " + jumpFactor);
        }
        positive(f + "stuckWindowSeconds", stuckWindowSeconds);
        positive(f + "stuckMinRelativeChange", stuckMinRelativeChange);
        positive(f + "stuckMinHeaterChangeWatts", stuckMinHeaterChangeWatts);
        if (stuckIdenticalSamples < 0) {
            throw new IllegalArgumentException(f + "stuckIdenticalSamples must be >= 0 (0 = off), was " + stuckIdenticalSamples);
        }
        if (!(staleIntervals >= 1) || staleIntervals > 1000) {
            throw new IllegalArgumentException(f + "staleIntervals " + staleIntervals + " outside 1..1000");
        }
        if (!Double.isNaN(coolingLossRiseKelvin)) {
            positive(f + "coolingLossRiseKelvin", coolingLossRiseKelvin);
            positive(f + "coolingLossWindowSeconds", coolingLossWindowSeconds);
        }
        if (!Double.isNaN(overTemperatureWarningFraction)
                && !(overTemperatureWarningFraction > 0 && overTemperatureWarningFraction < 1)) {
            throw new IllegalArgumentException(f + "overTemperatureWarningFraction " + overTemperatureWarningFraction
                    + " outside (0, 1) (a fraction of overTemperatureKelvin; off for no warning)");
        }
    }

    /** The warning level in kelvin, NaN when off. */
    public double overTemperatureWarningKelvin() {
        return overTemperatureWarningFraction * overTemperatureKelvin;
    }

    public SensorInterlock withOverTemperature(double kelvin, int debounce) {
        return new SensorInterlock(sensorIndex, kelvin, underTemperatureKelvin, debounce,
                Double.isNaN(comparatorKelvin) ? comparatorKelvin : Math.max(comparatorKelvin, kelvin * 1.2),
                rateOfRiseKelvinPerSecond, rateWindowSeconds, jumpFactor, stuckWindowSeconds, stuckMinRelativeChange,
                stuckMinHeaterChangeWatts, stuckIdenticalSamples, staleIntervals, coolingLossRiseKelvin, coolingLossWindowSeconds,
                overTemperatureWarningFraction);
    }

    public SensorInterlock withUnderTemperature(double kelvin) {
        return new SensorInterlock(sensorIndex, overTemperatureKelvin, kelvin, debounceSamples, comparatorKelvin,
                rateOfRiseKelvinPerSecond, rateWindowSeconds, jumpFactor, stuckWindowSeconds, stuckMinRelativeChange,
                stuckMinHeaterChangeWatts, stuckIdenticalSamples, staleIntervals, coolingLossRiseKelvin, coolingLossWindowSeconds,
                overTemperatureWarningFraction);
    }

    public SensorInterlock withComparator(double kelvin) {
        return new SensorInterlock(sensorIndex, overTemperatureKelvin, underTemperatureKelvin, debounceSamples, kelvin,
                rateOfRiseKelvinPerSecond, rateWindowSeconds, jumpFactor, stuckWindowSeconds, stuckMinRelativeChange,
                stuckMinHeaterChangeWatts, stuckIdenticalSamples, staleIntervals, coolingLossRiseKelvin, coolingLossWindowSeconds,
                overTemperatureWarningFraction);
    }

    static void positive(String field, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(field + " must be > 0 and finite, was " + v);
        }
    }
}
