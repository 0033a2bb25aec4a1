package cryo.controller.config;

import cryo.hal.device.StageId;
import java.util.ArrayList;
import java.util.List;

/**
 * Every interlock limit: per sensor, per loop, per redundant pair, and for the bus. Defaults per
 * stage ({@link #defaults}) are scaled to the stage's time constants and documented in
 * controller/SAFETY.md.
 *
 * @param sampleIntervalSeconds  the board's conversion interval (stale = staleIntervals × this, or the tick if longer)
 * @param notAnsweringTicks      consecutive ticks with a failed transfer that mean the board is gone
 * @param crcMaxErrorFraction    fraction of bus frames that may fail their CRC (averaged over the window) before the
 *                               bus is not trusted with a heater command
 * @param crcWindowSeconds       the time constant the CRC fraction is averaged over
 */
public record InterlockConfig(double sampleIntervalSeconds, int notAnsweringTicks, double crcMaxErrorFraction,
                              double crcWindowSeconds, List<SensorInterlock> sensors, List<LoopInterlock> loops,
                              List<SensorPair> pairs) {
    public InterlockConfig {
        SensorInterlock.positive("interlocks.sampleIntervalSeconds", sampleIntervalSeconds);
        if (notAnsweringTicks < 1) {
            throw new IllegalArgumentException("interlocks.notAnsweringTicks must be >= 1, was " + notAnsweringTicks);
        }
        if (!(crcMaxErrorFraction > 0 && crcMaxErrorFraction < 1)) {
            throw new IllegalArgumentException("interlocks.crcMaxErrorFraction " + crcMaxErrorFraction + " outside (0, 1)");
        }
        SensorInterlock.positive("interlocks.crcWindowSeconds", crcWindowSeconds);
        sensors = List.copyOf(sensors);
        loops = List.copyOf(loops);
        pairs = List.copyOf(pairs);
    }

    /**
     * A stage above this fraction of its over-temperature limit (debounced, armed once it has read
     * below 98 % of that level) raises a WARNING that trips nothing and clears by itself below 98 %
     * of that level. The cold stages' default.
     */
    public static final double OVER_TEMPERATURE_WARNING_FRACTION = 0.9;
    /**
     * The plates' warning fraction: 0.95 × 320 K = 304 K, above room temperature (295 K) and a
     * warm-up held at 290 K; 90 % (288 K) sat below room and warned in normal operation.
     */
    public static final double PLATE_OVER_TEMPERATURE_WARNING_FRACTION = 0.95;

    /**
     * 5 % of frames failing their CRC: a healthy link has none, a marginal one (1 %) stays clear of
     * it with any seed (BusCrcRateTest), half-corrupted frames trip within a second.
     */
    public static final double DEFAULT_CRC_MAX_ERROR_FRACTION = 0.05;
    /** The CRC fraction's averaging time constant: long enough to judge a 1 % link on ~800 frames, short enough to trip half-corrupted frames in about a second. */
    public static final double DEFAULT_CRC_WINDOW_SECONDS = 10;

    /** Default limits for a sensor on a stage (see SAFETY.md for the reasoning per stage). */
    public static SensorInterlock defaultSensor(int sensorIndex, StageId stage) {
        switch (stage) {
            case PLATE_50K:
                // pulse-tube first stage: minutes to hours; 320 K is room temperature + margin
                // (a warm-up heater running away) and inside a Cernox's curve (to 325 K)
                return new SensorInterlock(sensorIndex, 320, Double.NaN, 4, Double.NaN, 0.05, 60, 4, 600, 1e-6, 1e-3, 0, 3, 5.0, 900,
                        PLATE_OVER_TEMPERATURE_WARNING_FRACTION);
            case PLATE_4K:
                return new SensorInterlock(sensorIndex, 320, Double.NaN, 4, Double.NaN, 0.02, 60, 4, 600, 1e-6, 1e-3, 0, 3, 1.0, 600,
                        PLATE_OVER_TEMPERATURE_WARNING_FRACTION);
            case STILL:
            case COLD_PLATE:
                return new SensorInterlock(sensorIndex, 10, Double.NaN, 4, 12, 0.01, 30, 4, 120, 1e-6, 1e-5, 50, 3, Double.NaN, 0,
                        OVER_TEMPERATURE_WARNING_FRACTION);
            case MXC:
            case SAMPLE:
            default:
                // millikelvin stages: sub-second time constants at base, seconds at 1 K
                return new SensorInterlock(sensorIndex, 5.0, Double.NaN, 4, 6.0, 0.05, 10, 4, 60, 1e-5, 1e-5, 50, 3, Double.NaN, 0,
                        OVER_TEMPERATURE_WARNING_FRACTION);
        }
    }

    /** Default limits for a loop on the mixing chamber of the simulated cryostat (ṅ = 0.5 mmol/s). */
    /**
     * Default limits for a loop by the stage it heats: the plates have time constants of minutes
     * to hours and warm transiently during a cooldown, so their windows and bands are wider.
     */
    /**
     * Heater stuck on (thermometer): after any other heater's command moved, judging waits this
     * many stuck-on windows (mixing chamber 4 × 30 s). On the simulated cryostat a trip cuts the
     * still and the mixing chamber warms 10 → 32.5 mK in the first 30 s, then by under 1 mK per
     * 30 s after 60 s: two minutes leave the 20 mK limit a margin of more than 20.
     */
    public static final double STUCK_ON_SETTLE_WINDOWS = 4;
    /** Other heaters' total command may wander by this (a regulating PID's noise) and count as steady ... */
    public static final double STUCK_ON_OTHER_TOLERANCE_WATTS = 1e-4;
    /** ... plus this fraction of it (the still's 18 mW: ± 1.8 mW). */
    public static final double STUCK_ON_OTHER_TOLERANCE_FRACTION = 0.1;

    private static double stuckOnSettle(double windowSeconds) {
        return STUCK_ON_SETTLE_WINDOWS * windowSeconds;
    }

    public static LoopInterlock defaultLoop(String loopId, StageId stage) {
        switch (stage) {
            case PLATE_50K:
            case PLATE_4K:
                return new LoopInterlock(loopId, 1.0, 1800, 2.0, 2.0, 1800, 3600, 5.0, 600, stuckOnSettle(600), STUCK_ON_OTHER_TOLERANCE_WATTS,
                        STUCK_ON_OTHER_TOLERANCE_FRACTION, 1e-3, 0.05, 3,
                        84 * 0.5e-3, 10.0, 3, 1800);
            case STILL:
            case COLD_PLATE:
                return new LoopInterlock(loopId, 0.02, 600, 0.02, 0.05, 600, 60, 0.5, 300, stuckOnSettle(300), STUCK_ON_OTHER_TOLERANCE_WATTS,
                        STUCK_ON_OTHER_TOLERANCE_FRACTION, 1e-4, 0.05, 3,
                        84 * 0.5e-3, 0.05, 3, 600);
            default:
                return defaultLoop(loopId);
        }
    }

    public static LoopInterlock defaultLoop(String loopId) {
        // the mixing chamber settles within seconds of a step in zone mode: heat-up, hold and
        // detached windows of 30-60 s stay clear of the loop's transients (the one-day soak) and
        // still catch a fault within a minute (the fault matrix)
        return new LoopInterlock(loopId, 0.002, 30, 0.005, 0.010, 30, 0.5, 0.020, 30, stuckOnSettle(30), STUCK_ON_OTHER_TOLERANCE_WATTS,
                STUCK_ON_OTHER_TOLERANCE_FRACTION, 1e-6, 0.05, 3,
                84 * 0.5e-3, 5e-6, 3, 60);
    }

    /** Defaults for every sensor and loop of a configuration; the walking skeleton's over-temperature list overrides. */
    public static InterlockConfig defaults(List<SensorConfig> sensors, List<LoopConfig> loops, List<OverTemperatureLimit> overTemperature) {
        List<SensorInterlock> s = new ArrayList<>();
        for (int i = 0; i < sensors.size(); i++) {
            SensorInterlock d = defaultSensor(i, StageId.fromId(sensors.get(i).stageId()));
            for (OverTemperatureLimit o : overTemperature) {
                if (o.sensorIndex() == i) {
                    d = d.withOverTemperature(o.limitKelvin(), o.debounceSamples());
                }
            }
            s.add(d);
        }
        List<LoopInterlock> l = new ArrayList<>();
        for (LoopConfig lc : loops) {
            l.add(defaultLoop(lc.loopId(), StageId.fromId(sensors.get(lc.sensorIndex()).stageId())));
        }
        return new InterlockConfig(0.1, 5, DEFAULT_CRC_MAX_ERROR_FRACTION, DEFAULT_CRC_WINDOW_SECONDS, s, l, List.of());
    }

    public InterlockConfig withSensor(SensorInterlock replacement) {
        List<SensorInterlock> s = new ArrayList<>(sensors);
        s.replaceAll(x -> x.sensorIndex() == replacement.sensorIndex() ? replacement : x);
        return new InterlockConfig(sampleIntervalSeconds, notAnsweringTicks, crcMaxErrorFraction, crcWindowSeconds, s, loops, pairs);
    }

    public InterlockConfig withLoop(LoopInterlock replacement) {
        List<LoopInterlock> l = new ArrayList<>(loops);
        l.replaceAll(x -> x.loopId().equals(replacement.loopId()) ? replacement : x);
        return new InterlockConfig(sampleIntervalSeconds, notAnsweringTicks, crcMaxErrorFraction, crcWindowSeconds, sensors, l, pairs);
    }

    public InterlockConfig withPairs(List<SensorPair> p) {
        return new InterlockConfig(sampleIntervalSeconds, notAnsweringTicks, crcMaxErrorFraction, crcWindowSeconds, sensors, loops, p);
    }

    /** The limits of a sensor, or null when the sensor has none configured. */
    public SensorInterlock sensor(int sensorIndex) {
        for (SensorInterlock s : sensors) {
            if (s.sensorIndex() == sensorIndex) {
                return s;
            }
        }
        return null;
    }

    public LoopInterlock loop(String loopId) {
        for (LoopInterlock l : loops) {
            if (l.loopId().equals(loopId)) {
                return l;
            }
        }
        return null;
    }
}
