package cryo.sim.scenario.expect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.device.StageId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Judging is pure: a hand-made run outcome in, verdicts (expectation, passed, value seen) out; no simulator. */
class ExpectationJudgeTest {
    private static final RunOutcome.StageFigures MXC = new RunOutcome.StageFigures(StageId.MXC, 0.0121, 0.0325, 0.0301,
            0.0119, 0.0331, 0.0299);
    private static final RunOutcome.StageFigures COLD_PLATE = new RunOutcome.StageFigures(StageId.COLD_PLATE, 0.06, 0.07, 0.065,
            Double.NaN, Double.NaN, Double.NaN);
    private static final RunOutcome QUIET = new RunOutcome(7200, List.of(MXC, COLD_PLATE), List.of(), List.of());
    private static final RunOutcome TRIPPED = new RunOutcome(7200, List.of(MXC, COLD_PLATE),
            List.of(new RunOutcome.Trip(1801, "HEATER_OPEN", "mxc", 1801)),
            List.of(new RunOutcome.Alarm(1801, "interlock-trip", "HEATER_OPEN on mxc: 0 W (limit 1e-06 W)")));

    private static Verdict one(Expectation e, RunOutcome run) {
        List<Verdict> v = Expectation.judgeAll(List.of(e), run);
        assertEquals(1, v.size());
        return v.get(0);
    }

    @Test
    void noTripAndNoAlarmsSayWhatHappenedInstead() {
        assertEquals(new Verdict("no_trip", true, "no trip", 3), one(new Expectation.NoTrip(3), QUIET));
        assertEquals(new Verdict("no_trip", false, "1 trip, first HEATER_OPEN on mxc at 1801 s", 3), one(new Expectation.NoTrip(3), TRIPPED));
        assertEquals(new Verdict("no_alarms", true, "no alarm", 4), one(new Expectation.NoAlarms(4), QUIET));
        assertEquals(new Verdict("no_alarms", false, "1 alarm, first at 1801 s: interlock-trip: HEATER_OPEN on mxc: 0 W (limit 1e-06 W)", 4),
                one(new Expectation.NoAlarms(4), TRIPPED));
    }

    @Test
    void firstTripNeedsTheCauseTheStageAndTheDeadline() {
        Expectation ok = new Expectation.FirstTrip("HEATER_OPEN", "mxc", 5, 1800, "the first fault", 7);
        Verdict v = one(ok, TRIPPED);
        assertTrue(v.passed(), v.toString());
        assertEquals("HEATER_OPEN on mxc at 1801 s (1 s after 1800 s)", v.seen());
        assertEquals("first_trip: HEATER_OPEN on mxc within 5 s of the first fault (1800 s)", v.expectation());

        assertFalse(one(new Expectation.FirstTrip("HEATER_SHORT", "mxc", 5, 1800, "the first fault", 7), TRIPPED).passed(), "wrong cause");
        assertFalse(one(new Expectation.FirstTrip("HEATER_OPEN", "still", 5, 1800, "the first fault", 7), TRIPPED).passed(), "wrong stage");
        assertFalse(one(new Expectation.FirstTrip("HEATER_OPEN", "mxc", 0.5, 1800, "the first fault", 7), TRIPPED).passed(), "too late");
        assertFalse(one(new Expectation.FirstTrip("HEATER_OPEN", "mxc", 5, 1900, "after_s", 7), TRIPPED).passed(), "before the fault");
        assertTrue(one(new Expectation.FirstTrip("HEATER_OPEN", null, Double.NaN, 0, "the start", 7), TRIPPED).passed(), "any stage, any time");
        assertEquals(new Verdict("first_trip: HEATER_OPEN", false, "no trip", 7),
                one(new Expectation.FirstTrip("HEATER_OPEN", null, Double.NaN, 0, "the start", 7), QUIET));
    }

    @Test
    void heatersAtZeroWithinTheDeadlineOfEveryTrip() {
        Expectation e = new Expectation.HeatersZero(2, 9);
        assertEquals(new Verdict("heaters_zero_within_s: 2", true, "every heater at 0 W 0 s after the trip", 9), one(e, TRIPPED));
        assertEquals(new Verdict("heaters_zero_within_s: 2", true, "no trip", 9), one(e, QUIET));
        RunOutcome slow = new RunOutcome(7200, List.of(MXC), List.of(new RunOutcome.Trip(100, "STALE_DATA", "mxc", 103.5)), List.of());
        assertEquals(new Verdict("heaters_zero_within_s: 2", false, "after the trip STALE_DATA on mxc at 100 s every heater reached 0 W only 3.5 s later", 9),
                one(e, slow));
        RunOutcome never = new RunOutcome(7200, List.of(MXC), List.of(new RunOutcome.Trip(100, "BUS_CRC_RATE", "", Double.NaN)), List.of());
        assertEquals(new Verdict("heaters_zero_within_s: 2", false, "after the trip BUS_CRC_RATE at 100 s the heaters never all reached 0 W", 9),
                one(e, never));
    }

    @Test
    void boundsOnTheTrueTemperatureAndOnWhatTheControllerRead() {
        Expectation.Bound maxTrue = new Expectation.Bound(Expectation.Figure.MAX, false, StageId.MXC, Double.NEGATIVE_INFINITY, 0.033, 11);
        assertEquals(new Verdict("max_k.mxc <= 33.00 mK", true, "32.50 mK", 11), one(maxTrue, QUIET));
        Expectation.Bound maxRead = new Expectation.Bound(Expectation.Figure.MAX, true, StageId.MXC, Double.NEGATIVE_INFINITY, 0.033, 12);
        assertEquals(new Verdict("read_max_k.mxc <= 33.00 mK", false, "33.10 mK", 12), one(maxRead, QUIET));
        Expectation.Bound finalBand = new Expectation.Bound(Expectation.Figure.FINAL, false, StageId.MXC, 0.028, 0.032, 13);
        assertTrue(one(finalBand, QUIET).passed());
        Expectation.Bound minRead = new Expectation.Bound(Expectation.Figure.MIN, true, StageId.MXC, 0.012, 0.02, 14);
        assertEquals(new Verdict("read_min_k.mxc in [12.00 mK, 20.00 mK]", false, "11.90 mK", 14), one(minRead, QUIET));
        Expectation.Bound unread = new Expectation.Bound(Expectation.Figure.FINAL, true, StageId.COLD_PLATE, Double.NEGATIVE_INFINITY, 1, 15);
        assertEquals(new Verdict("read_final_k.cold-plate <= 1.000 K", false, "the controller read nothing on cold-plate (no loop on it)", 15),
                one(unread, QUIET));
        Expectation.Bound noStage = new Expectation.Bound(Expectation.Figure.MAX, false, StageId.SAMPLE, Double.NEGATIVE_INFINITY, 1, 16);
        assertEquals("no stage sample in this run", one(noStage, QUIET).seen());
    }
}
