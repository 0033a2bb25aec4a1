package cryo.sim.fault;

import cryo.hal.regmap.CryoCmosRegisters;
import cryo.sim.plant.Plant;
import java.util.SplittableRandom;

/**
 * The fault state of one simulated board, consulted by the board's firmware at the points where
 * real hardware would misbehave: after the sensor model (open, short, stuck, frozen, noisy,
 * drifting, offset, thermally detached), at the heater driver (open, short, stuck on, forced
 * power), on the bus (a hung board, bit errors and CRC failures at a rate), on the supply rail
 * (sag), on the Cryo-CMOS die (extra dissipation), and the plant's faults (pulse tube, circulation,
 * vacuum) while they ramp. Set only through {@link FaultInjector}; the board holds one.
 *
 * <p>Each fault is on or off per target (a channel, or the board), so several faults can hold on
 * one channel at once (noisy and drifting, say). A fault with a value has a shape: its value moves
 * linearly from one level to another over an interval of board time (a step is an interval of
 * zero), and a ramped clear moves it back to the fault's {@link FaultKind#neutralValue} and then
 * switches it off. Random numbers come from their own seeded generator, so switching a bus fault
 * on does not change the sensor noise sequence.
 *
 * <p>Not thread-safe: the board calls it under its own lock (the injector takes that lock).
 * No allocation.
 */
public final class BoardFaults {
    /** Nominal core supply and the level below which the board latches FAULT_SUPPLY. */
    public static final double SUPPLY_NOMINAL_VOLTS = 1.1;
    public static final double SUPPLY_MIN_VOLTS = CryoCmosRegisters.SUPPLY_MIN_VOLTS;
    /**
     * Die to 4 K plate thermal resistance, and the die's rise above the plate at which the board
     * latches FAULT_DIE_OVER_TEMPERATURE (a rise, not an absolute level: at room temperature
     * during a cooldown the die is warm and healthy).
     */
    public static final double DIE_KELVIN_PER_WATT = 10.0;
    public static final double DIE_MAX_RISE_KELVIN = CryoCmosRegisters.DIE_MAX_RISE_KELVIN;

    private static final FaultKind[] KINDS = FaultKind.values();

    /** [kind][target]: target is the channel for sensor and heater faults, 0 for the rest */
    private final boolean[][] on;
    private final double[][] fromValue;
    private final double[][] toValue;
    private final double[][] startSeconds;
    private final double[][] endSeconds;
    /** a ramped clear: switch off when the ramp ends */
    private final boolean[][] offAtEnd;

    private final double[] driftRelative;
    private final double[] driftLastSeconds;
    private final double[] stuckUnits;
    private final double[] blockKelvin;
    private final double[] lastSampleSeconds;
    private final double[] heaterStuckWatts;
    private double nowSeconds;
    private final SplittableRandom random;

    public BoardFaults(int thermometerChannels, int heaterChannels, long seed) {
        int targets = Math.max(1, Math.max(thermometerChannels, heaterChannels));
        on = new boolean[KINDS.length][targets];
        fromValue = new double[KINDS.length][targets];
        toValue = new double[KINDS.length][targets];
        startSeconds = new double[KINDS.length][targets];
        endSeconds = new double[KINDS.length][targets];
        offAtEnd = new boolean[KINDS.length][targets];
        driftRelative = new double[thermometerChannels];
        driftLastSeconds = new double[thermometerChannels];
        stuckUnits = new double[thermometerChannels];
        blockKelvin = new double[thermometerChannels];
        lastSampleSeconds = new double[thermometerChannels];
        heaterStuckWatts = new double[heaterChannels];
        random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    }

    // ---- state (FaultInjector writes, everyone may read) ----

    /** Whether a fault is on for a target (channel, or 0 for board and plant faults). */
    public boolean isOn(FaultKind kind, int target) {
        return on[kind.ordinal()][target];
    }

    /** The fault's value at board time {@code seconds} (its neutral value when off). */
    public double value(FaultKind kind, int target, double seconds) {
        int k = kind.ordinal();
        if (!on[k][target]) {
            return kind.neutralValue();
        }
        double end = endSeconds[k][target];
        if (seconds >= end) {
            return toValue[k][target];
        }
        double start = startSeconds[k][target];
        double f = seconds <= start ? 0 : (seconds - start) / (end - start);
        return fromValue[k][target] + f * (toValue[k][target] - fromValue[k][target]);
    }

    /** Whether a fault's value is still moving at board time {@code seconds}. */
    public boolean ramping(FaultKind kind, int target, double seconds) {
        int k = kind.ordinal();
        return on[k][target] && seconds < endSeconds[k][target];
    }

    /** A sensor fault on a channel, for tests and the trace: the first one on, or NONE. */
    public SensorFault sensorFault(int channel) {
        for (FaultKind k : KINDS) {
            if (k.target() == FaultKind.Target.SENSOR && on[k.ordinal()][channel]) {
                return sensorFaultOf(k);
            }
        }
        return SensorFault.NONE;
    }

    /** Whether this sensor fault is on for the channel (among any others). */
    public boolean hasSensorFault(int channel, SensorFault fault) {
        for (FaultKind k : KINDS) {
            if (k.target() == FaultKind.Target.SENSOR && on[k.ordinal()][channel] && sensorFaultOf(k) == fault) {
                return true;
            }
        }
        return false;
    }

    static SensorFault sensorFaultOf(FaultKind k) {
        switch (k) {
            case SENSOR_OPEN: return SensorFault.OPEN;
            case SENSOR_SHORT: return SensorFault.SHORT;
            case SENSOR_STUCK: return SensorFault.STUCK;
            case SENSOR_FROZEN: return SensorFault.FROZEN;
            case SENSOR_NOISY: return SensorFault.NOISY;
            case SENSOR_DRIFTING: return SensorFault.DRIFTING;
            case SENSOR_OFFSET: return SensorFault.OFFSET;
            case SENSOR_DETACHED: return SensorFault.DETACHED;
            default: throw new IllegalArgumentException(k.id() + " is not a sensor fault");
        }
    }

    /** Switches a fault on (or re-shapes it): its value moves from {@code from} to {@code to} over [start, end]. */
    void set(FaultKind kind, int target, double from, double to, double start, double end) {
        int k = kind.ordinal();
        boolean wasOn = on[k][target];
        on[k][target] = true;
        fromValue[k][target] = from;
        toValue[k][target] = to;
        startSeconds[k][target] = start;
        endSeconds[k][target] = end;
        offAtEnd[k][target] = false;
        if (!wasOn) {
            switch (kind) {
                case SENSOR_STUCK: stuckUnits[target] = Double.NaN; break; // freezes at the next sample
                case SENSOR_DETACHED: blockKelvin[target] = Double.NaN; break; // starts at the stage's temperature
                case SENSOR_DRIFTING:
                    driftRelative[target] = 0;
                    driftLastSeconds[target] = start;
                    break;
                default: break;
            }
        }
    }

    /** Moves a fault back to its neutral value over [start, end], then switches it off (at once when end <= start). */
    void release(FaultKind kind, int target, double start, double end) {
        int k = kind.ordinal();
        if (!on[k][target]) {
            return;
        }
        if (!(end > start)) {
            on[k][target] = false;
            offAtEnd[k][target] = false;
            if (kind == FaultKind.SENSOR_DRIFTING) {
                driftRelative[target] = 0;
            }
            return;
        }
        double now = value(kind, target, start);
        set(kind, target, now, kind.neutralValue(), start, end);
        offAtEnd[k][target] = true;
    }

    /** A heater stuck on keeps what it delivered when it stuck. */
    void stickHeater(int heaterChannel, double watts) {
        heaterStuckWatts[heaterChannel] = watts;
    }

    // ---- hooks the board calls ----

    /**
     * Once per simulation step, before the plant moves: remembers the board time (bus error rates,
     * supply and die are judged at it), pushes ramping plant faults to the plant, and switches off
     * faults whose ramped clear has ended.
     */
    public void advance(double seconds, Plant plant) {
        nowSeconds = seconds;
        for (int k = 0; k < KINDS.length; k++) {
            boolean[] onK = on[k];
            for (int t = 0; t < onK.length; t++) {
                if (!onK[t] || !(endSeconds[k][t] > startSeconds[k][t])) {
                    continue;
                }
                FaultKind kind = KINDS[k];
                boolean ended = seconds >= endSeconds[k][t];
                if (isPlantKind(kind)) {
                    pushToPlant(kind, value(kind, t, seconds), plant);
                }
                if (ended) {
                    startSeconds[k][t] = endSeconds[k][t]; // a step now: no more pushes
                    if (offAtEnd[k][t]) {
                        release(kind, t, seconds, seconds);
                    }
                }
            }
        }
    }

    static boolean isPlantKind(FaultKind kind) {
        return kind == FaultKind.CIRCULATION_LOSS || kind == FaultKind.VACUUM_DEGRADATION;
    }

    static void pushToPlant(FaultKind kind, double value, Plant plant) {
        if (kind == FaultKind.CIRCULATION_LOSS) {
            plant.setCirculationLossFraction(value);
        } else if (kind == FaultKind.VACUUM_DEGRADATION) {
            plant.setVacuumGasPressurePascal(value);
        }
    }

    /** A hung board answers nothing: every transfer times out. Its firmware keeps running. */
    public boolean hung() {
        return on[FaultKind.BOARD_HANG.ordinal()][0];
    }

    /** The temperature the sensor sees: its stage's (plus an offset), or its own detached block's. */
    public double sensedKelvin(int channel, double stageKelvin, double seconds) {
        double dt = seconds - lastSampleSeconds[channel];
        lastSampleSeconds[channel] = seconds;
        double t = stageKelvin;
        if (on[FaultKind.SENSOR_DETACHED.ordinal()][channel]) {
            if (Double.isNaN(blockKelvin[channel])) {
                blockKelvin[channel] = stageKelvin;
            }
            // exact relaxation over dt: stable for any step
            double f = Math.exp(-Math.max(dt, 0) / value(FaultKind.SENSOR_DETACHED, channel, seconds));
            blockKelvin[channel] = stageKelvin + (blockKelvin[channel] - stageKelvin) * f;
            t = blockKelvin[channel];
        }
        if (on[FaultKind.SENSOR_OFFSET.ordinal()][channel]) {
            t = Math.max(1e-4, t + value(FaultKind.SENSOR_OFFSET, channel, seconds));
        }
        return t;
    }

    /** Extra relative noise for a noisy sensor (the board multiplies its gaussian by this). */
    public double noiseMultiplier(int channel, double seconds) {
        return value(FaultKind.SENSOR_NOISY, channel, seconds);
    }

    /** The reading after the model and noise, with the channel's faults applied. */
    public double reading(int channel, double units, double fullScaleUnits, double seconds) {
        if (on[FaultKind.SENSOR_OPEN.ordinal()][channel]) {
            return fullScaleUnits;
        }
        if (on[FaultKind.SENSOR_SHORT.ordinal()][channel]) {
            return 0.0;
        }
        if (on[FaultKind.SENSOR_DRIFTING.ordinal()][channel]) {
            // drift accumulates at the (possibly ramping) rate: a constant rate gives rate × time since injection
            double mid = 0.5 * (seconds + driftLastSeconds[channel]);
            driftRelative[channel] += value(FaultKind.SENSOR_DRIFTING, channel, mid) / 3600.0 * (seconds - driftLastSeconds[channel]);
            driftLastSeconds[channel] = seconds;
            units *= 1.0 + driftRelative[channel];
        }
        if (on[FaultKind.SENSOR_STUCK.ordinal()][channel]) {
            if (Double.isNaN(stuckUnits[channel])) {
                stuckUnits[channel] = units;
            }
            return stuckUnits[channel];
        }
        return units;
    }

    /** A frozen converter: no conversion at all. */
    public boolean frozen(int channel) {
        return on[FaultKind.SENSOR_FROZEN.ordinal()][channel];
    }

    /** THERM_STATUS bits for the channel: open and short clear VALID. */
    public int sensorStatus(int channel) {
        if (on[FaultKind.SENSOR_OPEN.ordinal()][channel]) {
            return CryoCmosRegisters.THERM_STATUS_OPEN | CryoCmosRegisters.THERM_STATUS_OVERRANGE;
        }
        if (on[FaultKind.SENSOR_SHORT.ordinal()][channel]) {
            return CryoCmosRegisters.THERM_STATUS_SHORT;
        }
        return CryoCmosRegisters.THERM_STATUS_VALID;
    }

    /** HEATER_STATUS open/short bits; a heater with either delivers nothing to its stage. */
    public int heaterStatus(int heaterChannel) {
        int s = 0;
        if (on[FaultKind.HEATER_OPEN.ordinal()][heaterChannel]) {
            s |= CryoCmosRegisters.HEATER_STATUS_OPEN;
        }
        if (on[FaultKind.HEATER_SHORT.ordinal()][heaterChannel]) {
            s |= CryoCmosRegisters.HEATER_STATUS_SHORT;
        }
        return s;
    }

    public boolean anyHeaterFault() {
        boolean[] open = on[FaultKind.HEATER_OPEN.ordinal()];
        boolean[] shorted = on[FaultKind.HEATER_SHORT.ordinal()];
        for (int h = 0; h < open.length; h++) {
            if (open[h] || shorted[h]) {
                return true;
            }
        }
        return false;
    }

    /**
     * What a heater's driver delivers: {@code commandedWatts} (already cut and clamped by the
     * firmware) when healthy; with a forced-power or stuck-on driver its own power, which only the
     * relay (breaking the supply) stops.
     */
    public double heaterDriverWatts(int heaterChannel, double commandedWatts, boolean relayClosed, double seconds) {
        if (on[FaultKind.HEATER_FORCED_POWER.ordinal()][heaterChannel]) {
            return relayClosed ? value(FaultKind.HEATER_FORCED_POWER, heaterChannel, seconds) : 0.0;
        }
        if (on[FaultKind.HEATER_STUCK_ON.ordinal()][heaterChannel]) {
            return relayClosed ? heaterStuckWatts[heaterChannel] : 0.0;
        }
        return commandedWatts;
    }

    /** Whether this response frame gets a flipped bit (drawn once per frame). */
    public boolean corruptResponse() {
        double rate = value(FaultKind.BUS_BIT_ERRORS, 0, nowSeconds);
        return rate > 0 && random.nextDouble() < rate;
    }

    /** Whether this request frame arrives with a flipped bit (the board sees a bad CRC). */
    public boolean corruptRequest() {
        double rate = value(FaultKind.BUS_CRC_FAILURES, 0, nowSeconds);
        return rate > 0 && random.nextDouble() < rate;
    }

    /** A bit position inside a frame of {@code length} bytes, excluding nothing (any bit may flip). */
    public int bitToFlip(int length) {
        return random.nextInt(length * 8);
    }

    public double supplyVolts(double seconds) {
        return SUPPLY_NOMINAL_VOLTS - value(FaultKind.SUPPLY_SAG, 0, seconds);
    }

    /** Cryo-CMOS dissipation on the 4 K plate including an overheating fault's extra watts. */
    public double cmosWatts(double nominalWatts, double seconds) {
        return nominalWatts + value(FaultKind.CMOS_OVERHEATING, 0, seconds);
    }

    /** Die temperature: the 4 K plate plus the dissipation through the die's thermal resistance. */
    public double dieKelvin(double plateKelvin, double cmosWatts) {
        return plateKelvin + cmosWatts * DIE_KELVIN_PER_WATT;
    }

}
