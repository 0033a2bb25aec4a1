package cryo.sim.board;

import cryo.hal.device.BoardClock;
import cryo.hal.device.HeaterRanges;
import cryo.hal.device.StageId;
import cryo.sim.fault.BoardFaults;
import cryo.sim.plant.Plant;
import cryo.sim.sensor.SensorFrontEnd;
import cryo.sim.sensor.SensorModel;
import java.util.Arrays;
import java.util.SplittableRandom;

import static cryo.hal.regmap.CryoCmosRegisters.*;

/**
 * The board's firmware and the safety it holds whatever the host does: conversions of every
 * thermometer channel (sensor model, self-heating, seeded noise, quantisation, then the channel's
 * faults), the hardware watchdog (cuts every heater and halts pulses), each heater's
 * over-temperature comparator (cuts that heater), the interlock relay (an open relay powers no
 * heater), heater ranges and the supply and die health flags. Cuts latch until the host clears
 * them. The register state lives here; {@link RegisterService} reads and writes it.
 *
 * <p>Thread contract: called by {@link SimulatedBoard} under its lock only. No allocation.
 */
final class BoardFirmware {
    final Plant plant;
    final BoardWiring wiring;
    final BoardFaults faults;
    final SimPulseEngine pulses;
    private final SplittableRandom random;

    int faultFlags;
    int control;
    int watchdogTimeoutMillis = 3000;
    long lastKickTicks;
    int crcErrorCount;
    int comparatorTripped;
    float dieTemperatureKelvin = 4.2f;
    float supplyVolts = 1.1f;
    final float cmosPowerWatts = 2e-3f;

    final float[] thermRaw = new float[THERMOMETER_CHANNELS];
    final int[] thermStatus = new int[THERMOMETER_CHANNELS];
    final int[] thermSampleCount = new int[THERMOMETER_CHANNELS];
    final float[] thermExcitationAmps = new float[THERMOMETER_CHANNELS];

    final float[] heaterOutputWatts = new float[HEATER_CHANNELS];
    final int[] heaterRange = new int[HEATER_CHANNELS];
    final float[] heaterReadbackWatts = new float[HEATER_CHANNELS];
    final int[] heaterCompChannel = new int[HEATER_CHANNELS];
    final float[] heaterCompThreshold = new float[HEATER_CHANNELS];
    final int[] heaterCompMode = new int[HEATER_CHANNELS];

    /** Test knob: a forced temperature per thermometer channel (NaN: the plant's). */
    final double[] mockTemperatureKelvin = new double[THERMOMETER_CHANNELS];

    BoardFirmware(Plant plant, BoardWiring wiring, BoardFaults faults, SimPulseEngine pulses, long seed) {
        this.plant = plant;
        this.wiring = wiring;
        this.faults = faults;
        this.pulses = pulses;
        this.random = new SplittableRandom(seed);
        Arrays.fill(thermExcitationAmps, 1e-9f);
        Arrays.fill(mockTemperatureKelvin, Double.NaN);
        for (int h = 0; h < HEATER_CHANNELS; h++) {
            heaterCompChannel[h] = h;
        }
        for (int ch = 0; ch < THERMOMETER_CHANNELS && ch < wiring.sensors.length; ch++) {
            if (wiring.sensors[ch] != null) {
                thermExcitationAmps[ch] = (float) wiring.sensors[ch].defaultExcitationAmps();
            }
        }
    }

    /** One conversion of every wired thermometer channel at board time {@code nowTicks}. */
    void sample(long nowTicks) {
        double now = BoardClock.toSeconds(nowTicks);
        for (int ch = 0; ch < THERMOMETER_CHANNELS; ch++) {
            SensorModel sensor = ch < wiring.sensors.length ? wiring.sensors[ch] : null;
            StageId stage = ch < wiring.thermometerStage.length ? wiring.thermometerStage[ch] : null;
            if (sensor == null || stage == null || !plant.hasStage(stage)) {
                thermStatus[ch] = 0;
                continue;
            }
            double t = Double.isNaN(mockTemperatureKelvin[ch]) ? plant.temperatureKelvin(stage) : mockTemperatureKelvin[ch];
            t = faults.sensedKelvin(ch, t, now);
            t = SensorFrontEnd.elementKelvin(sensor, t, thermExcitationAmps[ch]);
            double units = sensor.unitsAt(t);
            units *= 1.0 + sensor.relativeNoise() * faults.noiseMultiplier(ch, now) * gaussian();
            units = faults.reading(ch, SensorFrontEnd.quantise(sensor, units), sensor.adcFullScaleUnits(), now);
            if (faults.frozen(ch)) {
                continue; // a frozen converter: neither reading nor counter move (the noise draw keeps its place)
            }
            thermRaw[ch] = (float) units;
            thermStatus[ch] = faults.sensorStatus(ch);
            thermSampleCount[ch]++;
        }
    }

    private double gaussian() {
        // Box–Muller on the seeded generator: deterministic, no allocation
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    void checkWatchdog(long nowTicks) {
        if ((control & CONTROL_WATCHDOG_ENABLE) == 0 || (faultFlags & FAULT_WATCHDOG) != 0) {
            return;
        }
        if (nowTicks - lastKickTicks > watchdogTimeoutMillis * 1_000_000L) {
            faultFlags |= FAULT_WATCHDOG;
        }
    }

    /** Plays (or drops as late) the FIFO entries due by {@code nowTicks}; a watchdog cut halts the engine. */
    void advancePulses(long nowTicks) {
        pulses.advance(nowTicks, (faultFlags & FAULT_WATCHDOG) != 0);
        pollPulseUnderflow();
    }

    void pollPulseUnderflow() {
        if (pulses.pollUnderflow()) {
            faultFlags |= FAULT_PULSE_UNDERFLOW;
        }
    }

    void checkComparators() {
        for (int h = 0; h < HEATER_CHANNELS; h++) {
            int mode = heaterCompMode[h];
            if (mode == COMP_MODE_OFF || (comparatorTripped & (1 << h)) != 0) {
                continue;
            }
            int ch = heaterCompChannel[h];
            if (ch < 0 || ch >= THERMOMETER_CHANNELS || (thermStatus[ch] & THERM_STATUS_VALID) == 0) {
                continue;
            }
            float raw = thermRaw[ch];
            boolean trip = mode == COMP_MODE_ABOVE ? raw > heaterCompThreshold[h] : raw < heaterCompThreshold[h];
            if (trip) {
                comparatorTripped |= 1 << h;
                faultFlags |= FAULT_COMPARATOR;
            }
        }
    }

    boolean relayClosed() {
        return (control & CONTROL_RELAY_CLOSED) != 0;
    }

    /** Sets every heater's delivered power from the registers, cuts and driver faults, and hands it to the plant. */
    void applyHeaters(double nowSeconds) {
        boolean relay = relayClosed();
        for (int h = 0; h < HEATER_CHANNELS; h++) {
            // a driver fault (stuck, forced) ignores range, output and digital cuts; the relay breaks its supply
            double power = faults.heaterDriverWatts(h, effectivePower(h), relay, nowSeconds);
            heaterReadbackWatts[h] = (float) power;
            StageId stage = h < wiring.heaterStage.length ? wiring.heaterStage[h] : null;
            if (stage != null) {
                plant.setHeaterPowerWatts(stage, power);
            }
        }
    }

    private double effectivePower(int h) {
        if (h >= wiring.heaterStage.length || wiring.heaterStage[h] == null || cutStatus(h) != 0) {
            return 0.0;
        }
        int range = heaterRange[h];
        if (range == HeaterRanges.OFF || !HeaterRanges.valid(range)) {
            return 0.0;
        }
        double max = HeaterRanges.maxPowerWatts(range, wiring.heaterResistanceOhms[h]);
        double req = heaterOutputWatts[h];
        return req > 0 ? Math.min(req, max) : 0.0;
    }

    /** Supply rail, die temperature and their latched faults, from the fault state and the 4 K plate. */
    void updateBoardHealth(double nowSeconds) {
        supplyVolts = (float) faults.supplyVolts(nowSeconds);
        if (supplyVolts < BoardFaults.SUPPLY_MIN_VOLTS) {
            faultFlags |= FAULT_SUPPLY;
        }
        if (plant.hasStage(StageId.PLATE_4K)) {
            double plateKelvin = plant.temperatureKelvin(StageId.PLATE_4K);
            dieTemperatureKelvin = (float) faults.dieKelvin(plateKelvin, faults.cmosWatts(cmosPowerWatts, nowSeconds));
            if (dieTemperatureKelvin - plateKelvin > BoardFaults.DIE_MAX_RISE_KELVIN) {
                faultFlags |= FAULT_DIE_OVER_TEMPERATURE;
            }
        }
        if (faults.anyHeaterFault()) {
            faultFlags |= FAULT_HEATER;
        }
    }

    int cutStatus(int h) {
        int s = faults.heaterStatus(h);
        if ((comparatorTripped & (1 << h)) != 0) {
            s |= HEATER_STATUS_CUT_COMPARATOR;
        }
        if ((faultFlags & FAULT_WATCHDOG) != 0) {
            s |= HEATER_STATUS_CUT_WATCHDOG;
        }
        if ((control & CONTROL_RELAY_CLOSED) == 0) {
            s |= HEATER_STATUS_CUT_RELAY;
        }
        return s;
    }

    void kickWatchdog(long nowTicks) {
        lastKickTicks = nowTicks;
    }
}
