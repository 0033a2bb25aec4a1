package cryo.controller.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.sim.board.SimulatedBoards;
import org.junit.jupiter.api.Test;

class LockStepSimulationTest {

    @Test
    void pidBringsMixingChamberFrom4KTo50mKAndHoldsIt() throws Exception {
        try (SimHarness h = new SimHarness(42)) {
            assertEquals(4.0, h.mxcKelvin(), 0.01, "plant starts at 4 K");
            h.driver.run(600); // ten minutes of virtual time
            double maxError = 0;
            double sum = 0;
            int n = 0;
            for (int i = 0; i < 3000; i++) { // then five minutes of holding, sampled every tick
                h.driver.step();
                double err = Math.abs(h.mxcKelvin() - 0.050);
                maxError = Math.max(maxError, err);
                sum += err;
                n++;
            }
            assertTrue(maxError < 0.5e-3, "held within 0.5 mK of 50 mK, worst " + maxError * 1e3 + " mK");
            assertTrue(sum / n < 0.1e-3, "mean error under 0.1 mK, was " + sum / n * 1e3 + " mK");
            assertTrue(h.board.heaterPowerWatts(SimulatedBoards.MXC_HEATER) > 0, "heater is working to hold 50 mK");
            assertTrue(!h.controller.interlock().tripped(), "no trip on a healthy run");
        }
    }

    @Test
    void sameSeedGivesTheSameTrace() throws Exception {
        assertArrayEquals(trace(7), trace(7));
        double[] a = trace(7);
        double[] b = trace(8);
        boolean differs = false;
        for (int i = 0; i < a.length; i++) {
            differs |= a[i] != b[i];
        }
        assertTrue(differs, "a different seed gives different sensor noise");
    }

    private static double[] trace(long seed) throws Exception {
        try (SimHarness h = new SimHarness(seed)) {
            double[] t = new double[2000];
            for (int i = 0; i < t.length; i++) {
                h.driver.step();
                t[i] = h.mxcKelvin() + h.board.heaterPowerWatts(SimulatedBoards.MXC_HEATER);
            }
            return t;
        }
    }
}
