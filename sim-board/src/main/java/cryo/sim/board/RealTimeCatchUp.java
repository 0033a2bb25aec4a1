package cryo.sim.board;

import cryo.hal.device.BoardClock;

/**
 * Where the simulation stands against the board's clock, and when conversions fall due. In
 * lock-step mode the clock is stepped with the simulation, and a conversion falls due each time
 * a sample interval of steps has accumulated. In real-time mode ({@link #runFree}) the clock runs
 * free and the simulation catches up to it in steps of at most {@link #stepTicks}, each ending no
 * later than the next conversion, so conversions lie on the board's own grid of sample intervals
 * however late the simulation thread is.
 *
 * <p>Thread contract: called by {@link SimulatedBoard} under its lock only. No allocation.
 */
final class RealTimeCatchUp {
    private final double sampleIntervalSeconds;
    /** Board time firmware and plant have been simulated up to (== the clock in lock-step). */
    private long simulatedTicks;
    /** Real-time mode: the longest simulation step, board ticks (0 in lock-step mode). */
    private long stepTicks;
    private long nextSampleTicks;
    private long sampleIntervalTicks;
    /** Lock-step mode: simulated time since the last conversion. */
    private double sinceSampleSeconds;

    RealTimeCatchUp(long startTicks, double sampleIntervalSeconds) {
        if (!(sampleIntervalSeconds > 0)) {
            throw new IllegalArgumentException("sampleIntervalSeconds must be > 0");
        }
        this.simulatedTicks = startTicks;
        this.sampleIntervalSeconds = sampleIntervalSeconds;
    }

    /** Switches to real-time mode: steps of at most {@code maxStepTicks}, never past a conversion. */
    void runFree(long maxStepTicks) {
        if (maxStepTicks <= 0) {
            throw new IllegalArgumentException("stepTicks must be > 0, was " + maxStepTicks);
        }
        sampleIntervalTicks = Math.max(1, BoardClock.fromSeconds(sampleIntervalSeconds));
        stepTicks = Math.min(maxStepTicks, sampleIntervalTicks);
        nextSampleTicks = simulatedTicks + Math.max(1, sampleIntervalTicks - BoardClock.fromSeconds(sinceSampleSeconds));
    }

    boolean freeRunning() {
        return stepTicks > 0;
    }

    long simulatedTicks() {
        return simulatedTicks;
    }

    long stepTicks() {
        return stepTicks;
    }

    /** Where the next real-time step toward {@code target} ends: one step at most, and no later than a conversion. */
    long nextStepEnd(long target) {
        return Math.min(Math.min(target, simulatedTicks + stepTicks), nextSampleTicks);
    }

    /** Whether the host, finding the clock at {@code nowTicks}, must catch the simulation up itself (half a conversion late). */
    boolean hostMustCatchUp(long nowTicks) {
        return nowTicks - simulatedTicks >= Math.max(stepTicks, sampleIntervalTicks / 2);
    }

    /** Whether the simulation is at least a step behind {@code nowTicks}. */
    boolean stepBehind(long nowTicks) {
        return nowTicks - simulatedTicks >= stepTicks;
    }

    /** Records a simulated step ending at {@code nowTicks}; returns whether a conversion falls due at its end. */
    boolean stepped(long nowTicks, double dtSeconds) {
        simulatedTicks = nowTicks;
        if (stepTicks > 0) {
            if (nowTicks >= nextSampleTicks) {
                nextSampleTicks += sampleIntervalTicks;
                return true;
            }
            return false;
        }
        if ((sinceSampleSeconds += dtSeconds) >= sampleIntervalSeconds - 1e-12) {
            sinceSampleSeconds = 0;
            return true;
        }
        return false;
    }
}
