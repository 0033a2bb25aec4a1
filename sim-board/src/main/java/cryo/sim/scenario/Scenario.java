package cryo.sim.scenario;

import cryo.hal.device.StageId;
import cryo.sim.plant.PlantParameters;
import cryo.sim.scenario.expect.Expectation;
import java.util.List;
import java.util.Map;

/**
 * A checked scenario: what {@link ScenarioLoader} returns once every field is valid.
 *
 * @param name                scenario name
 * @param source              file or resource it came from
 * @param description         free text
 * @param durationSeconds     simulated time to run
 * @param controlTickSeconds  controller tick (and lock-step plant step) the file asks for, or NaN: the
 *                            controller configuration's tick ({@link #tickSeconds})
 * @param traceIntervalSeconds one trace row every this many simulated seconds, or NaN: the default
 *                            ({@link #traceIntervalSeconds(double)})
 * @param plant               plant figures (defaults plus the file's overrides)
 * @param initialState        "room" (everything at room temperature) or "base" (cooled down)
 * @param initialStillWatts   still heater the base state was cooled with
 * @param initialKelvin       per-stage temperature overrides of the initial state
 * @param commands            operator commands, in time order
 * @param faults              faults, in time order
 * @param expectations        what the run must show ({@code expect:}; empty when the file states none)
 */
public record Scenario(String name, String source, String description, double durationSeconds,
                       double controlTickSeconds, double traceIntervalSeconds, PlantParameters plant,
                       String initialState, double initialStillWatts, Map<StageId, Double> initialKelvin,
                       List<ScenarioCommand> commands, List<ScenarioFault> faults, List<Expectation> expectations) {
    public static final String ROOM = "room";
    public static final String BASE = "base";

    /** A scenario without expectations. */
    public Scenario(String name, String source, String description, double durationSeconds,
                    double controlTickSeconds, double traceIntervalSeconds, PlantParameters plant,
                    String initialState, double initialStillWatts, Map<StageId, Double> initialKelvin,
                    List<ScenarioCommand> commands, List<ScenarioFault> faults) {
        this(name, source, description, durationSeconds, controlTickSeconds, traceIntervalSeconds, plant, initialState,
                initialStillWatts, initialKelvin, commands, faults, List.of());
    }

    /** The tick a run uses: the file's control_tick_s, else the configuration's tick. */
    public double tickSeconds(double configTickSeconds) {
        return Double.isNaN(controlTickSeconds) ? configTickSeconds : controlTickSeconds;
    }

    /** The trace interval of a run at {@code tickSeconds}: the file's, else about 4000 rows, never below a tick. */
    public double traceIntervalSeconds(double tickSeconds) {
        return Math.max(tickSeconds, Double.isNaN(traceIntervalSeconds) ? durationSeconds / 4000.0 : traceIntervalSeconds);
    }
}
