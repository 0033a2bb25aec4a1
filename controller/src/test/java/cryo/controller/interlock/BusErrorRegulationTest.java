package cryo.controller.interlock;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.device.StageId;
import cryo.sim.fault.FaultInjector;
import cryo.sim.fault.FaultKind;
import org.junit.jupiter.api.Test;

/**
 * A lossy bus is not a faulted sensor: with 1 % of response frames corrupted (about one tick in
 * six loses a transfer on the five-stage board) the mixing chamber keeps regulating and nothing
 * trips. Each lost read holds the loop's output until its last sample is stale; before that, a
 * failed transfer anywhere on a tick zeroed every heater for the tick, and the mixing chamber,
 * whose time constant is shorter than the 1 s tick, swung between 10 and 40 mK until a jump
 * tripped the interlock (the bus-bit-errors scenario).
 */
class BusErrorRegulationTest {

    @Test
    void onePercentCorruptedFramesNeitherDisturbRegulationNorTrip() throws Exception {
        try (SafetyHarness h = SafetyHarness.cryostatAtBase(41, 0.030, 600)) {
            new FaultInjector(h.board).inject(FaultKind.BUS_BIT_ERRORS, null, 0.01);
            long crcBefore = h.controller.board().crcErrors();
            double minKelvin = Double.MAX_VALUE;
            double maxKelvin = 0;
            for (int i = 0; i < 3600; i++) {
                h.run(1);
                double k = h.stageKelvin(StageId.MXC);
                minKelvin = Math.min(minKelvin, k);
                maxKelvin = Math.max(maxKelvin, k);
            }
            long lost = h.controller.board().crcErrors() - crcBefore;
            System.out.printf("1 %% bit errors, 1 h: %d frames lost, mxc %.3f..%.3f mK%n", lost, minKelvin * 1e3, maxKelvin * 1e3);
            assertTrue(lost > 100, "the fault was on: " + lost + " corrupted frames");
            assertFalse(h.controller.interlock().tripped(), () -> "tripped: " + h.controller.interlock().cause());
            assertTrue(minKelvin > 0.028 && maxKelvin < 0.032,
                    "mxc stayed within 2 mK of 30 mK: " + minKelvin * 1e3 + ".." + maxKelvin * 1e3 + " mK");
        }
    }
}
