package cryo.controller.interlock;

import cryo.controller.alarm.AlarmRecord;

/**
 * One group of detectors with the same subject: a sensor ({@link SensorGuard}), a heater loop
 * ({@link LoopGuard}), a redundant pair ({@link PairGuard}) or the board ({@link BoardHealthMonitor}).
 * Each runs its detectors on the pass's data and calls the one {@link Interlock#trip}; the
 * interlock stage asks the guard that raised an alarm whether its cause is still present.
 *
 * <p>Thread contract: ring thread only (InterlockStage is the single writer of every guard); no
 * allocation on a tick.
 */
interface Guard {
    /**
     * Whether the cause of alarm {@code r}, which this guard raised, is still present (judged from
     * its detectors' latest verdicts). An alarm of a cause the guard does not raise: false.
     */
    boolean causePresent(AlarmRecord r);

    /** The behaviour checks start afresh (after a re-arm); limits and latches stay as they are. */
    void reset();
}
