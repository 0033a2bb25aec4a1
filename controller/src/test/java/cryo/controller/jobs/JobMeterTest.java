package cryo.controller.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Per-job measurement (peaks, recovery with a settle time, time-out) and the learned cooldown. Pure. */
class JobMeterTest {
    private static final long S = 1_000_000_000L;

    @Test
    void peaksAreAboveTheStartReferenceAndRecoveryRunsToTheStartOfTheSettledStretch() {
        JobMeter m = new JobMeter(10 * S, 600 * S);
        JobRecord r = JobQueueTest.job("a", 1);
        m.begin(r, 0.020, 3.0);
        assertFalse(m.observe(r, 0.021, 3.01, true, false, 1 * S));
        assertFalse(m.observe(r, 0.019, 3.05, true, false, 2 * S));
        r.endedTicks = 3 * S; // the job ends
        assertFalse(m.observe(r, 0.035, 3.02, false, true, 4 * S), "out of band after the end");
        assertFalse(m.observe(r, 0.025, 3.0, true, true, 6 * S), "back in band at 6 s");
        assertFalse(m.observe(r, 0.031, 3.0, false, true, 8 * S), "out again: the stretch restarts");
        assertFalse(m.observe(r, 0.024, 3.0, true, true, 9 * S));
        assertFalse(m.observe(r, 0.022, 3.0, true, true, 18 * S));
        assertTrue(m.observe(r, 0.021, 3.0, true, true, 19 * S), "10 s in band since 9 s");
        assertTrue(r.recovered());
        assertEquals(6.0, r.recoverySeconds(), 1e-9, "from the end (3 s) to the settled stretch's start (9 s)");
        assertEquals(0.015, r.mxcPeakExcursionKelvin(), 1e-12);
        assertEquals(0.05, r.platePeakExcursionKelvin(), 1e-12);
        assertFalse(r.measuring());
        assertFalse(m.observe(r, 0.5, 4.0, false, true, 20 * S), "nothing after the measurement finished");
        assertEquals(0.015, r.mxcPeakExcursionKelvin(), 1e-12);
    }

    @Test
    void aJobThatNeverRecoversIsGivenUpAtTheTimeout() {
        JobMeter m = new JobMeter(10 * S, 60 * S);
        JobRecord r = JobQueueTest.job("a", 1);
        m.begin(r, 0.020, Double.NaN);
        r.endedTicks = 0;
        assertFalse(m.observe(r, 0.05, Double.NaN, false, true, 59 * S));
        assertTrue(m.observe(r, 0.05, Double.NaN, false, true, 60 * S));
        assertFalse(r.recovered());
        assertTrue(Double.isNaN(r.recoverySeconds()));
        assertEquals(0.0, r.platePeakExcursionKelvin(), "no 4 K plate reading: no excursion measured");
    }

    @Test
    void theCooldownStartsFromThePriorOnTheDeclaredHeatAndLearnsPerKind() {
        CooldownModel c = new CooldownModel(300);
        assertEquals(30.0, c.reservationSeconds("rabi", 0.05, 0.1), 1e-9, "prior x declared 0.1 J");
        assertEquals(15.0, c.reservationSeconds("rabi", 0.05, Double.NaN), 1e-9, "prior x the energy when none was declared");
        c.learn("rabi", 20, 0.1); // 200 s/J measured
        assertEquals(200.0, c.secondsPerJoule("rabi"), 1e-9);
        assertEquals(10.0, c.reservationSeconds("rabi", 0.05, 0.1), 1e-9, "measured figure replaces the prior");
        c.learn("rabi", 10, 0.1); // 100 s/J: the newest weighs half
        assertEquals(150.0, c.secondsPerJoule("rabi"), 1e-9);
        assertEquals(2, c.samples("rabi"));
        assertTrue(Double.isNaN(c.secondsPerJoule("t1")), "another kind learned nothing");
        c.learn("t1", 10, 0);
        assertEquals(0, c.samples("t1"), "no heat: nothing to scale by");
    }
}
