package cryo.controller.interlock;

import cryo.controller.alarm.AlarmRecord;
import cryo.controller.alarm.AlarmSet;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.InterlockConfig;
import cryo.controller.config.LoopInterlock;
import cryo.controller.config.SensorInterlock;
import cryo.controller.config.SensorPair;
import cryo.controller.heater.HeaterLoop;
import cryo.controller.ring.ControlEvent;
import cryo.controller.ring.EventType;
import cryo.controller.ring.RingStage;
import cryo.hal.bus.BusException;
import cryo.hal.calibration.CalibrationCurve;
import cryo.hal.device.Heater;
import cryo.hal.device.InterlockRelay;
import cryo.hal.device.Watchdog;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.v1.AlarmCause;
import cryo.v1.Command;

/**
 * Second stage, before any heater decision: runs every detector on every sample and trips the
 * one interlock. Kicks the board's hardware watchdog only while the interlock is armed and the
 * ring is alive, so a stalled ring or a latched trip lets the board cut the heaters by itself.
 * Judges each alarm's cause every tick, expires shelves, re-arms when the last critical alarm
 * is acknowledged with its cause gone, and handles AcknowledgeAlarm, ShelveAlarm and SetWarmup
 * (the single writer of {@link WarmupMode}'s flag: during a warm-up the cold stages' limits, rate,
 * jump, hold/heat-up and stuck-on checks and their comparators stand down).
 * Ring thread only; no allocation on a tick.
 */
public final class InterlockStage implements RingStage {
    private final Interlock interlock;
    private final AlarmSet alarms;
    private final InterlockRelay relay;
    private final Watchdog watchdog;
    private final BoardFaults board;
    private final HeaterLoop[] loops;
    private final Heater[] loopHeaters;
    private final int sensors;
    /** Loop regulating each sensor, -1 for none. */
    private final int[] loopOfSensor;

    // per sensor
    private final OverTemperatureDetector[] over;
    private final UnderTemperatureDetector[] under;
    private final RateOfRiseDetector[] rate;
    private final SensorFaultDetector[] fault;
    private final JumpDetector[] jump;
    private final StuckSensorDetector[] stuck;
    private final StaleDataDetector[] stale;
    private final CoolingLossDetector[] cooling;
    private final double[] lastKelvin;
    // per loop
    private final HeatUpDetector[] heatUp;
    private final HoldBandDetector[] hold;
    private final HeaterStuckOnDetector[] stuckOn;
    private final HeaterReadbackDetector[] readback;
    private final DetachedSensorDetector[] detached;
    private final double[] holdBand;
    private final LoopComparators comparators;
    private final WarmupMode warmup;
    // per pair, and the board
    private final SensorPair[] pairs;
    private final SensorDisagreementDetector[] disagree;
    private final BoardNotAnsweringDetector notAnswering;
    private final BusCrcRateDetector crc;

    /** The board's health flags seen on the last read, after clearing them the tick before: the cause is present. */
    private int healthFlags;
    /** Open/short HEATER_STATUS bits of each loop's heater, read while the board flags a heater fault. */
    private final int[] heaterFaultBits;

    private boolean relayClosed;
    private boolean boardWatchdogLatched;
    private int comparatorLatched;
    private long lastTicks;

    public InterlockStage(ControllerConfig config, Interlock interlock, HeaterLoop[] loops, Heater[] loopHeaters,
                          InterlockRelay relay, Watchdog watchdog, BoardFaults board, WarmupMode warmup) {
        this.interlock = interlock;
        this.warmup = warmup;
        this.alarms = interlock.alarms();
        this.relay = relay;
        this.watchdog = watchdog;
        this.board = board;
        this.loops = loops.clone();
        this.loopHeaters = loopHeaters.clone();
        InterlockConfig il = config.interlocks();
        sensors = config.sensors().size();
        loopOfSensor = new int[sensors];
        java.util.Arrays.fill(loopOfSensor, -1);
        for (int l = loops.length - 1; l >= 0; l--) {
            loopOfSensor[loops[l].sensorIndex()] = l;
        }
        double sampleSeconds = Math.max(il.sampleIntervalSeconds(), config.tickIntervalSeconds());
        over = new OverTemperatureDetector[sensors];
        under = new UnderTemperatureDetector[sensors];
        rate = new RateOfRiseDetector[sensors];
        fault = new SensorFaultDetector[sensors];
        jump = new JumpDetector[sensors];
        stuck = new StuckSensorDetector[sensors];
        stale = new StaleDataDetector[sensors];
        cooling = new CoolingLossDetector[sensors];
        lastKelvin = new double[sensors];
        for (int s = 0; s < sensors; s++) {
            SensorInterlock si = il.sensor(s);
            CalibrationCurve curve = config.sensors().get(s).curve();
            over[s] = new OverTemperatureDetector(si.overTemperatureKelvin(), si.debounceSamples(),
                    InterlockConfig.OVER_TEMPERATURE_WARNING_FRACTION * si.overTemperatureKelvin());
            under[s] = Double.isNaN(si.underTemperatureKelvin()) ? null
                    : new UnderTemperatureDetector(si.underTemperatureKelvin(), si.debounceSamples());
            rate[s] = new RateOfRiseDetector(si.rateOfRiseKelvinPerSecond(), si.rateWindowSeconds(), 2);
            fault[s] = new SensorFaultDetector(curve.minUnits(), curve.maxUnits(), si.debounceSamples());
            jump[s] = new JumpDetector(si.jumpFactor());
            stuck[s] = new StuckSensorDetector(si.stuckWindowSeconds(), si.stuckMinRelativeChange(),
                    si.stuckMinHeaterChangeWatts(), si.stuckIdenticalSamples());
            stale[s] = new StaleDataDetector(sampleSeconds, si.staleIntervals());
            cooling[s] = Double.isNaN(si.coolingLossRiseKelvin()) ? null
                    : new CoolingLossDetector(si.coolingLossRiseKelvin(), si.coolingLossWindowSeconds());
        }
        heatUp = new HeatUpDetector[loops.length];
        hold = new HoldBandDetector[loops.length];
        stuckOn = new HeaterStuckOnDetector[loops.length];
        readback = new HeaterReadbackDetector[loops.length];
        detached = new DetachedSensorDetector[loops.length];
        holdBand = new double[loops.length];
        heaterFaultBits = new int[loops.length];
        comparators = new LoopComparators(config, interlock, this.loops, this.loopHeaters);
        for (int l = 0; l < loops.length; l++) {
            LoopInterlock li = il.loop(loops[l].loopId());
            heatUp[l] = new HeatUpDetector(li.heatUpGainKelvin(), li.heatUpPeriodSeconds(), li.heatUpHysteresisKelvin());
            hold[l] = new HoldBandDetector(li.holdBandKelvin(), li.holdPeriodSeconds(), li.holdMaxIntegratedKelvinSeconds());
            stuckOn[l] = new HeaterStuckOnDetector(li.stuckOnRiseKelvin(), li.stuckOnWindowSeconds(),
                    li.stuckOnSettleSeconds(), li.stuckOnOtherToleranceWatts(), li.stuckOnOtherToleranceFraction());
            readback[l] = new HeaterReadbackDetector(li.readbackToleranceWatts(), li.readbackToleranceFraction(), li.readbackDebounceSamples());
            detached[l] = new DetachedSensorDetector(li.detachedHoldWattsPerKelvinSquared(), li.detachedFloorWatts(),
                    li.detachedFactor(), li.detachedPeriodSeconds());
            holdBand[l] = li.holdBandKelvin();
        }
        pairs = il.pairs().toArray(new SensorPair[0]);
        disagree = new SensorDisagreementDetector[pairs.length];
        for (int p = 0; p < pairs.length; p++) {
            disagree[p] = new SensorDisagreementDetector(pairs[p].maxDifferenceKelvin(), pairs[p].fraction(), pairs[p].debounceSamples());
        }
        notAnswering = new BoardNotAnsweringDetector(il.notAnsweringTicks());
        crc = new BusCrcRateDetector(il.crcMaxErrorsPerWindow(), il.crcWindowSeconds());
    }

    @Override
    public void onEvent(ControlEvent e) {
        if (e.type == EventType.TICK) {
            onTick(e);
        } else if (e.type == EventType.COMMAND && e.command != null) {
            onCommand(e);
        }
    }

    private void onCommand(ControlEvent e) {
        Command c = e.command;
        if (c.getActionCase() == Command.ActionCase.ACKNOWLEDGE_ALARM) {
            long id = c.getAcknowledgeAlarm().getAlarmId();
            String refusal = alarms.acknowledge(id, c.getOperatorId(), e.boardTicks);
            // acknowledging every alarm re-arms a trip the full set could not record (no alarm left to clear)
            boolean unrecordedOnly = id == 0 && interlock.tripped() && !alarms.anyCritical();
            if (refusal != null && !unrecordedOnly) {
                e.outcome.refuse(refusal);
                return;
            }
            boolean rearmed = interlock.rearmIfClear();
            if (rearmed) {
                resetBehaviourDetectors();
            }
            e.outcome.accept((id == 0 ? "acknowledged every alarm whose cause is gone" : "alarm " + id + " acknowledged and cleared")
                    + (rearmed ? "; interlock re-armed" : interlock.tripped() ? "; interlock stays tripped (other critical alarms)" : ""));
        } else if (c.getActionCase() == Command.ActionCase.SHELVE_ALARM) {
            var s = c.getShelveAlarm();
            String refusal = alarms.shelve(s.getAlarmId(), s.getShelveSeconds(), c.getOperatorId(), e.boardTicks);
            if (refusal != null) {
                e.outcome.refuse(refusal);
            } else {
                e.outcome.accept("alarm " + s.getAlarmId() + " shelved for " + s.getShelveSeconds() + " s"
                        + (interlock.tripped() ? " (shelving hides it; the interlock stays tripped until acknowledged)" : ""));
            }
        } else if (c.getActionCase() == Command.ActionCase.SET_WARMUP) {
            setWarmup(e, c.getSetWarmup().getEnabled());
        }
    }

    /**
     * Warm-up on: refused while a cold-stage loop heats; else the cold stages' over-temperature,
     * rate, upward-jump, hold/heat-up and stuck-on checks stand down and their loops' comparators
     * are written off (read back; retried each tick, CONFIG_FAULT on the third failure). Off: the same
     * checks start afresh, as after a cooldown from room temperature: each over-temperature limit
     * arms once its stage reads below it, each comparator once its stage reads cold (arm).
     */
    private void setWarmup(ControlEvent e, boolean enabled) {
        if (enabled == warmup.on()) {
            e.outcome.accept("warm-up mode already " + (enabled ? "on" : "off"));
            return;
        }
        String refusal = enabled ? warmup.enableRefusal(loops) : null;
        if (refusal != null) {
            e.outcome.refuse(refusal);
            return;
        }
        warmup.set(enabled);
        for (int s = 0; s < sensors; s++) {
            if (warmup.coldSensor(s)) {
                over[s].disarm();
                rate[s].reset();
                jump[s].reset();
            }
        }
        for (int l = 0; l < loops.length; l++) {
            if (warmup.coldLoop(loops[l])) {
                heatUp[l].reset();
                hold[l].reset();
                detached[l].reset();
                comparators.clearFailures(l);
                if (enabled) {
                    comparators.disarm(e, l); // retried each tick if the write fails
                }
            }
        }
        e.outcome.accept(enabled
                ? "warm-up mode on: cold-stage over-temperature, rate-of-rise, upward-jump, hold/heat-up and stuck-on checks and"
                        + " comparators stand down; plate limits, heater readback, board health, stale data, bus and watchdog stay armed"
                : "warm-up mode off: cold-stage limits re-arm once each stage reads below them, comparators once it reads cold");
    }

    private void onTick(ControlEvent e) {
        long t = e.boardTicks;
        lastTicks = t;
        if (notAnswering.update(e.busFault)) {
            interlock.trip(AlarmCause.BOARD_NOT_ANSWERING, -1, -1, notAnswering.failedTicks(), notAnswering.maxFailedTicks(), t);
        }
        readBoardFaults(e);
        if (crc.update(board.crcErrors(), t)) {
            interlock.trip(AlarmCause.BUS_CRC_RATE, -1, -1, crc.errorsInWindow(), crc.maxErrors(), t);
        } else if (crc.warning()) {
            interlock.warn(AlarmCause.BUS_CRC_RATE, -1, -1, crc.errorsInWindow(), crc.warningErrors(), t);
        }
        for (int s = 0; s < sensors; s++) {
            checkSensor(e, s, t);
        }
        // every loop's command this tick: the stuck-on check judges a stage only while the others hold still
        double allCommandedWatts = 0;
        for (int l = 0; l < loops.length; l++) {
            allCommandedWatts += commandedWatts(l);
        }
        for (int l = 0; l < loops.length; l++) {
            if (warmup.on() && warmup.coldLoop(loops[l])) {
                comparators.disarm(e, l);
            } else {
                comparators.arm(e, l, fault[loops[l].sensorIndex()].causePresent());
            }
            checkLoop(e, l, t, allCommandedWatts);
        }
        for (int p = 0; p < pairs.length; p++) {
            SensorPair sp = pairs[p];
            if (disagree[p].update(e.temperatureKelvin[sp.sensorA()], e.temperatureKelvin[sp.sensorB()])) {
                interlock.trip(AlarmCause.SENSOR_DISAGREEMENT, sp.sensorA(), -1, disagree[p].lastDifferenceKelvin(),
                        disagree[p].lastLimitKelvin(), t);
            }
        }
        for (int i = 0; i < alarms.count(); ) {
            AlarmRecord r = alarms.get(i);
            alarms.setCausePresent(i, causePresent(r, e), t);
            if (!alarms.clearWarningIfGone(i, t)) {
                i++; // else the next alarm moved to i
            }
        }
        alarms.expireShelves(t);
        // no re-arm here: only an operator's acknowledgement re-arms (onCommand)
        driveRelayAndWatchdog(e);
    }

    private void readBoardFaults(ControlEvent e) {
        if (e.busFault) {
            return;
        }
        try {
            int flags = board.faultFlags();
            if ((flags & CryoCmosRegisters.FAULT_WATCHDOG) != 0) {
                // expected after a trip (no kicks while tripped); an alarm only when we were kicking
                if (!boardWatchdogLatched && !interlock.tripped()) {
                    interlock.trip(AlarmCause.BOARD_WATCHDOG, -1, -1, 1, 0, e.boardTicks);
                }
                boardWatchdogLatched = true;
            }
            if ((flags & CryoCmosRegisters.FAULT_COMPARATOR) != 0) {
                int mask = board.comparatorTripped();
                comparatorLatched |= mask;
                for (int l = 0; l < loops.length; l++) {
                    if ((mask & (1 << loopHeaters[l].channel())) != 0) {
                        int s = loops[l].sensorIndex();
                        interlock.trip(AlarmCause.OVER_TEMPERATURE, s, l, e.temperatureKelvin[s], comparators.kelvin(s), e.boardTicks);
                    }
                }
            }
            readBoardHealth(e, flags & HEALTH_FLAGS);
        } catch (BusException ex) {
            e.busFault = true;
            e.busFaultMessage = ex.getMessage();
        }
    }

    /** Board faults the board latches while their condition lasts: supply sag, die overheating, heater open or short. */
    private static final int HEALTH_FLAGS = CryoCmosRegisters.FAULT_SUPPLY | CryoCmosRegisters.FAULT_DIE_OVER_TEMPERATURE
            | CryoCmosRegisters.FAULT_HEATER;
    private static final int HEATER_FAULT_BITS = CryoCmosRegisters.HEATER_STATUS_OPEN | CryoCmosRegisters.HEATER_STATUS_SHORT;

    private void readBoardHealth(ControlEvent e, int flags) throws BusException {
        healthFlags = flags;
        long t = e.boardTicks;
        if ((flags & CryoCmosRegisters.FAULT_SUPPLY) != 0) {
            interlock.trip(AlarmCause.SUPPLY_FAULT, -1, -1, board.supplyVolts(), CryoCmosRegisters.SUPPLY_MIN_VOLTS, t);
        }
        if ((flags & CryoCmosRegisters.FAULT_DIE_OVER_TEMPERATURE) != 0) {
            interlock.trip(AlarmCause.BOARD_OVER_TEMPERATURE, -1, -1, board.dieKelvin(), CryoCmosRegisters.DIE_MAX_RISE_KELVIN, t);
        }
        for (int l = 0; l < loops.length; l++) {
            // HEATER_STATUS is read only while the board flags a heater fault: no extra transfer on a healthy tick
            int bits = (flags & CryoCmosRegisters.FAULT_HEATER) != 0 ? loopHeaters[l].status() & HEATER_FAULT_BITS : 0;
            heaterFaultBits[l] = bits;
            int s = loops[l].sensorIndex();
            if ((bits & CryoCmosRegisters.HEATER_STATUS_OPEN) != 0) {
                interlock.trip(AlarmCause.HEATER_OPEN, s, l, bits, 0, t);
            }
            if ((bits & CryoCmosRegisters.HEATER_STATUS_SHORT) != 0) {
                interlock.trip(AlarmCause.HEATER_SHORT, s, l, bits, 0, t);
            }
        }
        if (flags != 0) {
            board.clearFlags(flags); // latched again by the next read while the condition lasts
        }
    }

    private void checkSensor(ControlEvent e, int s, long t) {
        double k = e.temperatureKelvin[s];
        boolean readOk = !e.sampleMissed(s);
        lastKelvin[s] = k;
        if (stale[s].update(e.sampleCount[s], readOk, t)) {
            interlock.trip(AlarmCause.STALE_DATA, s, -1, stale[s].ageSeconds(), stale[s].limitSeconds(), t);
        }
        if (fault[s].update(e.sensorStatus[s], e.rawUnits[s])) {
            interlock.trip(fault[s].cause(), s, -1, fault[s].lastUnits(), fault[s].limitUnits(), t);
        }
        // warm-up: a cold stage's over-temperature, rate and upward-jump checks stand down (its heater is refused on)
        boolean warming = warmup.standsDown(s);
        if (!warming && over[s].update(k)) {
            interlock.trip(AlarmCause.OVER_TEMPERATURE, s, -1, k, over[s].limitKelvin(), t);
        } else if (!warming && over[s].warning()) {
            interlock.warn(AlarmCause.OVER_TEMPERATURE, s, -1, k, over[s].warningKelvin(), t);
        }
        if (under[s] != null && under[s].update(k)) {
            interlock.trip(AlarmCause.UNDER_TEMPERATURE, s, -1, k, under[s].limitKelvin(), t);
        }
        int l = loopOfSensor[s];
        boolean regulating = l >= 0 && loops[l].closedLoop() && !interlock.tripped();
        boolean riseUnexpected = !regulating || k > loops[l].setpointKelvin() + holdBand[l];
        if (!warming && rate[s].update(k, t, riseUnexpected)) {
            interlock.trip(AlarmCause.RATE_OF_RISE, s, -1, rate[s].rateKelvinPerSecond(), rate[s].limitKelvinPerSecond(), t);
        }
        double heaterWatts = l >= 0 ? loops[l].outputWatts() : Double.NaN;
        boolean heaterOn = l >= 0 && heaterWatts > 0;
        if (jump[s].update(k, e.sampleCount[s], heaterOn || warming)) {
            interlock.trip(AlarmCause.SENSOR_JUMP_DETECTED, s, -1, jump[s].lastRatio(), jump[s].jumpFactor(), t);
        }
        // outside its curve a sensor's reading barely moves (a RuOx above 40 K): not a stuck sensor
        if (!Double.isNaN(k) && stuck[s].update(e.rawUnits[s], e.sampleCount[s], heaterWatts, t)) {
            interlock.trip(AlarmCause.SENSOR_STUCK_VALUE, s, -1, stuck[s].lastValue(), stuck[s].lastLimit(), t);
        }
        if (cooling[s] != null && cooling[s].update(k, l < 0 || !(heaterWatts > 0), t)) {
            interlock.trip(AlarmCause.COOLING_LOSS, s, -1, cooling[s].lastRiseKelvin(), cooling[s].riseKelvin(), t);
        }
    }

    /** What loop {@code l}'s heater was told to deliver: zero while tripped (the safe state). */
    private double commandedWatts(int l) {
        return interlock.tripped() ? 0.0 : Math.max(0, loops[l].outputWatts());
    }

    private void checkLoop(ControlEvent e, int l, long t, double allCommandedWatts) {
        HeaterLoop loop = loops[l];
        int s = loop.sensorIndex();
        double k = e.temperatureKelvin[s];
        // behaviour checks only while the loop regulates; a tripped interlock holds the output at zero;
        // a cold-stage loop cannot regulate during warm-up (refused), its checks stand down all the same
        boolean regulating = loop.closedLoop() && !interlock.tripped() && !warmup.standsDown(s);
        double sp = regulating ? loop.setpointKelvin() : Double.NaN;
        if (heatUp[l].update(k, sp, t)) {
            interlock.trip(AlarmCause.HEATUP_FAILED, s, l, k, heatUp[l].targetKelvin(), t);
        }
        if (hold[l].update(k, sp, t)) {
            interlock.trip(AlarmCause.HOLD_BAND_RUNAWAY, s, l, hold[l].lastErrorKelvin(), hold[l].bandKelvin(), t);
        }
        double commanded = interlock.tripped() ? 0.0 : loop.outputWatts();
        // warming with the command at zero is what a warm-up is: a cold stage's thermometer cannot tell a
        // stuck heater from it (no reading: no window); the readback check below judges its heater instead
        double stuckOnKelvin = warmup.standsDown(s) ? Double.NaN : k;
        if (stuckOn[l].update(stuckOnKelvin, commanded, allCommandedWatts - commandedWatts(l), t)) {
            interlock.trip(AlarmCause.HEATER_STUCK_ON, s, l, stuckOn[l].lastRiseKelvin(), stuckOn[l].riseKelvin(), t);
        }
        if (detached[l].update(loop.outputWatts(), sp, t)) {
            interlock.trip(AlarmCause.SENSOR_DETACHED_FROM_STAGE, s, l, detached[l].lastOutputWatts(), detached[l].lastLimitWatts(), t);
        }
        if (e.busFault) {
            return;
        }
        try {
            double rb = loopHeaters[l].readbackWatts();
            if (readback[l].update(commanded, rb)) {
                interlock.trip(AlarmCause.HEATER_READBACK_MISMATCH, s, l, rb, commanded + readback[l].toleranceWatts(), t);
            }
        } catch (BusException ex) {
            e.busFault = true;
            e.busFaultMessage = ex.getMessage();
        }
    }

    /** Whether loop {@code l}'s board comparator has been programmed and verified. */
    public boolean comparatorArmed(int l) {
        return comparators.armed(l);
    }

    /** Warm-up mode; this stage is its single writer. */
    public WarmupMode warmup() {
        return warmup;
    }

    /** Whether an alarm's cause is still present, judged from the detectors' latest verdicts. */
    private boolean causePresent(AlarmRecord r, ControlEvent e) {
        int s = r.sensorIndex();
        int l = r.loopIndex();
        boolean sensorOk = s >= 0 && s < sensors;
        boolean loopOk = l >= 0 && l < loops.length;
        if (r.severity() != cryo.v1.Severity.SEVERITY_CRITICAL) {
            switch (r.cause()) {
                case OVER_TEMPERATURE: return sensorOk && over[s].warning();
                case BUS_CRC_RATE: return crc.warning();
                default: return false;
            }
        }
        switch (r.cause()) {
            case OVER_TEMPERATURE:
                if (!sensorOk) {
                    return false;
                }
                if (warmup.standsDown(s)) {
                    return over[s].causePresent(); // disarmed for the warm-up: gone, so it can be acknowledged
                }
                double k = e.temperatureKelvin[s];
                double comparatorKelvin = comparators.kelvin(s);
                boolean overComparator = !Double.isNaN(comparatorKelvin) && (Double.isNaN(k) || k > comparatorKelvin);
                return over[s].causePresent() || (loopOk && overComparator);
            case UNDER_TEMPERATURE: return sensorOk && under[s] != null && under[s].causePresent();
            case RATE_OF_RISE: return sensorOk && rate[s].causePresent();
            case SENSOR_OPEN_CIRCUIT:
            case SENSOR_SHORT_CIRCUIT: return sensorOk && fault[s].causePresent();
            case SENSOR_JUMP_DETECTED: return sensorOk && jump[s].causePresent();
            case SENSOR_STUCK_VALUE: return sensorOk && stuck[s].causePresent();
            case STALE_DATA: return sensorOk && stale[s].causePresent();
            case COOLING_LOSS: return sensorOk && cooling[s] != null && cooling[s].causePresent();
            case SENSOR_DISAGREEMENT:
                for (int p = 0; p < pairs.length; p++) {
                    if (pairs[p].sensorA() == s) {
                        return disagree[p].causePresent();
                    }
                }
                return false;
            case HEATER_STUCK_ON: return loopOk && stuckOn[l].causePresent();
            case HEATER_READBACK_MISMATCH: return loopOk && readback[l].causePresent();
            case BUS_CRC_RATE: return crc.causePresent();
            case BOARD_NOT_ANSWERING: return notAnswering.causePresent();
            case SUPPLY_FAULT: return (healthFlags & CryoCmosRegisters.FAULT_SUPPLY) != 0;
            case BOARD_OVER_TEMPERATURE: return (healthFlags & CryoCmosRegisters.FAULT_DIE_OVER_TEMPERATURE) != 0;
            case HEATER_OPEN: return loopOk && (heaterFaultBits[l] & CryoCmosRegisters.HEATER_STATUS_OPEN) != 0;
            case HEATER_SHORT: return loopOk && (heaterFaultBits[l] & CryoCmosRegisters.HEATER_STATUS_SHORT) != 0;
            default:
                // heat-up, hold band, detached: judged again only with heat on after re-arm;
                // board watchdog: this ring is alive, so its cause is gone (the latch clears on re-arm)
                return false;
        }
    }

    /** After re-arm: the behaviour checks start afresh and the board's latches are cleared. */
    private void resetBehaviourDetectors() {
        for (int l = 0; l < loops.length; l++) {
            heatUp[l].reset();
            hold[l].reset();
            detached[l].reset();
        }
        for (int s = 0; s < sensors; s++) {
            rate[s].reset();
        }
        relayClosed = false; // closed again, after the latches clear, on the next tick
        if (boardWatchdogLatched || comparatorLatched != 0) {
            try {
                board.clearLatches();
                boardWatchdogLatched = false;
                comparatorLatched = 0;
            } catch (BusException ignored) {
                // retried: the flags are read again next tick and the alarm path handles a dead bus
            }
        }
    }

    private void driveRelayAndWatchdog(ControlEvent e) {
        try {
            if (interlock.tripped()) {
                if (relayClosed) {
                    relay.setClosed(false);
                    relayClosed = false;
                }
                return; // no kick: the board's watchdog is the next layer
            }
            if (!relayClosed) {
                // arming (start-up or re-arm after an acknowledged trip): clear the board's
                // watchdog latch, which fired while we deliberately stopped kicking
                watchdog.clearTrip();
                relay.setClosed(true);
                relayClosed = true;
            }
            watchdog.kick();
        } catch (BusException ex) {
            e.busFault = true;
            e.busFaultMessage = ex.getMessage();
        }
    }

    public Interlock interlock() {
        return interlock;
    }

    public AlarmSet alarms() {
        return alarms;
    }

    public boolean relayClosed() {
        return relayClosed;
    }
}
