package cryo.controller.interlock;

import cryo.controller.alarm.AlarmRecord;
import cryo.controller.config.SensorInterlock;
import cryo.controller.heater.HeaterLoop;
import cryo.controller.ring.ControlEvent;
import cryo.hal.calibration.CalibrationCurve;
import cryo.v1.AlarmCause;
import cryo.v1.Severity;

/**
 * Every check on one thermometer, before any heater decision of the pass: over/under
 * temperature (and the over-temperature warning), open/short and out-of-curve, stale data, rate of
 * rise, jumps, stuck readings and cooling loss. A sample older than its limit because the board
 * did not answer names the board (BOARD_NOT_ANSWERING), not the thermometer.
 *
 * <p>What the heaters did comes from the loop guards' record of the last pass ({@link LoopGuard}),
 * which judged the outputs the heater stage put in the event. Ring thread only; no allocation.
 */
final class SensorGuard implements Guard {
    private final int s;
    private final Interlock interlock;
    private final WarmupMode warmup;
    private final HeaterLoop[] loops;
    private final LoopGuard[] loopGuards;
    private final LoopComparators comparators;
    private final BoardHealthMonitor board;
    /** The loop regulating this sensor, -1 for none. */
    private final int loop;
    private final double holdBandKelvin;
    /** A bit per loop whose heater sits on this sensor's stage, and per loop on the stage it is mounted on (ThermalLinks). */
    private final int sameStageLoops;
    private final int mountedLoops;
    /** How long after a warming heater was last on an upward jump is still its heat: a linked stage follows within a second. */
    static final double HEAT_MEMORY_SECONDS = 1.0;
    private final long heatMemoryTicks;

    final OverTemperatureDetector over;
    private final UnderTemperatureDetector under;
    final RateOfRiseDetector rate;
    final SensorFaultDetector fault;
    final JumpDetector jump;
    private final StuckSensorDetector stuck;
    private final StaleDataDetector stale;
    private final CoolingLossDetector cooling;
    private double lastKelvin = Double.NaN;

    SensorGuard(int s, SensorInterlock si, CalibrationCurve curve, double sampleSeconds, int loop, double holdBandKelvin,
                int sameStageLoops, int mountedLoops, Interlock interlock, WarmupMode warmup, HeaterLoop[] loops, LoopGuard[] loopGuards,
                LoopComparators comparators, BoardHealthMonitor board) {
        this.s = s;
        this.loop = loop;
        this.holdBandKelvin = holdBandKelvin;
        this.sameStageLoops = sameStageLoops;
        this.mountedLoops = mountedLoops;
        this.interlock = interlock;
        this.warmup = warmup;
        this.loops = loops;
        this.loopGuards = loopGuards;
        this.comparators = comparators;
        this.board = board;
        heatMemoryTicks = Checks.seconds("heat memory", Math.max(HEAT_MEMORY_SECONDS, sampleSeconds));
        over = new OverTemperatureDetector(si.overTemperatureKelvin(), si.debounceSamples(), si.overTemperatureWarningKelvin());
        under = Double.isNaN(si.underTemperatureKelvin()) ? null
                : new UnderTemperatureDetector(si.underTemperatureKelvin(), si.debounceSamples());
        rate = new RateOfRiseDetector(si.rateOfRiseKelvinPerSecond(), si.rateWindowSeconds(), 2);
        fault = new SensorFaultDetector(curve.minUnits(), curve.maxUnits(), si.debounceSamples());
        jump = new JumpDetector(si.jumpFactor());
        stuck = new StuckSensorDetector(si.stuckWindowSeconds(), si.stuckMinRelativeChange(),
                si.stuckMinHeaterChangeWatts(), si.stuckIdenticalSamples());
        stale = new StaleDataDetector(sampleSeconds, si.staleIntervals());
        cooling = Double.isNaN(si.coolingLossRiseKelvin()) ? null
                : new CoolingLossDetector(si.coolingLossRiseKelvin(), si.coolingLossWindowSeconds());
    }

    void check(ControlEvent e, long t) {
        double k = e.temperatureKelvin[s];
        boolean readOk = !e.sampleMissed(s);
        lastKelvin = k;
        if (stale.update(e.sampleCount[s], readOk, t)) {
            if (!readOk && board.notAnswering()) {
                board.tripNotAnswering(t); // no new sample because the board does not answer: name the board
            } else {
                interlock.trip(AlarmCause.STALE_DATA, s, -1, stale.ageSeconds(), stale.limitSeconds(), t);
            }
        }
        if (fault.update(e.sensorStatus[s], e.rawUnits[s])) {
            interlock.trip(fault.cause(), s, -1, fault.lastUnits(), fault.limitUnits(), t);
        }
        // warm-up: a cold stage's over-temperature, rate and upward-jump checks stand down (its heater is refused on)
        boolean warming = warmup.standsDown(s);
        if (!warming && over.update(k)) {
            interlock.trip(AlarmCause.OVER_TEMPERATURE, s, -1, k, over.limitKelvin(), t);
        } else if (!warming && over.warning()) {
            interlock.warn(AlarmCause.OVER_TEMPERATURE, s, -1, k, over.warningKelvin(), t);
        }
        if (under != null && under.update(k)) {
            interlock.trip(AlarmCause.UNDER_TEMPERATURE, s, -1, k, under.limitKelvin(), t);
        }
        boolean regulating = loop >= 0 && loops[loop].closedLoop() && !interlock.tripped();
        boolean riseUnexpected = !regulating || k > loops[loop].setpointKelvin() + holdBandKelvin;
        if (!warming && rate.update(k, t, riseUnexpected)) {
            interlock.trip(AlarmCause.RATE_OF_RISE, s, -1, rate.rateKelvinPerSecond(), rate.limitKelvinPerSecond(), t);
        }
        if (jump.update(k, e.sampleCount[s], warmedByAHeater(e, t) || warming)) {
            interlock.trip(AlarmCause.SENSOR_JUMP_DETECTED, s, -1, jump.lastRatio(), jump.jumpFactor(), t);
        }
        double heaterWatts = loop >= 0 ? loopGuards[loop].lastCommandWatts() : Double.NaN;
        // outside its curve a sensor's reading barely moves (a RuOx above 40 K): not a stuck sensor
        if (!Double.isNaN(k) && stuck.update(e.rawUnits[s], e.sampleCount[s], heaterWatts, t)) {
            interlock.trip(AlarmCause.SENSOR_STUCK_VALUE, s, -1, stuck.lastValue(), stuck.lastLimit(), t);
        }
        if (cooling != null && cooling.update(k, loop < 0 || !(heaterWatts > 0), t)) {
            interlock.trip(AlarmCause.COOLING_LOSS, s, -1, cooling.lastRiseKelvin(), cooling.riseKelvin(), t);
        }
    }

    /**
     * Whether a heater warms this stage on purpose (LoopGuard.warmingOnPurpose: on within the last
     * second, its stage not beyond the jump factor times setpoint plus hold band): one on this stage, or one on the stage
     * this one is mounted on, provided that stage reads at least half as warm as this one now
     * (heat flows from it: a follower far warmer than its source is a sensor fault, not its heat).
     */
    private boolean warmedByAHeater(ControlEvent e, long t) {
        double k = e.temperatureKelvin[s];
        for (int l = 0; l < loopGuards.length; l++) {
            int bit = 1 << l;
            if ((sameStageLoops & bit) != 0 && loopGuards[l].warmingOnPurpose(e, t, heatMemoryTicks, jump.jumpFactor())) {
                return true;
            }
            if ((mountedLoops & bit) != 0 && loopGuards[l].warmingOnPurpose(e, t, heatMemoryTicks, jump.jumpFactor())
                    && loopGuards[l].stageKelvin(e) >= 0.5 * k) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean causePresent(AlarmRecord r) {
        if (r.severity() != Severity.SEVERITY_CRITICAL) {
            return r.cause() == AlarmCause.OVER_TEMPERATURE && over.warning();
        }
        switch (r.cause()) {
            case OVER_TEMPERATURE: {
                if (warmup.standsDown(s)) {
                    return over.causePresent(); // disarmed for the warm-up: gone, so it can be acknowledged
                }
                double comparatorKelvin = comparators.kelvin(s);
                boolean overComparator = !Double.isNaN(comparatorKelvin) && (Double.isNaN(lastKelvin) || lastKelvin > comparatorKelvin);
                return over.causePresent() || (r.loopIndex() >= 0 && overComparator);
            }
            case UNDER_TEMPERATURE: return under != null && under.causePresent();
            case RATE_OF_RISE: return rate.causePresent();
            case SENSOR_OPEN_CIRCUIT:
            case SENSOR_SHORT_CIRCUIT: return fault.causePresent();
            case SENSOR_JUMP_DETECTED: return jump.causePresent();
            case SENSOR_STUCK_VALUE: return stuck.causePresent();
            case STALE_DATA: return stale.causePresent();
            case COOLING_LOSS: return cooling != null && cooling.causePresent();
            default: return false;
        }
    }

    @Override
    public void reset() {
        rate.reset();
    }

    /** Warm-up switched: the warm-up-sensitive checks start afresh (over-temperature re-arms once read below). */
    void warmupSwitched() {
        over.disarm();
        rate.reset();
        jump.reset();
    }

    boolean faulted() {
        return fault.causePresent();
    }
}
