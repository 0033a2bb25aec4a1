package cryo.controller.interlock;

import cryo.controller.board.SafeState;
import cryo.v1.AlarmCause;
import cryo.v1.InterlockState;

/**
 * The latch and the one trip path (as Klipper's invoke_shutdown): every detector calls
 * {@link #trip}, which latches the first cause and drives the safe state at once. Heaters stay
 * off until an operator acknowledges and the cause is gone. Ring thread only; the single writer
 * of the interlock state.
 */
public final class Interlock {
    private final SafeState safeState;
    private InterlockState state = InterlockState.INTERLOCK_ARMED;
    private AlarmCause cause = AlarmCause.ALARM_CAUSE_UNSPECIFIED;
    private int stageIndex = -1;
    private double value;
    private double limit;
    private long tripTicks;
    private long tripCount;
    private boolean safeStateReached;

    public Interlock(SafeState safeState) {
        this.safeState = safeState;
    }

    /** Latches a trip (the first cause wins while latched) and drives the safe state. */
    public void trip(AlarmCause why, int sensorIndex, double measured, double crossedLimit, long boardTicks) {
        if (state == InterlockState.INTERLOCK_ARMED) {
            state = InterlockState.INTERLOCK_TRIPPED;
            cause = why;
            stageIndex = sensorIndex;
            value = measured;
            limit = crossedLimit;
            tripTicks = boardTicks;
            tripCount++;
        }
        // re-driven on every trip call: a safe state that did not reach the board is retried
        safeStateReached = safeState.apply();
    }

    /**
     * Operator acknowledgement. Re-arms only when the cause is gone; otherwise remembers the
     * acknowledgement and re-arms when the cause clears.
     *
     * @return null when accepted, else the reason for refusal
     */
    public String acknowledge(boolean causePresent) {
        if (state == InterlockState.INTERLOCK_ARMED) {
            return "interlock is not tripped";
        }
        if (causePresent) {
            state = InterlockState.INTERLOCK_TRIPPED_ACKNOWLEDGED;
            return "cause " + cause + " still present: acknowledged, re-arms when it clears";
        }
        rearm();
        return null;
    }

    /** Called each tick with whether the latched cause is still present. */
    public void causeUpdate(boolean causePresent) {
        if (state == InterlockState.INTERLOCK_TRIPPED_ACKNOWLEDGED && !causePresent) {
            rearm();
        }
    }

    private void rearm() {
        state = InterlockState.INTERLOCK_ARMED;
        cause = AlarmCause.ALARM_CAUSE_UNSPECIFIED;
        stageIndex = -1;
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

    public boolean safeStateReached() {
        return safeStateReached;
    }
}
