package cryo.sim.scenario;

import cryo.sim.fault.FaultInjector;
import java.util.function.Consumer;

/**
 * Plays a scenario's faults and commands as simulated time passes: {@link #advanceTo} injects
 * (and later clears) every fault that has come due and hands every due command to the sink (the
 * controller side turns them into operator commands). Events at the same time keep file order.
 */
public final class ScenarioTimeline {
    private final Scenario scenario;
    private final FaultInjector injector;
    private final boolean[] cleared;
    private int nextCommand;
    private int nextFault;

    public ScenarioTimeline(Scenario scenario, FaultInjector injector) {
        this.scenario = scenario;
        this.injector = injector;
        this.cleared = new boolean[scenario.faults().size()];
    }

    /** Applies everything due at or before {@code seconds}. */
    public void advanceTo(double seconds, Consumer<ScenarioCommand> commands) {
        var fs = scenario.faults();
        while (nextFault < fs.size() && fs.get(nextFault).atSeconds() <= seconds) {
            ScenarioFault f = fs.get(nextFault++);
            if (f.channel() >= 0) {
                injector.rampChannel(f.kind(), f.channel(), f.value(), f.rampSeconds());
            } else {
                injector.ramp(f.kind(), f.stage(), f.value(), f.rampSeconds());
            }
        }
        for (int i = 0; i < nextFault; i++) {
            ScenarioFault f = fs.get(i);
            if (!cleared[i] && f.clearAtSeconds() <= seconds) { // NaN compares false: never cleared
                cleared[i] = true;
                if (f.channel() >= 0) {
                    injector.clearChannel(f.kind(), f.channel(), f.clearRampSeconds());
                } else {
                    injector.clear(f.kind(), f.stage(), f.clearRampSeconds());
                }
            }
        }
        var cs = scenario.commands();
        while (nextCommand < cs.size() && cs.get(nextCommand).atSeconds() <= seconds) {
            commands.accept(cs.get(nextCommand++));
        }
    }
}
