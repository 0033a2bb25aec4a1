package cryo.controller.heater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.v1.LoopMode;
import org.junit.jupiter.api.Test;

/**
 * The relay alone against a first-order stage sampled at 0.1 s (the heater written each tick takes
 * effect the next): a stage slower than the tick gives a period of many ticks; one that answers
 * within a tick cycles at the two-tick sampling limit, and the result says so.
 */
class AutotunerTest {
    private static final long TICK_NANOS = 100_000_000L;
    private static final double SETPOINT_KELVIN = 1.0;
    private static final double HOLD_WATTS = 1e-3;
    private static final double KELVIN_PER_WATT = 100.0;

    /** Runs a tune to its end against a stage of time constant {@code tauSeconds}; returns the tuner. */
    private static Autotuner tune(double tauSeconds) {
        Autotuner a = new Autotuner();
        a.start(0, SETPOINT_KELVIN, HOLD_WATTS, 1e-4, 0.05, 600, 1e-2, LoopMode.LOOP_MODE_PID, 0);
        double kelvin = SETPOINT_KELVIN;
        double watts = HOLD_WATTS;
        double decay = Math.exp(-TICK_NANOS * 1e-9 / tauSeconds);
        for (long t = TICK_NANOS; t < 600 * 1_000_000_000L && a.running(); t += TICK_NANOS) {
            double equilibrium = SETPOINT_KELVIN + KELVIN_PER_WATT * (watts - HOLD_WATTS);
            kelvin = equilibrium + (kelvin - equilibrium) * decay;
            watts = a.update(kelvin, t, t, false);
        }
        assertEquals(Autotuner.DONE, a.state(), a.message());
        return a;
    }

    @Test
    void aStageSlowerThanTheTickGivesAPeriodOfManyTicksUnflagged() {
        Autotuner a = tune(5.0);
        System.out.printf("tau 5 s: Pu %.2f s = %.1f ticks, %s%n", a.periodSeconds(), a.periodTicks(), a.message());
        assertTrue(a.periodTicks() > 10, "Pu " + a.periodTicks() + " ticks");
        assertEquals(a.periodSeconds() / 0.1, a.periodTicks(), 1e-6);
        assertFalse(a.periodAtTickLimit());
        assertFalse(a.message().contains("control ticks"), a.message());
    }

    @Test
    void aStageThatAnswersWithinATickCyclesAtTheTwoTickLimitAndIsFlagged() {
        Autotuner a = tune(0.02);
        System.out.printf("tau 0.02 s: Pu %.2f s = %.1f ticks, %s%n", a.periodSeconds(), a.periodTicks(), a.message());
        assertEquals(0.2, a.periodSeconds(), 1e-9, "two ticks: the relay switches every sample");
        assertEquals(2.0, a.periodTicks(), 1e-9);
        assertTrue(a.periodAtTickLimit());
        assertTrue(a.message().contains("period under 4 control ticks"), a.message());
        assertTrue(a.resultP() > 0 && a.resultI() > 0, "the result is kept: the sampled loop is what runs");
    }
}
