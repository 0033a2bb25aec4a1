package cryo.controller.config;

/**
 * One row of a loop's zone table (gain scheduling by temperature, Lake Shore 372 style): the row
 * applies to setpoints up to {@code upperBoundKelvin}. Checked on its own here; the table (order,
 * count, the heater's ranges) is checked by {@link LoopConfig} and by the heater loop's command.
 *
 * @param upperBoundKelvin          the zone applies at setpoints up to here
 * @param p                         proportional gain, W/K
 * @param i                         integral gain, W/(K·s)
 * @param d                         derivative gain, W·s/K
 * @param heaterRange               heater range used in this zone (1..8)
 * @param maxOutputWatts            output ceiling in this zone, 0 = the range's maximum
 * @param rampRateKelvinPerMinute   ramp rate while in this zone when ramping is on, 0 = the loop's rate
 */
public record ZoneConfig(double upperBoundKelvin, double p, double i, double d, int heaterRange,
                         double maxOutputWatts, double rampRateKelvinPerMinute) {

    /** What is wrong with this row (named with {@code field}), or null. */
    public String problem(String field, double heaterResistanceOhms, int heaterRangeCount) {
        if (!(upperBoundKelvin > 0) || !Double.isFinite(upperBoundKelvin)) {
            return field + ".upper_bound_kelvin " + upperBoundKelvin + " must be > 0 and finite";
        }
        if (!(p >= 0) || !(i >= 0) || !(d >= 0) || !Double.isFinite(p) || !Double.isFinite(i) || !Double.isFinite(d)) {
            return field + ": p, i, d must be finite and >= 0 (p=" + p + " i=" + i + " d=" + d + ")";
        }
        if (heaterRange < 1 || heaterRange > heaterRangeCount) {
            return field + ".heater_range " + heaterRange + " outside 1.." + heaterRangeCount + " (ranges this heater has)";
        }
        double rangeMax = cryo.hal.device.HeaterRanges.maxPowerWatts(heaterRange, heaterResistanceOhms);
        if (!(maxOutputWatts >= 0) || maxOutputWatts > rangeMax * (1 + 1e-9)) {
            return field + ".max_output_watts " + maxOutputWatts + " outside [0, " + rangeMax + "] W of range " + heaterRange;
        }
        if (!(rampRateKelvinPerMinute >= 0) || !Double.isFinite(rampRateKelvinPerMinute)) {
            return field + ".ramp_rate_kelvin_per_minute " + rampRateKelvinPerMinute + " must be >= 0 and finite";
        }
        return null;
    }

    /** What is wrong with a whole table (named with {@code field}), or null. */
    public static String tableProblem(String field, java.util.List<ZoneConfig> zones, double heaterResistanceOhms, int heaterRangeCount) {
        if (zones.size() > LoopConfig.MAX_ZONES) {
            return field + ": " + zones.size() + " zones, at most " + LoopConfig.MAX_ZONES;
        }
        for (int k = 0; k < zones.size(); k++) {
            ZoneConfig z = zones.get(k);
            if (z == null) {
                return field + "[" + k + "] is missing";
            }
            String m = z.problem(field + "[" + k + "]", heaterResistanceOhms, heaterRangeCount);
            if (m != null) {
                return m;
            }
            if (k > 0 && !(z.upperBoundKelvin() > zones.get(k - 1).upperBoundKelvin())) {
                return field + "[" + k + "].upper_bound_kelvin " + z.upperBoundKelvin() + " must be above zone " + (k - 1)
                        + "'s " + zones.get(k - 1).upperBoundKelvin() + " (zones in rising order)";
            }
        }
        return null;
    }
}
