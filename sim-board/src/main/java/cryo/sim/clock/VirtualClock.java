package cryo.sim.clock;

import cryo.hal.device.BoardClock;

/**
 * Virtual board time, advanced only by the simulation. Reads are safe from any thread (volatile);
 * only the simulation's stepping thread advances it.
 */
public final class VirtualClock implements BoardClock {
    private volatile long ticks;

    public VirtualClock(long startTicks) {
        this.ticks = startTicks;
    }

    @Override
    public long nowTicks() {
        return ticks;
    }

    /** Moves time forward; called by the one stepping thread. */
    public void advanceTicks(long dtTicks) {
        if (dtTicks < 0) {
            throw new IllegalArgumentException("time cannot run backwards: dtTicks=" + dtTicks);
        }
        ticks = ticks + dtTicks;
    }
}
