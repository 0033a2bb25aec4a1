package cryo.sim.scenario.expect;

/**
 * One expectation judged against one run.
 *
 * @param expectation the expectation as written ("first_trip: HEATER_OPEN on mxc within 5 s of 1800 s")
 * @param passed      whether the run met it
 * @param seen        what the run showed ("HEATER_OPEN on mxc at 1801 s (1 s after 1800 s)")
 * @param line        its line in the scenario file
 */
public record Verdict(String expectation, boolean passed, String seen, int line) {
    @Override
    public String toString() {
        return (passed ? "ok " : "FAILED ") + expectation + " (line " + line + "): seen " + seen;
    }
}
