package cryo.sim.scenario.expect;

import cryo.hal.device.StageId;
import java.util.List;

/**
 * What a scenario run produced, as far as expectations look at it: plain figures, so judging
 * needs no simulator (a test builds one by hand).
 *
 * @param simulatedSeconds how long the run lasted in virtual time
 * @param stages           per stage its true and read temperatures
 * @param trips            interlock trips in time order
 * @param alarms           every alarm of the run (trips, warnings, loop faults, board fault flags) in time order
 */
public record RunOutcome(double simulatedSeconds, List<StageFigures> stages, List<Trip> trips, List<Alarm> alarms) {

    public RunOutcome {
        stages = List.copyOf(stages);
        trips = List.copyOf(trips);
        alarms = List.copyOf(alarms);
    }

    /**
     * One stage over the whole run: the plant's true temperature, and what the controller read
     * (its loop's measurement; NaN on a stage the controller runs no loop on).
     */
    public record StageFigures(StageId stage, double trueMinKelvin, double trueMaxKelvin, double trueFinalKelvin,
                               double readMinKelvin, double readMaxKelvin, double readFinalKelvin) {
    }

    /**
     * An interlock trip.
     *
     * @param seconds          board time of the trip
     * @param cause            {@code cryo.v1.AlarmCause} name
     * @param stageId          stage it was on, or "" when it names none (a bus or board fault)
     * @param safeStateSeconds board time every heater first delivered 0 W after it, NaN if never
     */
    public record Trip(double seconds, String cause, String stageId, double safeStateSeconds) {
        /** "HEATER_OPEN on mxc at 1801 s". */
        public String describe() {
            return cause + (stageId.isEmpty() ? "" : " on " + stageId) + " at " + Expectation.seconds(seconds) + " s";
        }
    }

    /** An alarm: its kind (interlock-trip, warning, loop-fault, board-fault) and its one line. */
    public record Alarm(double seconds, String kind, String text) {
    }

    /** The figures of {@code stage}, or null when the run had no such stage. */
    public StageFigures stage(StageId stage) {
        for (StageFigures f : stages) {
            if (f.stage() == stage) {
                return f;
            }
        }
        return null;
    }
}
