package cryo.sim.fault;

/**
 * Every fault the simulator can inject, with its id in scenario files and what it targets.
 * {@code value} is the one number a fault takes (its unit is in {@link #valueUnit}); faults
 * without one ignore it.
 */
public enum FaultKind {
    HEATER_STUCK_ON("heater-stuck-on", Target.HEATER, null),
    HEATER_OPEN("heater-open", Target.HEATER, null),
    HEATER_SHORT("heater-short", Target.HEATER, null),
    SENSOR_OPEN("sensor-open", Target.SENSOR, null),
    SENSOR_SHORT("sensor-short", Target.SENSOR, null),
    SENSOR_STUCK("sensor-stuck", Target.SENSOR, null),
    /** value: noise multiplier (e.g. 100) */
    SENSOR_NOISY("sensor-noisy", Target.SENSOR, "times"),
    /** value: relative drift of the reading per hour (e.g. 0.01 = 1 %/h) */
    SENSOR_DRIFTING("sensor-drifting", Target.SENSOR, "per_hour"),
    /** value: time constant of the detached block towards its stage, seconds (e.g. 36000) */
    SENSOR_DETACHED("sensor-detached", Target.SENSOR, "s"),
    PULSE_TUBE_STOP("pulse-tube-stop", Target.NONE, null),
    /** value: fraction of He-3 circulation lost, 0..1 */
    CIRCULATION_LOSS("circulation-loss", Target.NONE, "fraction"),
    /** value: residual gas pressure in the vacuum space, Pa */
    VACUUM_DEGRADATION("vacuum-degradation", Target.NONE, "Pa"),
    /** value: probability per response frame of a flipped bit (host sees a CRC mismatch) */
    BUS_BIT_ERRORS("bus-bit-errors", Target.NONE, "per_frame"),
    /** value: probability per request frame of a flipped bit (board refuses with BAD_CRC) */
    BUS_CRC_FAILURES("bus-crc-failures", Target.NONE, "per_frame"),
    BOARD_HANG("board-hang", Target.NONE, null),
    /** value: sag of the 1.1 V core rail, volts */
    SUPPLY_SAG("supply-sag", Target.NONE, "V"),
    /** value: extra Cryo-CMOS dissipation on the 4 K plate, watts */
    CMOS_OVERHEATING("cmos-overheating", Target.NONE, "W");

    /** What a fault applies to. */
    public enum Target { HEATER, SENSOR, NONE }

    private final String id;
    private final Target target;
    private final String valueUnit;

    FaultKind(String id, Target target, String valueUnit) {
        this.id = id;
        this.target = target;
        this.valueUnit = valueUnit;
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
