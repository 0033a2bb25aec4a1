package cryo.hal.device;

/**
 * Heater ranges as on a laboratory temperature controller: range 1..8 allow a maximum current of
 * 31.6 µA … 100 mA in half-decade steps into the heater resistance, so each range has a tenth of
 * the next one's maximum power. Range 0 is off. The board clamps a requested power to its range.
 */
public final class HeaterRanges {
    public static final int OFF = 0;
    public static final int COUNT = 8;
    private static final double LOWEST_CURRENT_AMPS = Math.pow(10.0, -4.5); // 31.6 uA: exact half decades

    private HeaterRanges() {
    }

    /** Maximum current of a range, amps (0 for range 0). */
    public static double maxCurrentAmps(int range) {
        checkRange(range);
        return range == OFF ? 0.0 : LOWEST_CURRENT_AMPS * Math.pow(10.0, (range - 1) / 2.0);
    }

    /** Maximum power of a range into a heater of the given resistance, watts (0 for range 0). */
    public static double maxPowerWatts(int range, double resistanceOhms) {
        double i = maxCurrentAmps(range);
        return i * i * resistanceOhms;
    }

    public static boolean valid(int range) {
        return range >= OFF && range <= COUNT;
    }

    private static void checkRange(int range) {
        if (!valid(range)) {
            throw new IllegalArgumentException("heater range " + range + " outside 0.." + COUNT);
        }
    }
}
