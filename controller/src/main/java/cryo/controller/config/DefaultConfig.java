package cryo.controller.config;

import cryo.hal.calibration.CalibrationCurve;
import cryo.v1.LoopMode;
import java.util.List;

/**
 * The shipped configuration for the simulated board's default wiring (mixing chamber RuOx on
 * thermometer channel 4, 100 Ω heater on heater channel 3): hold the mixing chamber at 50 mK in
 * zone mode, trip above 5 K. The same values are in {@code cryo-default.yaml}.
 */
public final class DefaultConfig {
    public static final String FIRMWARE_VERSION = "0.1.0";

    private DefaultConfig() {
    }

    /**
     * The shipped mixing-chamber zone table. The stage's conductance to the dilution unit,
     * dQ/dT = 2·84·ṅ·T, grows with T, and so does its heat capacity; gains scale with T so the
     * loop gain (P × dT/dP ≈ 0.5, I/P = 1 s⁻¹) stays about the same across five zones, and each
     * zone's range holds about ten times the power its upper bound needs.
     */
    public static List<ZoneConfig> mixingChamberZones() {
        return List.of(
                new ZoneConfig(0.030, 0.8e-3, 0.8e-3, 0.0, 4, 0.0, 0.0),  // ≤ 30 mK: 100 µW range
                new ZoneConfig(0.070, 2.0e-3, 2.0e-3, 0.0, 5, 0.0, 0.0),  // ≤ 70 mK: 1 mW
                new ZoneConfig(0.200, 4.0e-3, 4.0e-3, 0.0, 6, 0.0, 0.0),  // ≤ 200 mK: 10 mW
                new ZoneConfig(1.000, 2.0e-2, 2.0e-2, 0.0, 7, 0.0, 0.0)); // ≤ 1 K: 100 mW
    }

    /**
     * The five-stage cryostat's mixing-chamber zone table (cryo-cryostat.yaml has the same). Its
     * liquid (≈ 106·T J/(mol·K) per mole of dilute He-3, 0.05 mol) against dQ/dT = 168·ṅ·T gives a
     * time constant of about a minute at every temperature below 200 mK, and a steady-state gain
     * dT/dP that falls with T (measured on the plant after a +5 % heater step: 611 K/W and 50 s at
     * 20 mK, 237 K/W and 61 s at 50 mK, 94 K/W and 58 s at 120 mK, 12 K/W and 8 s at 500 mK). Each
     * zone is tuned by the lambda rule for a first-order plant with the closed loop twice as fast
     * as the open one: Kp = 2/(dT/dP), Ti = τ (Ki = Kp/τ), at a point inside the zone.
     */
    public static List<ZoneConfig> cryostatMixingChamberZones() {
        return List.of(
                new ZoneConfig(0.030, 3.0e-3, 6.0e-5, 0.0, 4, 0.0, 0.0),   // ≤ 30 mK (tuned at 20 mK): 100 µW range
                new ZoneConfig(0.070, 8.0e-3, 1.4e-4, 0.0, 5, 0.0, 0.0),   // ≤ 70 mK (50 mK): 1 mW
                new ZoneConfig(0.200, 2.0e-2, 3.5e-4, 0.0, 6, 0.0, 0.0),   // ≤ 200 mK (120 mK): 10 mW
                new ZoneConfig(1.000, 1.5e-1, 2.0e-2, 0.0, 7, 0.0, 0.0));  // ≤ 1 K (500 mK): 100 mW
    }

    /** PID-mode gains of the cryostat's mixing-chamber loop (range 5): the lambda rule at 30 mK (≈ 420 K/W, 55 s). */
    public static final double CRYOSTAT_MXC_P = 5.0e-3;
    public static final double CRYOSTAT_MXC_I = 1.0e-4;

    /**
     * Interlock windows of the cryostat's mixing-chamber loop. Its liquid answers in about a minute
     * (not in a second, as the walking skeleton's copper-only chamber does), so the windows of
     * {@link InterlockConfig#defaultLoop(String)} are stretched four-fold: a heat-up must show 2 mK
     * within 2 minutes, an excursion beyond the 10 mK hold band may last 2 minutes, a heater stuck
     * on must warm the chamber 20 mK within 2 minutes, a detached sensor's loop may pour 3× the
     * hold power for 5 minutes.
     */
    public static LoopInterlock cryostatMixingChamberInterlock(String loopId) {
        return new LoopInterlock(loopId, 0.002, 120, 0.005, 0.010, 120, 2.0, 0.020, 120,
                InterlockConfig.STUCK_ON_SETTLE_WINDOWS * 120, InterlockConfig.STUCK_ON_OTHER_TOLERANCE_WATTS,
                InterlockConfig.STUCK_ON_OTHER_TOLERANCE_FRACTION, 1e-6, 0.05, 3,
                84 * 0.5e-3, 5e-6, 3, 300);
    }

    public static ControllerConfig mixingChamber(String nodeId, CalibrationCurve mxcCurve) {
        return mixingChamber(nodeId, mxcCurve, FIRMWARE_VERSION);
    }

    public static ControllerConfig mixingChamber(String nodeId, CalibrationCurve mxcCurve, String firmwareVersion) {
        SensorConfig mxc = new SensorConfig("mxc", "sim-ruox-mxc", 4, mxcCurve);
        PidOptions options = new PidOptions(1.0, 0.0, 2.0, 1e-4, 1e-4, 60.0);
        LoopConfig loop = new LoopConfig("mxc", 0, 3, 100.0, 0.050, 2e-3, 2e-3, 0.0, 5, 1.0, true,
                LoopMode.LOOP_MODE_ZONE, 8, options, false, 1e-3, mixingChamberZones());
        OverTemperatureLimit limit = new OverTemperatureLimit(0, 5.0, 4);
        return new ControllerConfig(nodeId, firmwareVersion, 0.1, 1.0, 3000, 5,
                List.of(mxc), List.of(loop), List.of(limit));
    }

    /**
     * The cryostat's still loop: 0.8 K on the 120 Ω still heater, range 7 (up to 120 mW; about
     * 18 mW holds 0.8 K at base). Tuned on the simulated still (dT/dP ≈ 11 K/W near 0.8 K, time
     * constant under a second) at a 0.1 s tick: P × dT/dP ≈ 0.2 keeps the sensor noise (about
     * 0.14 mK RMS at 0.8 K) from being amplified, and I/P = 5 s⁻¹ rejects the load the mixing
     * chamber heater adds to the still. A real still is slower (minutes): start from
     * autotune there, not from these gains. Off at start.
     */
    public static LoopConfig stillLoop() {
        PidOptions options = new PidOptions(1.0, 0.0, 2.0, 1e-3, 1e-3, 60.0);
        return new LoopConfig("still", 2, 2, 120.0, 0.8, 0.02, 0.1, 0.0, 7, 5.0, false, null, 8, options, false, 0.0, List.of());
    }

    /** Stage ids of the cryostat's thermometers in channel order (0..5), as SimulatedBoards.cryostat wires them. */
    public static final String[] CRYOSTAT_STAGES = {"50k", "4k", "still", "cold-plate", "mxc", "sample"};
    /** Stage of channel 6 when a seventh curve is given: a second mixing-chamber thermometer. */
    public static final String CRYOSTAT_REDUNDANT_STAGE = "mxc";

    /**
     * The five-stage cryostat on the default wiring (thermometers 0..5 = 50k, 4k, still,
     * cold-plate, mxc, sample; heaters 0 = 50k 2.5 kΩ, 1 = 4k 1 kΩ, 2 = still 120 Ω, 3 = mxc
     * 100 Ω), at a 1 s control tick.
     *
     * @param curves one curve per thermometer channel from 0; 5 curves (no sample stage), 6, or 7
     *               (channel 6: a second mixing-chamber thermometer, cross-checked with channel 4)
     */
    public static ControllerConfig cryostat(String nodeId, CalibrationCurve... curves) {
        return cryostat(nodeId, 1.0, curves);
    }

    /**
     * As {@link #cryostat(String, CalibrationCurve...)} with a given control tick. Loops, all off at
     * start (a scenario or operator switches them on): 50k and 4k warm-up heaters (PID to 290 K
     * when used, range 8), still ({@link #stillLoop()}: 0.8 K, range 7, up to 120 mW; the still
     * heater sets the circulation), mxc (PID gains for range 5, up to 1 mW, and the cryostat's zone
     * table {@link #cryostatMixingChamberZones()} for zone mode; interlock windows
     * {@link #cryostatMixingChamberInterlock}). Over-temperature limits that a cooldown from room temperature
     * never crosses: 50k and 4k above 320 K (a warm-up heater running away past room
     * temperature); still, cold plate, mxc and sample above 30 K, comparators at 36 K — their RuOx
     * curves end at 40 K and read invalid above, which the detector ignores, and each limit arms
     * only once its stage has read below it. A deliberate warm-up past them is warm-up mode
     * (SetWarmup; controller/SAFETY.md).
     */
    public static ControllerConfig cryostat(String nodeId, double tickSeconds, CalibrationCurve... curves) {
        if (curves.length != 5 && curves.length != 6 && curves.length != 7) {
            throw new IllegalArgumentException("cryostat: need 5, 6 or 7 calibration curves (channels 0..4, 0..5 or 0..6), got " + curves.length);
        }
        List<SensorConfig> sensors = new java.util.ArrayList<>();
        for (int ch = 0; ch < curves.length; ch++) {
            String stage = ch < CRYOSTAT_STAGES.length ? CRYOSTAT_STAGES[ch] : CRYOSTAT_REDUNDANT_STAGE;
            sensors.add(new SensorConfig(stage, curves[ch].name(), ch, curves[ch]));
        }
        List<LoopConfig> loops = List.of(
                new LoopConfig("50k", 0, 0, 2500.0, 290.0, 2.0, 2e-3, 0.0, 8, 310.0, false),
                new LoopConfig("4k", 1, 1, 1000.0, 290.0, 1.0, 1e-3, 0.0, 8, 310.0, false),
                stillLoop(),
                new LoopConfig("mxc", 4, 3, 100.0, 0.050, CRYOSTAT_MXC_P, CRYOSTAT_MXC_I, 0.0, 5, 1.0, false, null, 8,
                        PidOptions.DEFAULT, false, 0.0, cryostatMixingChamberZones()));
        List<OverTemperatureLimit> limits = new java.util.ArrayList<>();
        limits.add(new OverTemperatureLimit(0, 320.0, 4));
        limits.add(new OverTemperatureLimit(1, 320.0, 4));
        for (int ch = 2; ch < curves.length; ch++) {
            limits.add(new OverTemperatureLimit(ch, 30.0, 4)); // RuOx curves end at 40 K; the comparator sits 20 % above
        }
        ControllerConfig cfg = new ControllerConfig(nodeId, FIRMWARE_VERSION, tickSeconds, Math.max(10.0, tickSeconds),
                (int) Math.max(3000, Math.ceil(3000 * tickSeconds)), 5,
                sensors, loops, limits);
        // board comparators on the RuOx stages stay configured (36 K, 20 % above the software
        // limit): a warm RuOx reads below its curve, which a comparator takes for "too hot", so
        // the interlock stage programs each one only once its stage reads inside the curve
        InterlockConfig il = cfg.interlocks().withLoop(cryostatMixingChamberInterlock("mxc"));
        if (curves.length == 7) {
            // two mixing-chamber thermometers must agree within 2 mK or 10 %, for 5 samples
            il = il.withPairs(List.of(new SensorPair(4, 6, 0.002, 0.10, 5)));
        }
        return cfg.withInterlocks(il);
    }
}
