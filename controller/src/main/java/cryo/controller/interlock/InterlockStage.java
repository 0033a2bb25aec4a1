package cryo.controller.interlock;

import cryo.controller.alarm.AlarmRecord;
import cryo.controller.alarm.AlarmSet;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.InterlockConfig;
import cryo.controller.config.SensorPair;
import cryo.controller.heater.HeaterLoop;
import cryo.controller.ring.ControlEvent;
import cryo.controller.ring.EventType;
import cryo.controller.ring.RingStage;
import cryo.hal.bus.BusException;
import cryo.hal.device.Heater;
import cryo.hal.device.InterlockRelay;
import cryo.hal.device.Watchdog;
import cryo.v1.AlarmCause;
import cryo.v1.Command;

/**
 * The interlock, in two ring stages around the heater loops and the sequencer. This one runs
 * before any heater decision: the board's latched faults ({@link BoardHealthMonitor#readFlags}),
 * then every thermometer's guard ({@link SensorGuard}) and every redundant pair's
 * ({@link PairGuard}), and the board comparators' arming; it also handles AcknowledgeAlarm,
 * ShelveAlarm and SetWarmup (the single writer of {@link WarmupMode}'s flag). The second,
 * {@link #finish()}, runs after the sequencer: each loop's guard ({@link LoopGuard}) on the outputs
 * the heater stage put in the event, the bus judged over every transfer of the pass, each alarm's
 * cause, and the relay and the board's watchdog, kicked only while armed and only once the whole
 * pass got there (a stalled ring or a latched trip lets the board cut the heaters by itself).
 *
 * <p>Only an operator's acknowledgement re-arms (Interlock.rearmIfClear). Ring thread only; the
 * single writer of every guard; no allocation on a tick.
 */
public final class InterlockStage implements RingStage {
    private final Interlock interlock;
    private final AlarmSet alarms;
    private final InterlockRelay relay;
    private final Watchdog watchdog;
    private final HeaterLoop[] loops;
    private final WarmupMode warmup;
    private final LoopComparators comparators;
    private final SensorGuard[] sensorGuards;
    private final LoopGuard[] loopGuards;
    private final PairGuard[] pairGuards;
    private final BoardHealthMonitor board;
    private final RingStage finish = this::finishPass;

    private boolean relayClosed;

    public InterlockStage(ControllerConfig config, Interlock interlock, HeaterLoop[] loops, Heater[] loopHeaters,
                          InterlockRelay relay, Watchdog watchdog, BoardFaults boardFaults, WarmupMode warmup) {
        this.interlock = interlock;
        this.warmup = warmup;
        this.alarms = interlock.alarms();
        this.relay = relay;
        this.watchdog = watchdog;
        this.loops = loops.clone();
        Heater[] heaters = loopHeaters.clone();
        InterlockConfig il = config.interlocks();
        int sensors = config.sensors().size();
        comparators = new LoopComparators(config, interlock, this.loops, heaters);
        board = new BoardHealthMonitor(il, boardFaults, interlock, this.loops, heaters, comparators);
        loopGuards = new LoopGuard[loops.length];
        for (int l = 0; l < loops.length; l++) {
            loopGuards[l] = new LoopGuard(l, this.loops[l], il.loop(loops[l].loopId()), interlock, warmup);
        }
        int[] loopOfSensor = new int[sensors];
        java.util.Arrays.fill(loopOfSensor, -1);
        for (int l = loops.length - 1; l >= 0; l--) {
            loopOfSensor[loops[l].sensorIndex()] = l;
        }
        int[] sameStage = ThermalLinks.sameStage(config);
        int[] mounted = ThermalLinks.mounted(config);
        double sampleSeconds = Math.max(il.sampleIntervalSeconds(), config.tickIntervalSeconds());
        sensorGuards = new SensorGuard[sensors];
        for (int s = 0; s < sensors; s++) {
            int l = loopOfSensor[s];
            double holdBand = l >= 0 ? il.loop(loops[l].loopId()).holdBandKelvin() : 0.0;
            sensorGuards[s] = new SensorGuard(s, il.sensor(s), config.sensors().get(s).curve(), sampleSeconds, l, holdBand,
                    sameStage[s], mounted[s], interlock, warmup, this.loops, loopGuards, comparators, board);
        }
        SensorPair[] pairs = il.pairs().toArray(new SensorPair[0]);
        pairGuards = new PairGuard[pairs.length];
        for (int p = 0; p < pairs.length; p++) {
            pairGuards[p] = new PairGuard(pairs[p], interlock);
        }
    }

    /** The interlock's second stage, after the heater loops and the sequencer (see the class comment). */
    public RingStage finish() {
        return finish;
    }

    @Override
    public void onEvent(ControlEvent e) {
        if (e.type == EventType.TICK) {
            onTick(e);
        } else if (e.type == EventType.COMMAND && e.command != null) {
            onCommand(e);
        }
    }

    private void onTick(ControlEvent e) {
        long t = e.boardTicks;
        board.readFlags(e);
        for (SensorGuard g : sensorGuards) {
            g.check(e, t);
        }
        for (PairGuard g : pairGuards) {
            g.check(e, t);
        }
        for (int l = 0; l < loops.length; l++) {
            if (warmup.on() && warmup.coldLoop(loops[l])) {
                comparators.disarm(e, l);
            } else {
                comparators.arm(e, l, sensorGuards[loops[l].sensorIndex()].faulted());
            }
        }
    }

    private void finishPass(ControlEvent e) {
        if (e.type != EventType.TICK) {
            return;
        }
        long t = e.boardTicks;
        boolean tripped = interlock.tripped();
        double allCommandedWatts = 0;
        for (int l = 0; l < loops.length; l++) {
            allCommandedWatts += LoopGuard.commanded(e, l, tripped);
        }
        for (LoopGuard g : loopGuards) {
            g.check(e, t, allCommandedWatts);
        }
        driveRelayAndWatchdog(e);
        board.judgeBus(e); // after the kick: every transfer of the pass counts
        for (int i = 0; i < alarms.count(); ) {
            AlarmRecord r = alarms.get(i);
            alarms.setCausePresent(i, causePresent(r), t);
            if (!alarms.clearWarningIfGone(i, t)) {
                i++; // else the next alarm moved to i
            }
        }
        alarms.expireShelves(t);
    }

    /** Whether an alarm's cause is still present: asked of the guard that raised it. */
    private boolean causePresent(AlarmRecord r) {
        Guard g = guardOf(r);
        return g != null && g.causePresent(r);
    }

    private Guard guardOf(AlarmRecord r) {
        int s = r.sensorIndex();
        int l = r.loopIndex();
        switch (r.cause()) {
            case OVER_TEMPERATURE:
            case UNDER_TEMPERATURE:
            case RATE_OF_RISE:
            case SENSOR_OPEN_CIRCUIT:
            case SENSOR_SHORT_CIRCUIT:
            case SENSOR_JUMP_DETECTED:
            case SENSOR_STUCK_VALUE:
            case STALE_DATA:
            case COOLING_LOSS:
                return s >= 0 && s < sensorGuards.length ? sensorGuards[s] : null;
            case SENSOR_DISAGREEMENT:
                for (PairGuard p : pairGuards) {
                    if (p.sensorA() == s) {
                        return p;
                    }
                }
                return null;
            case HEATUP_FAILED:
            case HOLD_BAND_RUNAWAY:
            case HEATER_STUCK_ON:
            case HEATER_READBACK_MISMATCH:
            case SENSOR_DETACHED_FROM_STAGE:
            case CONFIG_FAULT:
                return l >= 0 && l < loopGuards.length ? loopGuards[l] : null;
            case BUS_CRC_RATE:
            case BOARD_NOT_ANSWERING:
            case BOARD_WATCHDOG:
            case SUPPLY_FAULT:
            case BOARD_OVER_TEMPERATURE:
            case HEATER_OPEN:
            case HEATER_SHORT:
                return board;
            default:
                // a failed stage, the sequencer's and the autotuner's events: one-off, gone once raised
                return null;
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
                reset();
            }
            e.outcome.accept((id == 0 ? "acknowledged every alarm whose cause is gone" : "alarm " + id + " acknowledged and cleared")
                    + (rearmed ? "; interlock re-armed (loops the trip switched off stay off until turned on)"
                            : interlock.tripped() ? "; interlock stays tripped (other critical alarms)" : ""));
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
        for (int s = 0; s < sensorGuards.length; s++) {
            if (warmup.coldSensor(s)) {
                sensorGuards[s].warmupSwitched();
            }
        }
        for (int l = 0; l < loops.length; l++) {
            if (warmup.coldLoop(loops[l])) {
                loopGuards[l].reset();
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

    /** After re-arm: every guard's behaviour checks start afresh and the board's latches are cleared. */
    private void reset() {
        for (LoopGuard g : loopGuards) {
            g.reset();
        }
        for (SensorGuard g : sensorGuards) {
            g.reset();
        }
        for (PairGuard g : pairGuards) {
            g.reset();
        }
        board.reset();
        relayClosed = false; // closed again, after the latches clear, on the next tick
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
            e.busFailed(ex);
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

    /** Whether the board's watchdog latch fired and has not been cleared by a re-arm. */
    public boolean boardWatchdogLatched() {
        return board.watchdogLatched();
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
