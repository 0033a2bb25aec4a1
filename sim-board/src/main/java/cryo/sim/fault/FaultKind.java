package cryo.sim.fault;

/**
 * Every fault the simulator can inject, with its id in scenario files and what it targets.
 * {@code value} is the one number a fault takes (its unit is in {@link #valueUnit}); faults
 * without one ignore it.
 */
public enum FaultKind {
    HEATER_STUCK_ON("heater-stuck-on", Target.HEATER, null, 0, 0),
    HEATER_OPEN("heater-open", Target.HEATER, null, 0, 0),
    HEATER_SHORT("heater-short", Target.HEATER, null, 0, 0),
    /**
     * value: watts the heater's driver delivers whatever is commanded (range, output and the
     * watchdog's digital cut are ignored); only the interlock relay, which breaks the supply, stops it
     */
    HEATER_FORCED_POWER("heater-forced-power", Target.HEATER, "W", 0, 100),
    SENSOR_OPEN("sensor-open", Target.SENSOR, null, 0, 0),
    SENSOR_SHORT("sensor-short", Target.SENSOR, null, 0, 0),
    /** the conversion counter advances, the reading stays at its last value */
    SENSOR_STUCK("sensor-stuck", Target.SENSOR, null, 0, 0),
    /** a frozen converter: neither the reading nor the conversion counter change (stale data) */
    SENSOR_FROZEN("sensor-frozen", Target.SENSOR, null, 0, 0),
    /** value: kelvin added to the temperature the sensor sees (a bad thermal anchor, a wrong curve) */
    SENSOR_OFFSET("sensor-offset", Target.SENSOR, "K", -1000, 1000),
    /** value: noise multiplier (e.g. 100) */
    SENSOR_NOISY("sensor-noisy", Target.SENSOR, "times", 1, 1e6),
    /** value: relative drift of the reading per hour (e.g. 0.01 = 1 %/h) */
    SENSOR_DRIFTING("sensor-drifting", Target.SENSOR, "per_hour", -1, 1),
    /** value: time constant of the detached block towards its stage, seconds (e.g. 36000) */
    SENSOR_DETACHED("sensor-detached", Target.SENSOR, "s", 1, 1e7),
    PULSE_TUBE_STOP("pulse-tube-stop", Target.NONE, null, 0, 0),
    /** value: fraction of He-3 circulation lost, 0..1 */
    CIRCULATION_LOSS("circulation-loss", Target.NONE, "fraction", 0, 1),
    /** value: residual gas pressure in the vacuum space, Pa */
    VACUUM_DEGRADATION("vacuum-degradation", Target.NONE, "Pa", 0, 1e5),
    /** value: probability per response frame of a flipped bit (host sees a CRC mismatch) */
    BUS_BIT_ERRORS("bus-bit-errors", Target.NONE, "per_frame", 0, 1),
    /** value: probability per request frame of a flipped bit (board refuses with BAD_CRC) */
    BUS_CRC_FAILURES("bus-crc-failures", Target.NONE, "per_frame", 0, 1),
    BOARD_HANG("board-hang", Target.NONE, null, 0, 0),
    /** value: sag of the 1.1 V core rail, volts */
    SUPPLY_SAG("supply-sag", Target.NONE, "V", 0, 1.1),
    /** value: extra Cryo-CMOS dissipation on the 4 K plate, watts */
    CMOS_OVERHEATING("cmos-overheating", Target.NONE, "W", 0, 100);

    /** What a fault applies to. */
    public enum Target { HEATER, SENSOR, NONE }

    private final String id;
    private final Target target;
    private final String valueUnit;
    private final double minValue;
    private final double maxValue;

    FaultKind(String id, Target target, String valueUnit, double minValue, double maxValue) {
        this.id = id;
        this.target = target;
        this.valueUnit = valueUnit;
        this.minValue = minValue;
        this.maxValue = maxValue;
    }

    /**
     * The value at which a fault with a value does nothing (a ramp starts from it and a ramped clear
     * returns to it): noise multiplier 1, everything else 0.
     */
    public double neutralValue() {
        return this == SENSOR_NOISY ? 1.0 : 0.0;
    }

    /** Whether the fault can be ramped in and out: it takes a value, and is not a time constant (detached). */
    public boolean rampable() {
        return valueUnit != null && this != SENSOR_DETACHED;
    }

    public double minValue() {
        return minValue;
    }

    public double maxValue() {
        return maxValue;
    }

    /** Whether a value is acceptable for this fault (always true for faults that take none). */
    public boolean valueInRange(double value) {
        return valueUnit == null || (value >= minValue && value <= maxValue);
    }

    public String id() {
        return id;
    }

    public Target target() {
        return target;
    }

    /** Unit of the fault's value, or null when it takes none. */
    public String valueUnit() {
        return valueUnit;
    }

    public static FaultKind fromId(String id) {
        for (FaultKind k : values()) {
            if (k.id.equals(id)) {
                return k;
            }
        }
        StringBuilder b = new StringBuilder();
        for (FaultKind k : values()) {
            b.append(b.length() == 0 ? "" : ", ").append(k.id);
        }
        throw new IllegalArgumentException("unknown fault '" + id + "': expected one of " + b);
    }
}
