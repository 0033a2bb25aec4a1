package cryo.sim.scenario.expect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cryo.hal.device.StageId;
import cryo.sim.scenario.Scenario;
import cryo.sim.scenario.ScenarioException;
import cryo.sim.scenario.ScenarioLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code expect:} block as the scenario loader reads it: what it becomes, and one line for every bad field. */
class ExpectationParserTest {
    private static final String HEAD = String.join("\n",
            "name: t",
            "duration_h: 2",
            "initial: {state: base}",
            "faults:",
            "  - {at_s: 1800, fault: heater-open, stage: mxc}",
            "");

    private static Scenario load(String expect) throws ScenarioException {
        return ScenarioLoader.loadString("t.yaml", HEAD + expect);
    }

    private static String bad(String expect) {
        return assertThrows(ScenarioException.class, () -> load(expect)).getMessage();
    }

    @Test
    void everyKeyBecomesAnExpectationInFileOrder() throws Exception {
        Scenario s = load(String.join("\n",
                "expect:",
                "  first_trip: {cause: HEATER_OPEN, stage: mxc, within_s: 5}",
                "  heaters_zero_within_s: 2",
                "  no_alarms: true",
                "  max_k: {mxc: 0.035, 4k: [3, 4.5]}",
                "  read_final_k: {mxc: [0.025, 0.035]}",
                "  min_k: {still: 0.5}",
                ""));
        List<Expectation> e = s.expectations();
        assertEquals(List.of(
                "first_trip: HEATER_OPEN on mxc within 5 s of the first fault (1800 s)",
                "heaters_zero_within_s: 2",
                "no_alarms",
                "max_k.mxc <= 35.00 mK",
                "max_k.4k in [3.000 K, 4.500 K]",
                "read_final_k.mxc in [25.00 mK, 35.00 mK]",
                "min_k.still <= 500.0 mK"), e.stream().map(Expectation::text).toList());
        assertEquals(7, e.get(0).line());
        assertEquals(new Expectation.Bound(Expectation.Figure.MAX, false, StageId.PLATE_4K, 3, 4.5, 10), e.get(4));
    }

    @Test
    void firstTripCountsFromAfterSWhenGivenElseFromTheStartWithoutFaults() throws Exception {
        var t = (Expectation.FirstTrip) load("expect: {first_trip: {cause: HEATUP_FAILED, after_s: 3600, within_s: 200}}\n").expectations().get(0);
        assertEquals(3600, t.fromSeconds());
        var noFault = (Expectation.FirstTrip) ScenarioLoader.loadString("t.yaml",
                "duration_h: 1\nexpect: {first_trip: {cause: COOLING_LOSS}}\n").expectations().get(0);
        assertEquals(0, noFault.fromSeconds());
        assertEquals("first_trip: COOLING_LOSS", noFault.text());
    }

    @Test
    void aScenarioWithoutExpectHasNone() throws Exception {
        assertEquals(List.of(), load("").expectations());
    }

    @Test
    void badExpectationsAreOneLineNamingFileLineAndField() {
        assertEquals("t.yaml:7: expect.no_trips: unknown key (expected one of final_k, first_trip, heaters_zero_within_s, max_k, min_k, "
                + "no_alarms, no_trip, read_final_k, read_max_k, read_min_k)", bad("expect:\n  no_trips: true\n"));
        assertEquals("t.yaml:7: expect.no_trip: 'false': only true (leave the key out to expect nothing)", bad("expect:\n  no_trip: false\n"));
        assertEquals("t.yaml:7: expect.no_trip: give no_trip or first_trip, not both",
                bad("expect:\n  no_trip: true\n  first_trip: {cause: HEATER_OPEN}\n"));
        assertEquals("t.yaml:7: expect.first_trip.cause: required (an AlarmCause name, e.g. HEATER_OPEN)",
                bad("expect:\n  first_trip: {stage: mxc}\n"));
        String cause = bad("expect:\n  first_trip: {cause: HEATER_OPENED}\n");
        assertEquals("t.yaml:7: expect.first_trip.cause: 'HEATER_OPENED' is not an alarm cause (", cause.substring(0, cause.indexOf('(') + 1));
        assertEquals("t.yaml:7: expect.first_trip.stage: unknown stage 'mk': expected one of 50k, 4k, still, cold-plate, mxc, sample",
                bad("expect:\n  first_trip: {cause: HEATER_OPEN, stage: mk}\n"));
        assertEquals("t.yaml:7: expect.first_trip.within_s: -1.0 outside 0.0..7200.0",
                bad("expect:\n  first_trip: {cause: HEATER_OPEN, within_s: -1}\n"));
        assertEquals("t.yaml:8: expect.max_k.mxc: 'hot' is not a number", bad("expect:\n  max_k:\n    mxc: hot\n"));
        assertEquals("t.yaml:8: expect.final_k.mxc: low 0.04 K is above high 0.03 K", bad("expect:\n  final_k:\n    mxc: [0.04, 0.03]\n"));
        assertEquals("t.yaml:7: expect.max_k.mxc: give one number (an upper bound) or [low, high], not 3 numbers",
                bad("expect:\n  max_k: {mxc: [1, 2, 3]}\n"));
        assertEquals("t.yaml:8: expect.read_max_k.sample: this plant has no sample stage (stage.sample.copper_kg is 0)",
                bad("plant: {stage.sample.copper_kg: 0}\nexpect:\n  read_max_k: {sample: 1}\n"));
        assertEquals("t.yaml:7: expect.heaters_zero_within_s: 'soon' is not a number", bad("expect:\n  heaters_zero_within_s: soon\n"));
        assertEquals("t.yaml:6: expect: empty: give at least one of final_k, first_trip, heaters_zero_within_s, max_k, min_k, "
                + "no_alarms, no_trip, read_final_k, read_max_k, read_min_k", bad("expect: {}\n"));
        assertEquals("t.yaml:6: expect: expected a mapping (key: value lines)", bad("expect: [no_trip]\n"));
    }
}
