package cryo.controller.heater;

import cryo.controller.config.PidOptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PidControllerTest {
    private static final long TICK = 100_000_000L; // 0.1 s
    private static final PidOptions OPTIONS = new PidOptions(0.5, 0.0, 1.0, 1e-4, 1e-3, 5.0);

    private static PidController pid(double kp, double ki, double kd, double max) {
        return new PidController(kp, ki, kd, max, OPTIONS);
    }

    /**
     * The mixing chamber at 33.8 mK against 30 mK with 1.82 µW on the heater and zone 3's gains on a
     * 1 s tick: one integration step (ki·e·dt = 76 µW) would take the output below zero, and
     * freezing that step held the heater at 1.82 µW for good. The output must reach zero.
     */
    @Test
    void theIntegratorWindsTheOutputDownToZeroWhenOneStepWouldOvershoot() {
        PidController pid = new PidController(0.0, 2e-2, 0.0, 1e-3, OPTIONS);
        pid.preset(1.82e-6);
        long t = 0;
        double out = Double.NaN;
        for (int i = 0; i < 600; i++) {
            t += 1_000_000_000L;
            out = pid.update(0.030, 0.0338, t);
        }
        assertEquals(0.0, out, 1e-12, "heater off above the setpoint");
        assertEquals(0.0, pid.integralWatts(), 1e-12, "integrated exactly to the edge, not past it");
        // back below the setpoint, the output comes up at once: nothing wound up below zero
        t += 1_000_000_000L;
        assertTrue(pid.update(0.030, 0.029, t) > 0);
    }

    /** The same at the ceiling: the output reaches its maximum, the integrator stops there. */
    @Test
    void theIntegratorWindsTheOutputUpToItsCeilingAndNoFurther() {
        PidController pid = new PidController(0.0, 1.0, 0.0, 1e-6, OPTIONS);
        long t = 0;
        for (int i = 0; i < 10; i++) {
            t += 1_000_000_000L;
            assertTrue(pid.update(0.030, 0.020, t) <= 1e-6);
        }
        assertEquals(1e-6, pid.lastOutputWatts(), 1e-15);
        assertEquals(1e-6, pid.integralWatts(), 1e-15);
    }

    @Test
    void constructorRefusesBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> pid(-1, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> pid(Double.NaN, 0, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> pid(1, Double.POSITIVE_INFINITY, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> pid(1, 0, -0.1, 1));
        assertThrows(IllegalArgumentException.class, () -> pid(1, 0, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> pid(1, 0, 0, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> new PidController(1, 0, 0, 1, null));
        assertThrows(IllegalArgumentException.class, () -> new PidOptions(-1, 0, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PidOptions(1, -1, 1, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PidOptions(1, 0, 0, 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PidOptions(1, 0, 1, 0, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new PidOptions(1, 0, 1, 1, Double.NaN, 1));
        PidController p = pid(1, 1, 1, 1);
        assertThrows(IllegalArgumentException.class, () -> p.setGains(1, -1, 0));
        assertThrows(IllegalArgumentException.class, () -> p.setMaxOutputWatts(Double.POSITIVE_INFINITY));
    }

    @Test
    void setpointStepGivesNoDerivativeKick() {
        PidController p = pid(0.0, 0.0, 10.0, 1.0);
        long t = 0;
        for (int i = 0; i < 20; i++) {
            p.update(0.05, 0.05, t += TICK);
        }
        double out = p.update(0.5, 0.05, t += TICK); // setpoint jumps tenfold, measurement unchanged
        assertEquals(0.0, out, 0.0, "derivative acts on the measurement, not the error");
    }

    @Test
    void derivativeIsLowPassFiltered() {
        PidController p = pid(0.0, 0.0, 1.0, 10.0);
        long t = 0;
        p.update(0.05, 0.10, t += TICK);
        p.update(0.05, 0.10, t += TICK);
        // measurement falls by 1 mK in one sample: a raw slope of -10 mK/s; the filter (tau 0.5 s, dt 0.1 s) passes 1/6
        double out = p.update(0.05, 0.099, t += TICK);
        assertEquals(0.01 / 6.0, out, 1e-9);
        assertEquals(-0.01 / 6.0, p.slopeKelvinPerSecond(), 1e-12);
    }

    @Test
    void integratorIsInWattsSoAGainChangeDoesNotBump() {
        PidController p = pid(2.0, 1.0, 0.5, 10.0);
        long t = 0;
        double m = 0.040;
        for (int i = 0; i < 50; i++) {
            p.update(0.05, m, t += TICK);
            m += 0.0001;
        }
        t += TICK;
        double before = p.update(0.05, m, t, t, false);
        p.setGains(6.0, 3.0, 2.0);
        // the next update on the same sample (no new slope) must continue from 'before' plus
        // only the new integral increment over one tick
        double error = 0.05 - m;
        double after = p.update(0.05, m, t, t + TICK, false);
        assertEquals(before + 3.0 * error * 0.1, after, 1e-9, "gain change is bumpless");
    }

    @Test
    void outputIsClampedToTheRangeAndTheIntegratorDoesNotWindUp() {
        PidController p = pid(1e-4, 1e-3, 0.0, 0.001);
        long t = 0;
        for (int i = 0; i < 1000; i++) {
            double out = p.update(1.0, 0.01, t += TICK); // far below setpoint: saturated high
            assertTrue(out <= 0.001 && out >= 0);
        }
        // without conditional integration the integrator would hold 1e-3 * 0.99 * 100 s ≈ 0.1 W
        assertTrue(p.integralWatts() <= 0.001 - 1e-4 * 0.99 + 1e-6, "integrator stops where P + I reaches the range, was " + p.integralWatts());
        // once above setpoint the output leaves saturation at once (no wind-up to unwind)
        double out = p.update(0.01, 0.0101, t += TICK);
        assertTrue(out < 0.001, "comes out of saturation immediately, was " + out);
    }

    @Test
    void conditionalIntegrationFreezesTheIntegratorWhileSaturated() {
        PidController p = pid(100.0, 1.0, 0.0, 1.0);
        long t = 0;
        p.update(0.5, 0.5, t += TICK);
        double iBefore = p.integralWatts();
        for (int i = 0; i < 100; i++) {
            p.update(0.5, 0.4, t += TICK); // P alone saturates the output: 100 * 0.1 = 10 W > 1 W
        }
        assertEquals(iBefore, p.integralWatts(), 0.0, "frozen while saturated in the direction of the error");
        // unsaturated: integrates
        p.update(0.5, 0.4999, t += TICK);
        assertTrue(p.integralWatts() > iBefore);
    }

    @Test
    void integralZoneFreezesTheIntegratorOutsideTheBand() {
        PidController p = new PidController(0.0, 1.0, 0.0, 10.0, new PidOptions(0.5, 0.001, 1.0, 1e-4, 1e-3, 5));
        long t = 0;
        p.update(0.05, 0.05, t += TICK);
        p.update(0.05, 0.04, t += TICK); // 10 mK off: outside the 1 mK I-zone
        assertEquals(0.0, p.integralWatts(), 0.0);
        p.update(0.05, 0.0495, t += TICK); // 0.5 mK off: inside
        assertEquals(1.0 * 0.0005 * 0.1, p.integralWatts(), 1e-12);
    }

    @Test
    void rangeChangeClampsTheIntegratorAndTheOutput() {
        PidController p = pid(0.0, 1.0, 0.0, 1.0);
        p.preset(0.8);
        assertEquals(0.8, p.update(0.05, 0.05, TICK), 1e-12);
        p.setMaxOutputWatts(0.1);
        assertEquals(0.1, p.integralWatts(), 0.0);
        assertEquals(0.1, p.update(0.05, 0.05, 2 * TICK), 1e-12);
    }

    @Test
    void trackingMakesTheModeTransferBumpless() {
        PidController p = pid(5.0, 2.0, 3.0, 1.0);
        long t = 0;
        double m = 0.060;
        for (int i = 0; i < 30; i++) { // manual output 0.25 W while the temperature drifts
            p.track(0.05, m, t + TICK, t += TICK, 0.25);
            m -= 0.00002;
        }
        // first closed-loop update on a sample already seen: the output continues at 0.25 W plus one I step
        double out = p.update(0.05, m + 0.00002, t, t + TICK, false);
        assertEquals(0.25 + 2.0 * (0.05 - (m + 0.00002)) * 0.1, out, 1e-9);
    }

    @Test
    void nanStaleOrFaultedInputForcesZeroAndSaysWhy() {
        PidController p = pid(1.0, 1.0, 0.0, 1.0);
        p.preset(0.5);
        assertTrue(p.update(0.05, 0.04, TICK) > 0);
        assertEquals(PidController.NO_FAULT, p.faultReason());

        assertEquals(0.0, p.update(0.05, Double.NaN, 2 * TICK));
        assertEquals(PidController.FAULT_NAN, p.faultReason());

        assertEquals(0.0, p.update(0.05, 0.04, 3 * TICK, 3 * TICK + 2_000_000_000L, false)); // 2 s old, limit 1 s
        assertEquals(PidController.FAULT_STALE, p.faultReason());

        assertEquals(0.0, p.update(0.05, 0.04, 4 * TICK, 4 * TICK, true));
        assertEquals(PidController.FAULT_SENSOR, p.faultReason());

        assertEquals(0.0, p.update(Double.NaN, 0.04, 5 * TICK));
        assertEquals(PidController.FAULT_SETPOINT, p.faultReason());

        double out = p.update(0.05, 0.04, 6 * TICK);
        assertTrue(out > 0, "recovers when the input is healthy again");
        assertEquals(PidController.NO_FAULT, p.faultReason());
    }

    @Test
    void aMissedSampleHoldsTheOutputUntilTheLastSampleIsStale() {
        PidController p = pid(1.0, 1.0, 0.0, 1.0); // stale after 1 s
        p.preset(0.2);
        double out = p.update(0.05, 0.04, TICK);
        assertTrue(out > 0);
        assertEquals(out, p.hold(2 * TICK), 0.0, "a lost frame: the output holds");
        assertEquals(out, p.hold(TICK + 1_000_000_000L), 0.0, "still held at the stale limit");
        assertEquals(PidController.NO_FAULT, p.faultReason());
        double next = p.update(0.05, 0.04, 3 * TICK);
        assertEquals(out + 0.01 * 0.2, next, 1e-12, "nothing integrated during the hold; the next update integrates its whole gap");

        assertEquals(0.0, p.hold(3 * TICK + 1_000_000_001L), "older than the stale limit: zero");
        assertEquals(PidController.FAULT_STALE, p.faultReason());
        assertEquals(0.0, p.hold(3 * TICK + 1_100_000_000L), "a fault stays a fault while samples are missing");
        assertTrue(p.update(0.05, 0.04, 3 * TICK + 1_200_000_000L) > 0, "recovers on the next sample");
    }

    @Test
    void settledNeedsBothErrorAndSlopeInsideTheirBandsForTheSettleTime() {
        PidController p = pid(1.0, 1.0, 0.0, 1.0); // band 0.1 mK, slope 1 mK/min, 5 s
        long t = 0;
        for (int i = 0; i < 100; i++) {
            p.update(0.05, 0.05005, t += TICK);
        }
        assertTrue(p.settled(), "in band for 10 s");

        // error inside a 1 mK band all along, but drifting at 3 mK/min (slope limit 1 mK/min)
        PidController q = new PidController(1.0, 1.0, 0.0, 1.0, new PidOptions(0.5, 0.0, 1.0, 1e-3, 1e-3, 5.0));
        t = 0;
        double m = 0.04975;
        for (int i = 0; i < 100; i++) {
            q.update(0.05, m, t += TICK);
            m += 0.003 / 600;
        }
        assertFalse(q.settled(), "error in band but the slope is not");

        // sensor noise of ±0.06 mK around the setpoint alone does not prevent settling
        PidController n = pid(1.0, 1.0, 0.0, 1.0);
        t = 0;
        for (int i = 0; i < 200; i++) {
            n.update(0.05, 0.05 + ((i % 2 == 0) ? 6e-5 : -6e-5), t += TICK);
        }
        assertTrue(n.settled(), "noise is smoothed before judging");

        PidController r = pid(1.0, 1.0, 0.0, 1.0);
        t = 0;
        for (int i = 0; i < 100; i++) {
            r.update(0.05, 0.0505, t += TICK); // steady, but 0.5 mK off
        }
        assertFalse(r.settled(), "slope in band but the error is not");

        PidController s = pid(1.0, 1.0, 0.0, 1.0);
        t = 0;
        for (int i = 0; i < 40; i++) {
            s.update(0.05, 0.05, t += TICK);
        }
        assertFalse(s.settled(), "only 4 s of the 5 s settle time");
    }

    @Test
    void updateAllocatesNothing() {
        PidController p = pid(1.0, 1.0, 1.0, 1.0);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long t = 0;
        for (int i = 0; i < 100_000; i++) { // warm up (JIT)
            p.update(0.05, 0.05 + (i % 7) * 1e-6, t += TICK);
        }
        long before = mx.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 100_000; i++) {
            p.update(0.05, 0.05 + (i % 7) * 1e-6, t += TICK);
            if (i % 1000 == 0) {
                p.update(0.05, Double.NaN, t += TICK);
            }
        }
        long allocated = mx.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertTrue(allocated < 1024, "PID updates allocate nothing, measured " + allocated + " bytes");
    }
}
