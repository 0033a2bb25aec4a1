package cryo.controller.interlock;

import cryo.controller.alarm.AlarmRecord;
import cryo.controller.config.InterlockConfig;
import cryo.controller.heater.HeaterLoop;
import cryo.controller.ring.ControlEvent;
import cryo.hal.bus.BusException;
import cryo.hal.device.Heater;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.v1.AlarmCause;
import cryo.v1.Severity;

/**
 * The board itself: its latched FAULT_FLAGS (watchdog, comparator cut, supply, die temperature,
 * heater open or short), read before the heater stage ({@link #readFlags}), and the bus, judged at
 * the end of the pass ({@link #judgeBus}) from every stage's failed transfers: a pass on which the
 * board left a transfer unanswered counts toward BOARD_NOT_ANSWERING (N such passes in a row), and
 * the fraction of frames failing their CRC toward BUS_CRC_RATE. Ring thread only; no allocation
 * while the board answers.
 */
final class BoardHealthMonitor implements Guard {
    /** Board faults the board latches while their condition lasts: supply sag, die overheating, heater open or short. */
    private static final int HEALTH_FLAGS = CryoCmosRegisters.FAULT_SUPPLY | CryoCmosRegisters.FAULT_DIE_OVER_TEMPERATURE
            | CryoCmosRegisters.FAULT_HEATER;
    private static final int HEATER_FAULT_BITS = CryoCmosRegisters.HEATER_STATUS_OPEN | CryoCmosRegisters.HEATER_STATUS_SHORT;

    private final BoardFaults board;
    private final Interlock interlock;
    private final HeaterLoop[] loops;
    private final Heater[] loopHeaters;
    private final LoopComparators comparators;
    private final BoardNotAnsweringDetector notAnswering;
    private final BusCrcRateDetector crc;
    /** The board's health flags seen on the last read, after clearing them the tick before: the cause is present. */
    private int healthFlags;
    /** Open/short HEATER_STATUS bits of each loop's heater, read while the board flags a heater fault. */
    private final int[] heaterFaultBits;
    private boolean watchdogLatched;
    private int comparatorLatched;

    BoardHealthMonitor(InterlockConfig il, BoardFaults board, Interlock interlock, HeaterLoop[] loops, Heater[] loopHeaters,
                       LoopComparators comparators) {
        this.board = board;
        this.interlock = interlock;
        this.loops = loops;
        this.loopHeaters = loopHeaters;
        this.comparators = comparators;
        heaterFaultBits = new int[loops.length];
        notAnswering = new BoardNotAnsweringDetector(il.notAnsweringTicks());
        crc = new BusCrcRateDetector(il.crcMaxErrorFraction(), il.crcWindowSeconds());
    }

    /** Before the heater stage: the board's latched faults. Skipped once a transfer of this pass failed. */
    void readFlags(ControlEvent e) {
        if (e.busFault()) {
            return;
        }
        long t = e.boardTicks;
        try {
            int flags = board.faultFlags();
            if ((flags & CryoCmosRegisters.FAULT_WATCHDOG) != 0) {
                // expected after a trip (no kicks while tripped), so it raises nothing then: an alarm
                // only when it fired while we were kicking (the ring stalled)
                if (!watchdogLatched && !interlock.tripped()) {
                    interlock.trip(AlarmCause.BOARD_WATCHDOG, -1, -1, 1, 0, t);
                }
                watchdogLatched = true;
            }
            if ((flags & CryoCmosRegisters.FAULT_COMPARATOR) != 0) {
                int mask = board.comparatorTripped();
                comparatorLatched |= mask;
                for (int l = 0; l < loops.length; l++) {
                    if ((mask & (1 << loopHeaters[l].channel())) != 0) {
                        int s = loops[l].sensorIndex();
                        interlock.trip(AlarmCause.OVER_TEMPERATURE, s, l, e.temperatureKelvin[s], comparators.kelvin(s), t);
                    }
                }
            }
            readHealth(flags & HEALTH_FLAGS, t);
        } catch (BusException ex) {
            e.busFailed(ex);
        }
    }

    private void readHealth(int flags, long t) throws BusException {
        healthFlags = flags;
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

    /** At the end of the pass, after every stage's transfers: not answering, and the CRC fraction. */
    void judgeBus(ControlEvent e) {
        long t = e.boardTicks;
        if (notAnswering.update(e.unansweredTransfers > 0)) {
            tripNotAnswering(t);
        }
        if (crc.update(board.transfers(), board.crcErrors(), t)) {
            interlock.trip(AlarmCause.BUS_CRC_RATE, -1, -1, crc.errorFraction(), crc.maxFraction(), t);
        } else if (crc.warning()) {
            interlock.warn(AlarmCause.BUS_CRC_RATE, -1, -1, crc.errorFraction(), crc.warningFraction(), t);
        }
    }

    /** Whether the board left a transfer unanswered on the last pass (or this one, once judged). */
    boolean notAnswering() {
        return notAnswering.causePresent();
    }

    /** The board does not answer: the one trip, naming the board (a sensor guard's stale sample ends here too). */
    void tripNotAnswering(long t) {
        interlock.trip(AlarmCause.BOARD_NOT_ANSWERING, -1, -1, notAnswering.failedTicks(), notAnswering.maxFailedTicks(), t);
    }

    @Override
    public boolean causePresent(AlarmRecord r) {
        if (r.severity() != Severity.SEVERITY_CRITICAL) {
            return r.cause() == AlarmCause.BUS_CRC_RATE && crc.warning();
        }
        int l = r.loopIndex();
        boolean loopOk = l >= 0 && l < loops.length;
        switch (r.cause()) {
            case BUS_CRC_RATE: return crc.causePresent();
            case BOARD_NOT_ANSWERING: return notAnswering.causePresent();
            case SUPPLY_FAULT: return (healthFlags & CryoCmosRegisters.FAULT_SUPPLY) != 0;
            case BOARD_OVER_TEMPERATURE: return (healthFlags & CryoCmosRegisters.FAULT_DIE_OVER_TEMPERATURE) != 0;
            case HEATER_OPEN: return loopOk && (heaterFaultBits[l] & CryoCmosRegisters.HEATER_STATUS_OPEN) != 0;
            case HEATER_SHORT: return loopOk && (heaterFaultBits[l] & CryoCmosRegisters.HEATER_STATUS_SHORT) != 0;
            // board watchdog: this ring is alive, so its cause is gone (the latch clears on re-arm)
            default: return false;
        }
    }

    /** After re-arm: the board's watchdog and comparator latches are cleared (retried next re-arm if the bus fails). */
    @Override
    public void reset() {
        if (watchdogLatched || comparatorLatched != 0) {
            try {
                board.clearLatches();
                watchdogLatched = false;
                comparatorLatched = 0;
            } catch (BusException ignored) {
                // the flags are read again next tick and the alarm path handles a dead bus
            }
        }
    }

    /** Whether the board's watchdog fired and has not been cleared (a latch the sim report shows). */
    boolean watchdogLatched() {
        return watchdogLatched;
    }
}
