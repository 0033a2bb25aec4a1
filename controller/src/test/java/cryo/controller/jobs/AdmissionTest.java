package cryo.controller.jobs;

import static cryo.controller.jobs.Admission.Verdict.ADMIT;
import static cryo.controller.jobs.Admission.Verdict.COOLDOWN;
import static cryo.controller.jobs.Admission.Verdict.INTERLOCK_TRIPPED;
import static cryo.controller.jobs.Admission.Verdict.MXC_NO_READING;
import static cryo.controller.jobs.Admission.Verdict.MXC_OUT_OF_BAND;
import static cryo.controller.jobs.Admission.Verdict.OVER_BUDGET;
import static cryo.controller.jobs.Admission.Verdict.SEQUENCER_BUSY;
import static cryo.controller.jobs.SchedulerPolicy.FIFO;
import static cryo.controller.jobs.SchedulerPolicy.THERMAL;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The thermal scheduler's decision, pure: measured state and board time in, verdict out. */
class AdmissionTest {
    private static final double SETPOINT = 0.020;
    private static final double BAND = 0.010;
    private static final double STATIC = 2e-3;
    private static final double BUDGET = 10e-3;
    private static final long NOW = 1_000_000_000_000L;

    private static Admission.Verdict thermal(double mxcKelvin, double runningWatts, double candidateWatts, long cooldownUntil) {
        return Admission.decide(THERMAL, false, false, mxcKelvin, SETPOINT, BAND, runningWatts, candidateWatts, STATIC, BUDGET,
                cooldownUntil, NOW);
    }

    @Test
    void aJobStartsWhenTheMixingChamberIsInBandTheLoadFitsAndNoCooldownIsLeft() {
        assertEquals(ADMIT, thermal(0.021, 0, 6e-3, 0));
        assertEquals(ADMIT, thermal(SETPOINT + BAND, 0, BUDGET, NOW), "the band's edge and the budget itself are inside; the reservation ends at its tick");
    }

    @Test
    void theMixingChamberOutsideItsBandOrUnreadHoldsTheQueue() {
        assertEquals(MXC_OUT_OF_BAND, thermal(SETPOINT + BAND + 1e-6, 0, 3e-3, 0));
        assertEquals(MXC_OUT_OF_BAND, thermal(SETPOINT - BAND - 1e-6, 0, 3e-3, 0), "below the band too");
        assertEquals(MXC_NO_READING, thermal(Double.NaN, 0, 3e-3, 0));
    }

    @Test
    void aMixingChamberLoopThatDoesNotRegulateHoldsTheQueue() {
        assertEquals(Admission.Verdict.MXC_NOT_REGULATED,
                Admission.decide(THERMAL, false, false, SETPOINT, Double.NaN, BAND, 0, 3e-3, STATIC, BUDGET, 0, NOW));
    }

    @Test
    void withoutALoopOnTheMixingChamberThereIsNoBandToJudge() {
        assertEquals(ADMIT, Admission.decide(THERMAL, false, false, 4.0, Double.NaN, Double.NaN, 0, 3e-3, STATIC, BUDGET, 0, NOW));
    }

    @Test
    void thePredicted4KLoadCountsTheRunningJobsAndTheStaticPartOnce() {
        assertEquals(OVER_BUDGET, thermal(SETPOINT, 0, 10.5e-3, 0), "alone over the budget");
        assertEquals(OVER_BUDGET, thermal(SETPOINT, 7e-3, 6e-3, 0), "7 + 6 - 2 static = 11 mW");
        assertEquals(ADMIT, thermal(SETPOINT, 5e-3, 6e-3, 0), "5 + 6 - 2 = 9 mW");
        assertEquals(9e-3, Admission.predictedLoadWatts(5e-3, 6e-3, STATIC), 1e-15);
        assertEquals(6e-3, Admission.predictedLoadWatts(0, 6e-3, STATIC), 1e-15);
    }

    @Test
    void aCooldownReservationHoldsTheQueueUntilItsTick() {
        assertEquals(COOLDOWN, thermal(SETPOINT, 0, 3e-3, NOW + 1));
    }

    @Test
    void nothingStartsWhileTheInterlockIsTrippedUnderEitherPolicy() {
        assertEquals(INTERLOCK_TRIPPED, Admission.decide(THERMAL, true, false, SETPOINT, SETPOINT, BAND, 0, 3e-3, STATIC, BUDGET, 0, NOW));
        assertEquals(INTERLOCK_TRIPPED, Admission.decide(FIFO, true, false, SETPOINT, SETPOINT, BAND, 0, 3e-3, STATIC, BUDGET, 0, NOW));
    }

    @Test
    void aBusySequencerHoldsBoth() {
        assertEquals(SEQUENCER_BUSY, Admission.decide(FIFO, false, true, SETPOINT, SETPOINT, BAND, 0, 3e-3, STATIC, BUDGET, 0, NOW));
        assertEquals(SEQUENCER_BUSY, Admission.decide(THERMAL, false, true, SETPOINT, SETPOINT, BAND, 0, 3e-3, STATIC, BUDGET, 0, NOW));
    }

    @Test
    void fifoIgnoresTheFridge() {
        assertEquals(ADMIT, Admission.decide(FIFO, false, false, 0.5, SETPOINT, BAND, 9e-3, 9e-3, STATIC, BUDGET, NOW + 100, NOW));
    }

    private static Admission.Verdict withRise(double mxcKelvin, double riseKelvin) {
        return Admission.decide(THERMAL, false, false, mxcKelvin, SETPOINT, BAND, riseKelvin, 0, 3e-3, STATIC, BUDGET, 0, NOW);
    }

    @Test
    void aJobStartsOnlyWhenItsExpectedRiseFitsTheRoomLeftInTheBand() {
        // 90 % of the 10 mK band may be planned: 9 mK
        assertEquals(ADMIT, withRise(SETPOINT + 4e-3, 5e-3), "4 + 5 = 9 mK");
        assertEquals(Admission.Verdict.MXC_NO_HEADROOM, withRise(SETPOINT + 4.1e-3, 5e-3), "4.1 + 5 > 9 mK");
        assertEquals(ADMIT, withRise(SETPOINT - 3e-3, 9e-3), "below setpoint counts as at setpoint");
        assertEquals(ADMIT, withRise(SETPOINT + 9.9e-3, 0), "nothing expected: in band is enough");
        assertEquals(ADMIT, withRise(SETPOINT, 12e-3), "a rise beyond the band still starts from setpoint: never starved");
        assertEquals(Admission.Verdict.MXC_NO_HEADROOM, withRise(SETPOINT + 0.1e-3, 12e-3), "... but only from there");
        assertEquals(ADMIT, Admission.decide(FIFO, false, false, SETPOINT + 9e-3, SETPOINT, BAND, 8e-3, 0, 3e-3, STATIC, BUDGET, 0, NOW),
                "FIFO does not look");
    }

    @Test
    void theRiseIsLearnedPerKindErringHigh() {
        HeadroomModel m = new HeadroomModel(0.05);
        assertEquals(0.01, m.riseKelvin("heavy", 0.2), 1e-12, "prior: 0.05 K/J x 0.2 J");
        m.learn("heavy", 8e-3);
        assertEquals(8e-3, m.riseKelvin("heavy", 0.2), 1e-12, "measured replaces the prior");
        m.learn("heavy", 6e-3);
        assertEquals(7e-3, m.riseKelvin("heavy", 0.2), 1e-12, "a lower rise counts half");
        m.learn("heavy", 9e-3);
        assertEquals(9e-3, m.riseKelvin("heavy", 0.2), 1e-12, "a higher one whole");
        m.learn("heavy", -1e-3);
        assertEquals(4.5e-3, m.riseKelvin("heavy", 0.2), 1e-12, "a fall counts as no rise");
        assertEquals(0.002, m.riseKelvin("light", 0.04), 1e-12, "other kinds keep their prior");
    }
}
