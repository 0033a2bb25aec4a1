package cryo.controller.interlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * No false trips on the five-stage cryostat with pulse-tube ripple and pulses heating the 4 K
 * plate ({@link CryostatSoak}): four simulated hours, one full cycle of setpoint tour, ramp and
 * autotune (~12 s wall). The seven-day run is {@code SoakMain 7 7 cryostat}.
 */
class CryostatSoakTest {
    @Test
    void fourSimulatedHoursOnTheRipplingCryostatTripNothing() throws Exception {
        CryostatSoak s = SoakScenario.cryostat(2026).run(4.0 / 24);
        System.out.println("soak: " + s.summary() + "; sequence " + s.sequenceVerdict);
        assertEquals(List.of(), s.trips, s.summary());
        assertEquals(1, s.autotunes, "one autotune in four hours");
        assertEquals(s.autotunes, s.autotunesDone, "every autotune completed");
        assertTrue(s.setpointChanges >= 88, "the tour and the ramp ran: " + s.setpointChanges);
        assertTrue(s.pulsesPlayed > 200_000, "the sequence played: " + s.pulsesPlayed);
        // the pulses heat the plate: static 2 mW + 3.2 mW of square pulses on average
        assertEquals(5.2e-3, s.boardAverageWatts, 0.5e-3, "board dissipation on the 4 K plate");
        assertTrue(s.plate4kMaxKelvin - s.plate4kMinKelvin > 0.05, "the 4 K plate moves with ripple and pulse load");
    }
}
