package cryo.controller.interlock;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class OverTemperatureArmingTest {
    @Test
    void aStageStartingAboveItsLimitArmsOnceItComesDownThroughIt() {
        OverTemperatureDetector d = new OverTemperatureDetector(30.0, 4);
        for (int i = 0; i < 100; i++) {
            assertFalse(d.update(295.0), "warm fridge at start-up: not armed yet");
        }
        assertFalse(d.armed());
        d.update(29.0);
        assertTrue(d.armed());
        for (int i = 0; i < 3; i++) {
            assertFalse(d.update(31.0));
        }
        assertTrue(d.update(31.0), "armed: the 4th sample above trips");
    }

    /**
     * A plate cooling slowly through its warning level (288 K) with reading noise and 0.07 K
     * converter steps, as the shipped cooldown's 4 K plate did at 2733 s: one reading below the level
     * armed the warning and the next readings above raised it. Arming now wants N readings below the
     * clearing level (98 %), so the crossing raises nothing; a real rise afterwards still warns.
     */
    @Test
    void aNoisySlowCrossingOfTheWarningLevelRaisesNoWarning() {
        OverTemperatureDetector d = new OverTemperatureDetector(320.0, 4, 288.0);
        Random noise = new Random(7);
        double stepKelvin = 0.07;
        boolean warned = false;
        // 292 K -> 278 K at 2 mK per 0.1 s sample, noise 0.15 K rms
        for (int i = 0; i < 7000; i++) {
            double trueKelvin = 292.0 - 0.002 * i;
            double read = Math.round((trueKelvin + 0.15 * noise.nextGaussian()) / stepKelvin) * stepKelvin;
            assertFalse(d.update(read), "no trip at " + read);
            warned |= d.warning();
        }
        assertFalse(warned, "cooling through the level is normal operation, not a warning");
        for (int i = 0; i < 3; i++) {
            d.update(289.0);
        }
        assertFalse(d.warning(), "debounced: 3 samples above");
        d.update(289.0);
        assertTrue(d.warning(), "armed: the 4th sample above 288 K warns");
        d.update(283.0);
        assertTrue(d.warning(), "hysteresis: still above 98 % of the level");
        d.update(282.0);
        assertFalse(d.warning(), "below 98 % of the level the warning's cause is gone");
    }
}
