package cryo.sim.fault;

import cryo.hal.regmap.CryoCmosRegisters;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The fault state of one simulated board, consulted by the board's firmware at the points where
 * real hardware would misbehave: after the sensor model (open, short, stuck, noisy, drifting,
 * thermally detached), at the heater output stage (open, short: nothing reaches the stage and the
 * readback status says why), on the bus (bit errors, CRC failures at a rate), on the supply rail
 * (sag) and on the Cryo-CMOS die (extra dissipation, overheating). Set through
 * {@link FaultInjector}; the board holds one. Its random numbers come from their own seeded
 * generator, so switching a bus fault on does not change the sensor noise sequence.
 *
 * <p>Not thread-safe: the board calls it under its own lock.
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

    final SensorFault[] sensorFault;
    final double[] noiseFactor;
    final double[] driftPerSecond;
    final double[] driftSinceSeconds;
    final double[] stuckUnits;
    final double[] blockKelvin;
    final double[] blockTimeConstantSeconds;
    final double[] lastSampleSeconds;
    final boolean[] heaterOpen;
    final boolean[] heaterShort;
    double responseBitErrorRate;
    double requestCrcErrorRate;
    double supplySagVolts;
    double extraCmosWatts;
    private final SplittableRandom random;

    public BoardFaults(int thermometerChannels, int heaterChannels, long seed) {
        sensorFault = new SensorFault[thermometerChannels];
        Arrays.fill(sensorFault, SensorFault.NONE);
        noiseFactor = new double[thermometerChannels];
        driftPerSecond = new double[thermometerChannels];
        driftSinceSeconds = new double[thermometerChannels];
        stuckUnits = new double[thermometerChannels];
        blockKelvin = new double[thermometerChannels];
        blockTimeConstantSeconds = new double[thermometerChannels];
        lastSampleSeconds = new double[thermometerChannels];
        heaterOpen = new boolean[heaterChannels];
        heaterShort = new boolean[heaterChannels];
        random = new SplittableRandom(seed ^ 0x5DEECE66DL);
    }

    public SensorFault sensorFault(int channel) {
        return sensorFault[channel];
    }

    // ---- hooks the board calls ----

    /** The temperature the sensor sees: its stage's, or its own detached block's. */
    public double sensedKelvin(int channel, double stageKelvin, double nowSeconds) {
        double dt = nowSeconds - lastSampleSeconds[channel];
        lastSampleSeconds[channel] = nowSeconds;
        if (sensorFault[channel] != SensorFault.DETACHED) {
            return stageKelvin;
        }
        if (Double.isNaN(blockKelvin[channel])) {
            blockKelvin[channel] = stageKelvin;
        }
        // exact relaxation over dt: stable for any step
        double f = Math.exp(-Math.max(dt, 0) / blockTimeConstantSeconds[channel]);
        blockKelvin[channel] = stageKelvin + (blockKelvin[channel] - stageKelvin) * f;
        return blockKelvin[channel];
    }

    /** Extra relative noise for a noisy sensor (the board multiplies its gaussian by this). */
    public double noiseMultiplier(int channel) {
        return sensorFault[channel] == SensorFault.NOISY ? noiseFactor[channel] : 1.0;
    }

    /** The reading after the model and noise, with the channel's fault applied. */
    public double reading(int channel, double units, double fullScaleUnits, double nowSeconds) {
        switch (sensorFault[channel]) {
            case OPEN: return fullScaleUnits;
            case SHORT: return 0.0;
            case STUCK:
                if (Double.isNaN(stuckUnits[channel])) {
                    stuckUnits[channel] = units;
                }
                return stuckUnits[channel];
            case DRIFTING: return units * (1.0 + driftPerSecond[channel] * (nowSeconds - driftSinceSeconds[channel]));
            default: return units;
        }
    }

    /** THERM_STATUS bits for the channel: open and short clear VALID. */
    public int sensorStatus(int channel) {
        switch (sensorFault[channel]) {
            case OPEN: return CryoCmosRegisters.THERM_STATUS_OPEN | CryoCmosRegisters.THERM_STATUS_OVERRANGE;
            case SHORT: return CryoCmosRegisters.THERM_STATUS_SHORT;
            default: return CryoCmosRegisters.THERM_STATUS_VALID;
        }
    }

    /** HEATER_STATUS open/short bits; a heater with either delivers nothing to its stage. */
    public int heaterStatus(int heaterChannel) {
        int s = 0;
        if (heaterOpen[heaterChannel]) {
            s |= CryoCmosRegisters.HEATER_STATUS_OPEN;
        }
        if (heaterShort[heaterChannel]) {
            s |= CryoCmosRegisters.HEATER_STATUS_SHORT;
        }
        return s;
    }

    public boolean anyHeaterFault() {
        for (int h = 0; h < heaterOpen.length; h++) {
            if (heaterOpen[h] || heaterShort[h]) {
                return true;
            }
        }
        return false;
    }

    /** Whether this response frame gets a flipped bit (drawn once per frame). */
    public boolean corruptResponse() {
        return responseBitErrorRate > 0 && random.nextDouble() < responseBitErrorRate;
    }

    /** Whether this request frame arrives with a flipped bit (the board sees a bad CRC). */
    public boolean corruptRequest() {
        return requestCrcErrorRate > 0 && random.nextDouble() < requestCrcErrorRate;
    }

    /** A bit position inside a frame of {@code length} bytes, excluding nothing (any bit may flip). */
    public int bitToFlip(int length) {
        return random.nextInt(length * 8);
    }

    public double supplyVolts() {
        return SUPPLY_NOMINAL_VOLTS - supplySagVolts;
    }

    /** Cryo-CMOS dissipation on the 4 K plate including an overheating fault's extra watts. */
    public double cmosWatts(double nominalWatts) {
        return nominalWatts + extraCmosWatts;
    }

    /** Die temperature: the 4 K plate plus the dissipation through the die's thermal resistance. */
    public double dieKelvin(double plateKelvin, double cmosWatts) {
        return plateKelvin + cmosWatts * DIE_KELVIN_PER_WATT;
    }
}
