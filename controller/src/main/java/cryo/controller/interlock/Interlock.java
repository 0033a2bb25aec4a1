package cryo.controller.interlock;

import cryo.controller.alarm.AlarmSet;
import cryo.hal.safe.SafeState;
import cryo.v1.AlarmCause;
import cryo.v1.InterlockState;
import cryo.v1.Severity;

/**
 * The latch and the one trip path (as Klipper's invoke_shutdown): every detector, and a ring
 * stage that throws ({@link #stageFailed}), calls {@link #trip}, which raises a critical alarm
 * (cause, stage, value, limit, board time), latches the first cause and drives the safe state at
 * once. The latch is its own state, not the alarm set's: it re-arms only on an operator's
 * acknowledgement ({@link #rearmIfClear}, called by the AcknowledgeAlarm command, never by a tick)
 * and then only when no critical alarm is left in the set. A trip the full alarm set could not
 * record ({@link #unrecordedTrips}) still latches; the acknowledgement that re-arms clears it.
 * Ring thread only; the single writer of the interlock state.
 */
public final class Interlock {
    private final SafeState safeState;
    private final AlarmSet alarms;
    private InterlockState state = InterlockState.INTERLOCK_ARMED;
    private AlarmCause cause = AlarmCause.ALARM_CAUSE_UNSPECIFIED;
    private int stageIndex = -1;
    private double value;
    private double limit;
    private long tripTicks;
    private long tripCount;
    private boolean safeStateReached;
    private long unrecordedTrips;
    private volatile long stageFailures;

    public Interlock(SafeState safeState, AlarmSet alarms) {
        this.safeState = safeState;
        this.alarms = alarms;
    }

    /**
     * The one trip: raises (or refreshes) the critical alarm and latches. The safe state is driven
     * on the first trip and again on any later trip call until it has reached the board.
     *
     * @param sensorIndex the sensor (-1 for the board), loopIndex the loop (-1 when none)
     */
    public void trip(AlarmCause why, int sensorIndex, int loopIndex, double measured, double crossedLimit, long boardTicks) {
        trip(why, sensorIndex, loopIndex, measured, crossedLimit, boardTicks, null);
    }

    private void trip(AlarmCause why, int sensorIndex, int loopIndex, double measured, double crossedLimit, long boardTicks,
                      String detail) {
        if (alarms.raise(why, Severity.SEVERITY_CRITICAL, sensorIndex, loopIndex, measured, crossedLimit, boardTicks, detail) == 0) {
            unrecordedTrips++; // the set is full: the latch holds all the same
        }
        boolean first = state == InterlockState.INTERLOCK_ARMED;
        if (first) {
            state = InterlockState.INTERLOCK_TRIPPED;
            cause = why;
            stageIndex = sensorIndex;
            value = measured;
            limit = crossedLimit;
            tripTicks = boardTicks;
            tripCount++;
        }
        if (first || !safeStateReached) {
            safeStateReached = safeState.apply();
        }
    }

    /**
     * A warning: raises (or refreshes) a WARNING alarm and trips nothing. It clears by itself
     * when its cause goes (InterlockStage); a later trip with the same cause, sensor and loop
     * escalates the same alarm to critical.
     */
    public void warn(AlarmCause why, int sensorIndex, int loopIndex, double measured, double level, long boardTicks) {
        alarms.raise(why, Severity.SEVERITY_WARNING, sensorIndex, loopIndex, measured, level, boardTicks);
    }

    /** Latches without a new alarm: for a restart that found uncleared critical alarms in the journal. */
    public void latchRestored(AlarmCause why, int sensorIndex, long boardTicks) {
        if (state == InterlockState.INTERLOCK_ARMED) {
            state = InterlockState.INTERLOCK_TRIPPED;
            cause = why;
            stageIndex = sensorIndex;
            tripTicks = boardTicks;
            tripCount++;
            safeStateReached = safeState.apply();
        }
    }

    /**
     * A ring stage threw: the one trip path with cause STAGE_FAILED, the stage and the exception
     * in the alarm's message. The failure path allocates (the message); the control path does not.
     */
    public void stageFailed(String stage, Throwable error, long boardTicks) {
        stageFailures++;
        String what = error.getClass().getName() + (error.getMessage() == null ? "" : ": " + error.getMessage());
        StackTraceElement[] at = error.getStackTrace();
        trip(AlarmCause.STAGE_FAILED, -1, -1, stageFailures, 0, boardTicks,
                "stage " + stage + " threw " + what + (at.length > 0 ? " at " + at[0] : ""));
    }

    /**
     * Re-arms when no critical alarm is left. Called only for an operator's acknowledgement:
     * nothing else re-arms the latch. @return true when it re-armed now
     */
    public boolean rearmIfClear() {
        if (state != InterlockState.INTERLOCK_ARMED && !alarms.anyCritical()) {
            unrecordedTrips = 0;
            state = InterlockState.INTERLOCK_ARMED;
            cause = AlarmCause.ALARM_CAUSE_UNSPECIFIED;
            stageIndex = -1;
            return true;
        }
        return false;
    }

    public boolean tripped() {
        return state != InterlockState.INTERLOCK_ARMED;
    }

    public InterlockState state() {
        return state;
    }

    public AlarmCause cause() {
        return cause;
    }

    public int stageIndex() {
        return stageIndex;
    }

    public double value() {
        return value;
    }

    public double limit() {
        return limit;
    }

    public long tripTicks() {
        return tripTicks;
    }

    public long tripCount() {
        return tripCount;
    }

    /** Trips since the last re-arm that the full alarm set could not record. */
    public long unrecordedTrips() {
        return unrecordedTrips;
    }

    /** Ring stages that threw since start. */
    public long stageFailures() {
        return stageFailures;
    }

    /** The safe-state sequence the trip path drives (its {@code failures()} name the steps that did not reach the board). */
    public SafeState safeState() {
        return safeState;
    }

    public boolean safeStateReached() {
        return safeStateReached;
    }

    public AlarmSet alarms() {
        return alarms;
    }
}
