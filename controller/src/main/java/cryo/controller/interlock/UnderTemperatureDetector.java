package cryo.controller.interlock;

/**
 * Absolute under-temperature, debounced: trips after N consecutive samples below the limit (a
 * reading colder than the stage can physically be is a sensor or wiring fault). Pure; a NaN
 * sample neither counts nor resets.
 */
public final class UnderTemperatureDetector {
    private final double limitKelvin;
    private final int debounceSamples;
    private int below;

    public UnderTemperatureDetector(double limitKelvin, int debounceSamples) {
        this.limitKelvin = Checks.positive("limitKelvin", limitKelvin);
        this.debounceSamples = Checks.atLeastOne("debounceSamples", debounceSamples);
    }

    /** @return true when this sample completes a run of N samples below the limit */
    public boolean update(double temperatureKelvin) {
        if (Double.isNaN(temperatureKelvin)) {
            return false;
        }
        below = temperatureKelvin < limitKelvin ? below + 1 : 0;
        return below >= debounceSamples;
    }

    public boolean causePresent() {
        return below > 0;
    }

    public double limitKelvin() {
        return limitKelvin;
    }
}
