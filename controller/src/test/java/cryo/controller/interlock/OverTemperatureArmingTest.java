package cryo.controller.interlock;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
