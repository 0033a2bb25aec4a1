package cryo.sim.board;

import cryo.hal.bus.BusException;
import cryo.hal.bus.BusTimeoutException;
import cryo.hal.bus.Frame;
import cryo.hal.bus.RegisterBus;
import cryo.hal.device.HeaterRanges;
import cryo.hal.device.StageId;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.sim.clock.VirtualClock;
import cryo.sim.fault.BoardFaults;
import cryo.sim.plant.Plant;
import cryo.sim.sensor.SensorFrontEnd;
import cryo.sim.sensor.SensorModel;
import java.util.SplittableRandom;

import static cryo.hal.regmap.CryoCmosRegisters.*;

/**
 * The device side of the Cryo-CMOS register map: the board's firmware behaviour in front of a
 * thermal plant. The controller's real driver talks to it through {@link RegisterBus} frames, so
 * framing, CRC and refusals are exercised exactly as on hardware.
 *
 * <p>Board safety that holds whatever the host does: the hardware watchdog cuts every heater and
 * halts pulses when not kicked within its timeout; each heater's over-temperature comparator cuts
 * that heater; an open interlock relay powers no heater. All latch until the host clears them.
 *
 * <p>Time: in lock-step mode the board's {@link VirtualClock} is stepped by {@link #update}, so
 * firmware, plant and clock move together. In real-time mode ({@link RealTimeRunner}) the clock
 * runs free on the host's monotonic clock, as a real board's counter does, and the simulation
 * thread calls {@link #catchUp} to bring firmware and plant up to it. Every bus transfer judges
 * the watchdog at the clock's time; when the simulation is a step late it also plays the FIFO up
 * to the clock, and when it is half a sample interval late it catches the whole board up itself. So a late FIFO
 * write is judged against the free-running time of the write, and what the host reads never waits
 * for a descheduled simulation thread.
 *
 * <p>Thread contract: {@link #transfer} (host side) and {@link #update}/{@link #catchUp}
 * (simulation side) may run on different threads in real-time mode; both are synchronized. Noise
 * comes from a seeded RNG, so the same seed and the same sequence of calls give the same readings.
 */
public final class SimulatedBoard implements RegisterBus {
    private final Plant plant;
    private final BoardWiring wiring;
    private final VirtualClock clock;
    private final SplittableRandom random;
    private final double sampleIntervalSeconds;

    private int faultFlags;
    private int control;
    private int watchdogTimeoutMillis = 3000;
    private long lastKickTicks;
    private long latchedTimeHi;
    private int crcErrorCount;
    private int comparatorTripped;
    private float dieTemperatureKelvin = 4.2f;
    private float supplyVolts = 1.1f;
    private float cmosPowerWatts = 2e-3f;

    private final float[] thermRaw;
    private final int[] thermStatus;
    private final int[] thermSampleCount;
    private final float[] thermExcitationAmps;
    private double sinceSampleSeconds;

    private final float[] heaterOutputWatts;
    private final int[] heaterRange;
    private final float[] heaterReadbackWatts;
    private final int[] heaterCompChannel;
    private final float[] heaterCompThreshold;
    private final int[] heaterCompMode;
    private final boolean[] heaterStuckOn;
    private final float[] heaterStuckWatts;

    private final double[] mockTemperatureKelvin;
    private final SimPulseEngine pulses = new SimPulseEngine(cryo.hal.pulse.PulseDissipation.DEFAULT);
    private final int[] sensorFault;
    private final float[] heaterFaultWatts;
    private int corruptResponses;
    private boolean hung;
    private final BoardFaults faults;
    /** Board time firmware and plant have been simulated up to (== the clock in lock-step). */
    private long firmwareTicks;
    /** Real-time mode: the longest simulation step, board ticks (0 in lock-step mode). */
    private long catchUpStepTicks;
    /** Real-time mode: board time of the next conversion, on a grid of {@link #sampleIntervalTicks}. */
    private long nextSampleTicks;
    private long sampleIntervalTicks;

    public SimulatedBoard(Plant plant, BoardWiring wiring, VirtualClock clock, long seed, double sampleIntervalSeconds) {
        if (!(sampleIntervalSeconds > 0)) {
            throw new IllegalArgumentException("sampleIntervalSeconds must be > 0");
        }
        this.plant = plant;
        this.wiring = wiring;
        this.clock = clock;
        this.random = new SplittableRandom(seed);
        this.sampleIntervalSeconds = sampleIntervalSeconds;
        int nt = THERMOMETER_CHANNELS;
        int nh = HEATER_CHANNELS;
        thermRaw = new float[nt];
        thermStatus = new int[nt];
        thermSampleCount = new int[nt];
        thermExcitationAmps = new float[nt];
        java.util.Arrays.fill(thermExcitationAmps, 1e-9f);
        heaterOutputWatts = new float[nh];
        heaterRange = new int[nh];
        heaterReadbackWatts = new float[nh];
        heaterCompChannel = new int[nh];
        heaterCompThreshold = new float[nh];
        heaterCompMode = new int[nh];
        heaterStuckOn = new boolean[nh];
        heaterStuckWatts = new float[nh];
        for (int h = 0; h < nh; h++) {
            heaterCompChannel[h] = h;
        }
        mockTemperatureKelvin = new double[nt];
        sensorFault = new int[nt];
        heaterFaultWatts = new float[nh];
        java.util.Arrays.fill(heaterFaultWatts, Float.NaN);
        java.util.Arrays.fill(mockTemperatureKelvin, Double.NaN);
        faults = new BoardFaults(nt, nh, seed);
        for (int ch = 0; ch < nt && ch < wiring.sensors.length; ch++) {
            if (wiring.sensors[ch] != null) {
                thermExcitationAmps[ch] = (float) wiring.sensors[ch].defaultExcitationAmps();
            }
        }
        lastKickTicks = clock.nowTicks();
        firmwareTicks = clock.nowTicks();
        pulses.startAt(firmwareTicks);
        sample();
    }

    public VirtualClock clock() {
        return clock;
    }

    /**
     * Real-time mode: from now on the board's clock runs free on {@code wallNanos} × {@code speed}
     * (see {@link VirtualClock#runFree}) and the board is simulated in steps of at most
     * {@code stepTicks} of board time (and at most one sample interval) by {@link #catchUp}, or by
     * a host transfer that finds the simulation half a sample interval (at least a step) behind:
     * what the host sees must not wait for a descheduled thread.
     */
    public synchronized void runFree(java.util.function.LongSupplier wallNanos, double speed, long stepTicks) {
        if (stepTicks <= 0) {
            throw new IllegalArgumentException("stepTicks must be > 0, was " + stepTicks);
        }
        clock.runFree(wallNanos, speed);
        sampleIntervalTicks = Math.max(1, cryo.hal.device.BoardClock.fromSeconds(sampleIntervalSeconds));
        catchUpStepTicks = Math.min(stepTicks, sampleIntervalTicks);
        nextSampleTicks = firmwareTicks + Math.max(1, sampleIntervalTicks - cryo.hal.device.BoardClock.fromSeconds(sinceSampleSeconds));
    }

    /** Board time firmware and plant have been simulated up to (the clock's time in lock-step mode). */
    public synchronized long simulatedUpToTicks() {
        return firmwareTicks;
    }

    public Plant plant() {
        return plant;
    }

    public BoardWiring wiring() {
        return wiring;
    }

    /** Lock-step mode: advances board time, firmware and plant by {@code dtSeconds}. */
    public synchronized void update(double dtSeconds) {
        long before = clock.nowTicks();
        clock.advanceTicks(Math.round(dtSeconds * 1e9)); // refused once the clock runs free
        step(before, clock.nowTicks(), dtSeconds);
    }

    /**
     * Real-time mode (after {@link #runFree}): simulates firmware, pulse engine and plant from where
     * they were up to the clock's time now, in steps of at most the step given to {@link #runFree}
     * (so a late thread still converts at the board's rate). Each step holds the board's lock
     * alone, so a host transfer waits for one step at most. Returns the board time caught up to.
     */
    public long catchUp() {
        if (catchUpStepTicks == 0) {
            throw new IllegalStateException("catchUp is for a free-running board (runFree)");
        }
        long target = clock.nowTicks();
        while (true) {
            synchronized (this) {
                if (firmwareTicks >= target) {
                    return firmwareTicks;
                }
                stepToward(target);
            }
        }
    }

    /** One simulation step toward {@code target}: at most {@link #catchUpStepTicks}. Under the lock. */
    private void stepToward(long target) {
        long from = firmwareTicks;
        long to = Math.min(Math.min(target, from + catchUpStepTicks), nextSampleTicks); // a conversion at its own time
        step(from, to, (to - from) * 1e-9);
    }

    /** One firmware and plant step from {@code before} to {@code now} (board ticks). */
    private void step(long before, long now, double dtSeconds) {
        firmwareTicks = now;
        checkWatchdog(now);
        advancePulses(now);
        pulses.closeStep(now - before);
        applyHeaters();
        plant.setBoardDissipationWatts(faults.cmosWatts(cmosPowerWatts) + pulses.dynamicWatts());
        plant.update(dtSeconds);
        updateBoardHealth();
        if (catchUpStepTicks > 0) {
            // real-time mode: conversions on the board's own grid of sample intervals (steps end on it)
            if (now >= nextSampleTicks) {
                nextSampleTicks += sampleIntervalTicks;
                sample();
            }
        } else if ((sinceSampleSeconds += dtSeconds) >= sampleIntervalSeconds - 1e-12) {
            sinceSampleSeconds = 0;
            sample();
        }
        checkComparators();
        applyHeaters();
    }

    @Override
    public synchronized int transfer(byte[] request, int requestLength, byte[] response) throws BusException {
        if (catchUpStepTicks > 0) {
            // a real board never waits for a simulation thread: what the host sees is up to date
            long now = clock.nowTicks();
            if (now - firmwareTicks >= Math.max(catchUpStepTicks, sampleIntervalTicks / 2)) {
                // the simulation thread is late by half a conversion (or a step): this access does its work,
                // so the conversion counters the host sees are never more than that behind
                while (firmwareTicks < now) {
                    stepToward(now);
                }
            }
            checkWatchdog(now);
            if (now - firmwareTicks >= catchUpStepTicks) {
                advancePulses(now); // a step late: FIFO_FREE and PLAYED_COUNT as the hardware's would be
            }
            // (less than a step late: the board thread plays them at its next step; FIFO_FREE then
            // lags the hardware's by at most one step of entries, and a late write is judged against
            // the clock at the write either way)
        }
        if (hung) {
            throw new BusTimeoutException("simulated board does not answer (hung)");
        }
        boolean badRequest = requestLength > 0 && faults.corruptRequest();
        int flipped = badRequest ? faults.bitToFlip(requestLength) : 0;
        if (badRequest) {
            request[flipped >> 3] ^= (byte) (1 << (flipped & 7)); // a bit flipped on the way in
        }
        int len = serve(request, requestLength, response);
        if (badRequest) {
            request[flipped >> 3] ^= (byte) (1 << (flipped & 7)); // the host's buffer is the host's
        }
        if (corruptResponses > 0) {
            corruptResponses--;
            response[Math.min(len - 3, Frame.HEADER_BYTES)] ^= 0x10; // one flipped bit after the CRC was sealed
        } else if (faults.corruptResponse()) {
            int bit = faults.bitToFlip(len);
            response[bit >> 3] ^= (byte) (1 << (bit & 7));
        }
        return len;
    }

    @Override
    public void close() {
        // an in-process board has nothing to release
    }

    // ---- test knobs ----

    /** Forces the temperature a thermometer channel sees (NaN restores the plant's). */
    public synchronized void mockTemperatureKelvin(int thermometerChannel, double kelvin) {
        mockTemperatureKelvin[thermometerChannel] = kelvin;
        sample();
        checkComparators();
        applyHeaters();
    }

    /** Flips a bit in the next {@code n} response frames after their CRC is computed. */
    public synchronized void corruptNextResponses(int n) {
        corruptResponses = n;
    }

    /** A hung board answers nothing: every transfer times out. Its firmware keeps running. */
    public synchronized void setHung(boolean hung) {
        this.hung = hung;
    }

    /**
     * A heater whose driver ignores writes and stays at its last power. The interlock relay breaks
     * the heater supply, so an open relay still cuts it (and it resumes when the relay closes).
     */
    public synchronized void setHeaterStuckOn(int heaterChannel, boolean stuck) {
        if (stuck && !heaterStuckOn[heaterChannel]) {
            heaterStuckWatts[heaterChannel] = heaterReadbackWatts[heaterChannel];
        }
        heaterStuckOn[heaterChannel] = stuck;
    }

    /** No sensor fault. */
    public static final int SENSOR_OK = 0;
    /** Open circuit: status OPEN, reading far above any curve. */
    public static final int SENSOR_OPEN = 1;
    /** Short circuit: status SHORT, reading near zero ohms. */
    public static final int SENSOR_SHORT = 2;
    /** Stuck: the conversion counter advances but the reading stays at its last value. */
    public static final int SENSOR_STUCK = 3;
    /** Frozen converter: neither the reading nor the conversion counter change (stale data). */
    public static final int SENSOR_FROZEN = 4;

    /** Injects a sensor fault on a thermometer channel (one of the SENSOR_* constants). */
    public synchronized void setSensorFault(int thermometerChannel, int fault) {
        if (fault < SENSOR_OK || fault > SENSOR_FROZEN) {
            throw new IllegalArgumentException("sensor fault " + fault + " outside 0..4");
        }
        sensorFault[thermometerChannel] = fault;
    }

    /**
     * A heater driver fault that delivers {@code watts} whatever is commanded (range, output and
     * the watchdog's digital cut are ignored); only the interlock relay, which breaks the heater
     * supply, stops it. NaN removes the fault.
     */
    public synchronized void setHeaterFaultWatts(int heaterChannel, double watts) {
        heaterFaultWatts[heaterChannel] = (float) watts;
        applyHeaters();
    }

    /** Power actually delivered to a heater, watts (what the plant receives). */
    public synchronized double heaterPowerWatts(int heaterChannel) {
        return heaterReadbackWatts[heaterChannel];
    }

    public synchronized int faultFlags() {
        return faultFlags;
    }

    /** The board's fault state; change it through {@link cryo.sim.fault.FaultInjector}. */
    public BoardFaults faults() {
        return faults;
    }

    public int thermometerChannels() {
        return THERMOMETER_CHANNELS;
    }

    public int heaterChannels() {
        return HEATER_CHANNELS;
    }

    public synchronized double dieTemperatureKelvin() {
        return dieTemperatureKelvin;
    }

    public synchronized double supplyVolts() {
        return supplyVolts;
    }

    public synchronized boolean relayClosed() {
        return (control & CONTROL_RELAY_CLOSED) != 0;
    }

    /** The pulse engine (test view: played log, counters). Read it between updates. */
    public SimPulseEngine pulseEngine() {
        return pulses;
    }

    // ---- firmware ----

    private void sample() {
        for (int ch = 0; ch < THERMOMETER_CHANNELS; ch++) {
            SensorModel sensor = wiring.sensors[ch];
            StageId stage = wiring.thermometerStage[ch];
            if (sensor == null || stage == null || !plant.hasStage(stage)) {
                thermStatus[ch] = 0;
                continue;
            }
            double t = Double.isNaN(mockTemperatureKelvin[ch]) ? plant.temperatureKelvin(stage) : mockTemperatureKelvin[ch];
            double now = cryo.hal.device.BoardClock.toSeconds(firmwareTicks);
            t = faults.sensedKelvin(ch, t, now);
            t = SensorFrontEnd.elementKelvin(sensor, t, thermExcitationAmps[ch]);
            double units = sensor.unitsAt(t);
            units *= 1.0 + sensor.relativeNoise() * faults.noiseMultiplier(ch) * gaussian();
            units = faults.reading(ch, SensorFrontEnd.quantise(sensor, units), sensor.adcFullScaleUnits(), now);
            switch (sensorFault[ch]) {
                case SENSOR_OPEN:
                    thermRaw[ch] = 1e12f;
                    thermStatus[ch] = THERM_STATUS_VALID | THERM_STATUS_OPEN;
                    break;
                case SENSOR_SHORT:
                    thermRaw[ch] = 0.01f;
                    thermStatus[ch] = THERM_STATUS_VALID | THERM_STATUS_SHORT;
                    break;
                case SENSOR_STUCK:
                    break; // the reading keeps its last value
                case SENSOR_FROZEN:
                    continue; // no conversion at all
                default:
                    thermRaw[ch] = (float) units;
                    thermStatus[ch] = faults.sensorStatus(ch);
            }
            thermSampleCount[ch]++;
        }
    }

    private double gaussian() {
        // Box–Muller on the seeded generator: deterministic, no allocation
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2 * Math.PI * u2);
    }

    private void checkWatchdog(long nowTicks) {
        if ((control & CONTROL_WATCHDOG_ENABLE) == 0 || (faultFlags & FAULT_WATCHDOG) != 0) {
            return;
        }
        if (nowTicks - lastKickTicks > watchdogTimeoutMillis * 1_000_000L) {
            faultFlags |= FAULT_WATCHDOG;
        }
    }

    /** Plays (or drops as late) the FIFO entries due by {@code nowTicks}; a watchdog cut halts the engine. */
    private void advancePulses(long nowTicks) {
        pulses.advance(nowTicks, (faultFlags & FAULT_WATCHDOG) != 0);
        if (pulses.pollUnderflow()) {
            faultFlags |= FAULT_PULSE_UNDERFLOW;
        }
    }

    private void checkComparators() {
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

    private void applyHeaters() {
        for (int h = 0; h < HEATER_CHANNELS; h++) {
            StageId stage = wiring.heaterStage[h];
            boolean relayClosed = (control & CONTROL_RELAY_CLOSED) != 0;
            double power = heaterStuckOn[h] ? (relayClosed ? heaterStuckWatts[h] : 0.0) : effectivePower(h);
            if (!Float.isNaN(heaterFaultWatts[h])) {
                power = relayClosed ? heaterFaultWatts[h] : 0.0;
            }
            heaterReadbackWatts[h] = (float) power;
            if (stage != null) {
                plant.setHeaterPowerWatts(stage, power);
            }
        }
    }

    private double effectivePower(int h) {
        if (wiring.heaterStage[h] == null || cutStatus(h) != 0) {
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
    private void updateBoardHealth() {
        supplyVolts = (float) faults.supplyVolts();
        if (supplyVolts < BoardFaults.SUPPLY_MIN_VOLTS) {
            faultFlags |= FAULT_SUPPLY;
        }
        if (plant.hasStage(StageId.PLATE_4K)) {
            double plateKelvin = plant.temperatureKelvin(StageId.PLATE_4K);
            dieTemperatureKelvin = (float) faults.dieKelvin(plateKelvin, faults.cmosWatts(cmosPowerWatts));
            if (dieTemperatureKelvin - plateKelvin > BoardFaults.DIE_MAX_RISE_KELVIN) {
                faultFlags |= FAULT_DIE_OVER_TEMPERATURE;
            }
        }
        if (faults.anyHeaterFault()) {
            faultFlags |= FAULT_HEATER;
        }
    }

    private int cutStatus(int h) {
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

    // ---- register protocol ----

    private int serve(byte[] req, int reqLen, byte[] resp) {
        if (reqLen < Frame.HEADER_BYTES + Frame.CRC_BYTES || !Frame.crcValid(req, reqLen)) {
            crcErrorCount++;
            faultFlags |= FAULT_BUS_CRC;
            return refuse(resp, Frame.STATUS_BAD_CRC, 0, 0);
        }
        int cmd = req[0] & 0xFF;
        int address = Frame.address(req);
        int count = Frame.count(req);
        if (cmd != Frame.CMD_READ && cmd != Frame.CMD_WRITE) {
            return refuse(resp, Frame.STATUS_BAD_COMMAND, address, count);
        }
        if (count < 1 || count > Frame.MAX_COUNT || reqLen != Frame.requestLength(cmd, count)) {
            return refuse(resp, Frame.STATUS_BAD_LENGTH, address, count);
        }
        for (int i = 0; i < count; i++) {
            if (CryoCmosRegisters.find(address + i) == null) {
                return refuse(resp, Frame.STATUS_BAD_ADDRESS, address, count);
            }
        }
        if (cmd == Frame.CMD_READ) {
            Frame.putHeader(resp, Frame.STATUS_OK, address, count);
            for (int i = 0; i < count; i++) {
                Frame.putWord(resp, i, read(address + i));
            }
        } else {
            for (int i = 0; i < count; i++) {
                if (CryoCmosRegisters.find(address + i).access() == cryo.hal.regmap.Access.R) {
                    return refuse(resp, Frame.STATUS_READ_ONLY, address, count);
                }
            }
            for (int i = 0; i < count; i++) {
                write(address + i, Frame.word(req, i));
            }
            Frame.putHeader(resp, Frame.STATUS_OK, address, count);
        }
        int len = Frame.responseLength(cmd, count);
        Frame.sealCrc(resp, len);
        return len;
    }

    private static int refuse(byte[] resp, int status, int address, int count) {
        Frame.putHeader(resp, status, address, count);
        int len = Frame.HEADER_BYTES + Frame.CRC_BYTES;
        Frame.sealCrc(resp, len);
        return len;
    }

    private int read(int a) {
        if (SimPulseEngine.owns(a)) {
            return pulses.read(a);
        }
        if (a >= THERM_BASE && a < THERM_BASE + THERMOMETER_CHANNELS * THERM_STRIDE) {
            int ch = (a - THERM_BASE) / THERM_STRIDE;
            switch ((a - THERM_BASE) % THERM_STRIDE) {
                case THERM_RAW: return Float.floatToRawIntBits(thermRaw[ch]);
                case THERM_STATUS: return thermStatus[ch];
                case THERM_SAMPLE_COUNT: return thermSampleCount[ch];
                case THERM_EXCITATION: return Float.floatToRawIntBits(thermExcitationAmps[ch]);
                default: return 0;
            }
        }
        if (a >= HEATER_BASE && a < HEATER_BASE + HEATER_CHANNELS * HEATER_STRIDE) {
            int h = (a - HEATER_BASE) / HEATER_STRIDE;
            switch ((a - HEATER_BASE) % HEATER_STRIDE) {
                case HEATER_OUTPUT: return Float.floatToRawIntBits(heaterOutputWatts[h]);
                case HEATER_RANGE: return heaterRange[h];
                case HEATER_READBACK: return Float.floatToRawIntBits(heaterReadbackWatts[h]);
                case HEATER_STATUS: return cutStatus(h);
                case HEATER_COMP_CHANNEL: return heaterCompChannel[h];
                case HEATER_COMP_THRESHOLD: return Float.floatToRawIntBits(heaterCompThreshold[h]);
                case HEATER_COMP_MODE: return heaterCompMode[h];
                default: return 0;
            }
        }
        switch (a) {
            case BOARD_ID: return BOARD_ID_MAGIC;
            case REGMAP_VERSION_REG: return REGMAP_VERSION;
            case FIRMWARE_VERSION: return 0x0001_0000;
            case CAPABILITIES: return THERMOMETER_CHANNELS | HEATER_CHANNELS << 8 | PULSE_CHANNELS << 16;
            case FAULT_FLAGS: return faultFlags;
            case CONTROL: return control;
            case WATCHDOG_TIMEOUT_MS: return watchdogTimeoutMillis;
            case BOARD_TIME_LO: {
                long t = clock.nowTicks();
                latchedTimeHi = t >>> 32;
                return (int) t;
            }
            case BOARD_TIME_HI: return (int) latchedTimeHi;
            case DIE_TEMPERATURE: return Float.floatToRawIntBits(dieTemperatureKelvin);
            case SUPPLY_VOLTS: return Float.floatToRawIntBits(supplyVolts);
            case CRC_ERROR_COUNT: return crcErrorCount;
            case COMPARATOR_TRIPPED: return comparatorTripped;
            case CMOS_POWER: return Float.floatToRawIntBits((float) (cmosPowerWatts + pulses.dynamicWatts()));
            default: return 0;
        }
    }

    private void write(int a, int v) {
        if (SimPulseEngine.owns(a)) {
            pulses.write(a, v, clock); // reads the clock only when a push completes (free-running: a host clock read)
            if (pulses.pollUnderflow()) {
                faultFlags |= FAULT_PULSE_UNDERFLOW;
            }
            return;
        }
        if (a >= THERM_BASE && a < THERM_BASE + THERMOMETER_CHANNELS * THERM_STRIDE) {
            int ch = (a - THERM_BASE) / THERM_STRIDE;
            if ((a - THERM_BASE) % THERM_STRIDE == THERM_EXCITATION) {
                thermExcitationAmps[ch] = Float.intBitsToFloat(v);
            }
            return;
        }
        if (a >= HEATER_BASE && a < HEATER_BASE + HEATER_CHANNELS * HEATER_STRIDE) {
            int h = (a - HEATER_BASE) / HEATER_STRIDE;
            switch ((a - HEATER_BASE) % HEATER_STRIDE) {
                case HEATER_OUTPUT: heaterOutputWatts[h] = Float.intBitsToFloat(v); break;
                case HEATER_RANGE: heaterRange[h] = HeaterRanges.valid(v) ? v : HeaterRanges.OFF; break;
                case HEATER_COMP_CHANNEL: heaterCompChannel[h] = v; break;
                case HEATER_COMP_THRESHOLD: heaterCompThreshold[h] = Float.intBitsToFloat(v); break;
                case HEATER_COMP_MODE: heaterCompMode[h] = v; break;
                default: break;
            }
            applyHeaters();
            return;
        }
        switch (a) {
            case FAULT_FLAGS:
                faultFlags &= ~v;
                if ((v & FAULT_WATCHDOG) != 0) {
                    lastKickTicks = clock.nowTicks();
                }
                break;
            case CONTROL: control = v; break;
            case WATCHDOG_KICK:
                if (v == WATCHDOG_KICK_MAGIC) {
                    lastKickTicks = clock.nowTicks();
                }
                break;
            case WATCHDOG_TIMEOUT_MS: watchdogTimeoutMillis = v; break;
            case COMPARATOR_TRIPPED:
                comparatorTripped &= ~v;
                if (comparatorTripped == 0) {
                    faultFlags &= ~FAULT_COMPARATOR;
                }
                break;
            default: break;
        }
        applyHeaters();
    }
}
