package cryo.controller.interlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.regmap.CryoCmosRegisters;
import cryo.v1.AlarmCause;
import org.junit.jupiter.api.Test;

/** One short test per detector: the verdict at the edge, and the constructor's argument check. */
class DetectorsTest {
    private static final long S = 1_000_000_000L;

    @Test
    void overTemperatureTripsOnTheFourthConsecutiveSample() {
        OverTemperatureDetector d = new OverTemperatureDetector(5.0, 4);
        assertFalse(d.update(5.1));
        assertFalse(d.update(5.1));
        assertFalse(d.update(4.9)); // resets
        assertFalse(d.update(5.1));
        assertFalse(d.update(5.1));
        assertFalse(d.update(5.1));
        assertTrue(d.update(5.1));
        assertThrows(IllegalArgumentException.class, () -> new OverTemperatureDetector(5.0, 0));
    }

    @Test
    void underTemperatureIsDebouncedAndIgnoresNaN() {
        UnderTemperatureDetector d = new UnderTemperatureDetector(1.0, 2);
        assertFalse(d.update(0.5));
        assertFalse(d.update(Double.NaN));
        assertTrue(d.update(0.5));
        assertThrows(IllegalArgumentException.class, () -> new UnderTemperatureDetector(-1, 2));
    }

    @Test
    void rateOfRiseTripsOnlyWhenTheRiseIsUnexpected() {
        RateOfRiseDetector d = new RateOfRiseDetector(0.01, 10, 2);
        double t = 1.0;
        boolean tripped = false;
        for (int i = 0; i <= 40; i++) {
            tripped |= d.update(t + 0.02 * i, i * S, false); // 0.02 K/s while heating to a setpoint
        }
        assertFalse(tripped, "a rise the loop asked for never trips");
        RateOfRiseDetector e = new RateOfRiseDetector(0.01, 10, 2);
        int at = -1;
        for (int i = 0; i <= 40 && at < 0; i++) {
            if (e.update(t + 0.02 * i, i * S, true)) {
                at = i;
            }
        }
        assertEquals(20, at, "two 10 s windows over the limit");
        assertEquals(0.02, e.rateKelvinPerSecond(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> new RateOfRiseDetector(0.01, 0, 2));
    }

    @Test
    void heatUpWatchRearmsOnEachGainAndTripsWhenTheGainStops() {
        HeatUpDetector d = new HeatUpDetector(0.01, 60, 0.005);
        assertFalse(d.update(0.05, 0.05, 0));           // holding
        assertFalse(d.update(0.05, 0.5, 1 * S));        // setpoint rise arms the watch
        assertFalse(d.update(0.07, 0.5, 50 * S));       // gained: re-armed until 110 s
        assertFalse(d.update(0.075, 0.5, 100 * S));
        assertTrue(d.update(0.075, 0.5, 111 * S), "no further gain within 60 s");
        HeatUpDetector e = new HeatUpDetector(0.01, 60, 0.005);
        e.update(0.05, 0.05, 0);
        e.update(0.05, 0.5, S);
        assertFalse(e.update(0.498, 0.5, 200 * S), "within the hysteresis of the setpoint: arrived");
        assertThrows(IllegalArgumentException.class, () -> new HeatUpDetector(0, 60, 0));
    }

    @Test
    void holdBandRestartsOnSetpointChangeAndTripsAfterThePeriod() {
        HoldBandDetector d = new HoldBandDetector(0.001, 30, 100);
        assertFalse(d.update(0.0500, 0.050, 0));           // reached: holding
        assertFalse(d.update(0.0520, 0.050, 10 * S));      // outside since 10 s
        assertFalse(d.update(0.0520, 0.050, 39 * S));
        assertTrue(d.update(0.0520, 0.050, 41 * S), "outside the band for more than 30 s");
        HoldBandDetector e = new HoldBandDetector(0.001, 30, 100);
        e.update(0.0500, 0.050, 0);
        assertFalse(e.update(0.0520, 0.100, 10 * S), "a new setpoint restarts the check");
        assertFalse(e.update(0.0800, 0.100, 100 * S), "travelling to the new setpoint never trips");
        HoldBandDetector f = new HoldBandDetector(0.001, 1000, 0.05);
        f.update(0.05, 0.05, 0);
        boolean tripped = false;
        for (int i = 1; i <= 20 && !tripped; i++) {
            tripped = f.update(0.061, 0.05, i * S); // 10 mK beyond the band, integrated
        }
        assertTrue(tripped, "integrated excursion past 0.05 K·s");
        assertThrows(IllegalArgumentException.class, () -> new HoldBandDetector(0.001, 30, 0));
    }

    @Test
    void heaterStuckOnIsAWarmingStageWithZeroCommand() {
        HeaterStuckOnDetector d = new HeaterStuckOnDetector(0.01, 10);
        assertFalse(d.update(0.05, 0, 0));
        assertFalse(d.update(0.07, 1e-4, 5 * S), "heater commanded on: not stuck");
        assertFalse(d.update(0.07, 0, 6 * S));
        assertFalse(d.update(0.09, 0, 15 * S));
        assertTrue(d.update(0.09, 0, 16 * S), "warmed 20 mK in 10 s with the heater commanded off");
        assertThrows(IllegalArgumentException.class, () -> new HeaterStuckOnDetector(0.01, -1));
    }

    /**
     * A fridge at base whose still heater nobody switched on: every heater at 0 W from the first
     * sample, and the mixing chamber warms because the circulation stops. Before: a window opened
     * on the first sample and the warming was named HEATER_STUCK_ON; now the first sample settles
     * like a move of the other heaters (their past is unknown), and a chamber that levels off
     * raises nothing.
     */
    @Test
    void heaterStuckOnWaitsOutTheSettlingTimeAfterItsFirstSample() {
        HeaterStuckOnDetector d = new HeaterStuckOnDetector(0.02, 10, 40, 1e-4, 0.1);
        assertFalse(d.update(0.012, 0, 0.0, 0));
        assertFalse(d.update(0.040, 0, 0.0, 10 * S), "28 mK in 10 s with every heater at zero: settling, not judged");
        assertFalse(d.update(0.047, 0, 0.0, 40 * S));
        assertFalse(d.update(0.048, 0, 0.0, 50 * S), "settled: the first window starts");
        assertFalse(d.update(0.049, 0, 0.0, 60 * S), "levelled off: nothing stuck");
        assertFalse(d.causePresent());
        // a heater stuck on afterwards is caught one window later, as before
        assertFalse(d.update(0.060, 0, 0.0, 65 * S));
        assertTrue(d.update(0.090, 0, 0.0, 70 * S), "warmed 41 mK in 10 s, everything else steady");
        // the single-stage form (no settling) judges from the first sample, as it always did
        HeaterStuckOnDetector single = new HeaterStuckOnDetector(0.01, 10);
        assertFalse(single.update(0.05, 0, 0));
        assertTrue(single.update(0.07, 0, 10 * S));
    }

    @Test
    void heaterStuckOnJudgesOnlyWhileTheOtherHeatersHoldStill() {
        // 20 mK in 10 s, settle 40 s, other heaters steady within 0.1 mW + 10 %
        HeaterStuckOnDetector d = new HeaterStuckOnDetector(0.02, 10, 40, 1e-4, 0.1);
        assertFalse(d.update(0.010, 0, 0.018, 0));
        assertFalse(d.update(0.010, 0, 0.0185, 1 * S), "a regulating still's wander is steady");
        // a trip cuts the still: the mixing chamber warms 25 mK with its own heater at zero
        assertFalse(d.update(0.020, 0, 0.0, 2 * S));
        assertFalse(d.update(0.035, 0, 0.0, 12 * S), "settling after the still moved");
        assertFalse(d.update(0.035, 0, 0.0, 41 * S));
        assertFalse(d.causePresent());
        assertFalse(d.update(0.0351, 0, 0.0, 42 * S), "settled: the first window starts");
        assertFalse(d.update(0.0352, 0, 0.0, 52 * S), "flat: no stuck heater");
        // a heater that really stays on, with the others steady, is caught one window later
        assertFalse(d.update(0.050, 0, 0.0, 60 * S));
        assertTrue(d.update(0.080, 0, 0.0, 62 * S), "warmed 45 mK in 10 s, everything else steady");
        assertTrue(d.causePresent());
        // the still comes back (re-arm): the verdict is dropped and judging waits again
        assertFalse(d.update(0.090, 0, 0.018, 63 * S));
        assertFalse(d.causePresent());
        assertFalse(d.update(0.200, 0, 0.018, 100 * S), "settling");
        assertThrows(IllegalArgumentException.class, () -> new HeaterStuckOnDetector(0.02, 10, -1, 1e-4, 0.1));
    }

    @Test
    void readbackAboveCommandTripsButBelowDoesNot() {
        HeaterReadbackDetector d = new HeaterReadbackDetector(1e-6, 0.05, 3);
        for (int i = 0; i < 10; i++) {
            assertFalse(d.update(1e-3, 0.0), "cut by the board: less than commanded is not a trip");
        }
        assertFalse(d.update(0.0, 1e-3));
        assertFalse(d.update(0.0, 1e-3));
        assertTrue(d.update(0.0, 1e-3));
        assertFalse(new HeaterReadbackDetector(1e-6, 0.05, 1).update(1e-3, 1.04e-3), "within 5 %");
        assertThrows(IllegalArgumentException.class, () -> new HeaterReadbackDetector(1e-6, 0.05, 0));
    }

    @Test
    void sensorFaultFromStatusBitsOrUnitsOutsideTheCurve() {
        SensorFaultDetector d = new SensorFaultDetector(100, 30_000, 2);
        assertFalse(d.update(CryoCmosRegisters.THERM_STATUS_VALID, 1200));
        assertFalse(d.update(CryoCmosRegisters.THERM_STATUS_OPEN, 1e9));
        assertTrue(d.update(CryoCmosRegisters.THERM_STATUS_OPEN, 1e9));
        assertEquals(AlarmCause.SENSOR_OPEN_CIRCUIT, d.cause());
        SensorFaultDetector e = new SensorFaultDetector(100, 30_000, 2);
        e.update(CryoCmosRegisters.THERM_STATUS_VALID, 5);
        assertTrue(e.update(CryoCmosRegisters.THERM_STATUS_VALID, 5), "below the curve reads as a short");
        assertEquals(AlarmCause.SENSOR_SHORT_CIRCUIT, e.cause());
        assertFalse(new SensorFaultDetector(100, 30_000, 1).update(0, Double.NaN), "a failed read is not a sensor fault");
        assertThrows(IllegalArgumentException.class, () -> new SensorFaultDetector(100, 50, 2));
    }

    @Test
    void stuckSensorWhenTheHeaterMovesAndTheReadingDoesNot() {
        StuckSensorDetector d = new StuckSensorDetector(10, 1e-5, 1e-5, 0);
        boolean tripped = false;
        for (int i = 0; i <= 10; i++) {
            tripped |= d.update(1000.0 + (i % 2) * 1e-6, i, i * 1e-5, i * S);
        }
        assertTrue(tripped, "heater moved 100 µW, reading moved 1e-9 relative");
        assertEquals(1e-5, d.lastLimit(), 0.0, "the window check reports its relative-change limit");
        assertTrue(d.lastValue() < 1e-5, "and the spread it saw: " + d.lastValue());
        StuckSensorDetector e = new StuckSensorDetector(10, 1e-5, 1e-5, 5);
        boolean identical = false;
        for (int i = 0; i < 6; i++) {
            identical |= e.update(1000.0, i, 0.0, i * S / 10);
        }
        assertTrue(identical, "five bit-identical fresh conversions");
        assertEquals(5, e.lastValue(), 0.0);
        assertEquals(5, e.lastLimit(), 0.0, "the identical check reports its sample limit");
        StuckSensorDetector f = new StuckSensorDetector(10, 1e-5, 1e-5, 5);
        boolean healthy = false;
        for (int i = 0; i <= 100; i++) {
            healthy |= f.update(1000.0 * (1 + 1e-4 * Math.sin(i)), i, i * 1e-5, i * S);
        }
        assertFalse(healthy, "a noisy reading that follows the heater is alive");
        assertThrows(IllegalArgumentException.class, () -> new StuckSensorDetector(10, 1e-5, 1e-5, -1));
    }

    @Test
    void jumpIsARatioPerFreshSampleUpwardOnlyWithTheHeaterOff() {
        JumpDetector d = new JumpDetector(4);
        assertFalse(d.update(0.05, 1, false));
        assertFalse(d.update(0.06, 2, false));
        assertFalse(d.update(6.0, 2, false), "same conversion read twice");
        assertTrue(d.update(6.0, 3, false), "x100 in one sample");
        JumpDetector e = new JumpDetector(4);
        e.update(0.05, 1, true);
        assertFalse(e.update(0.5, 2, true), "heating");
        assertTrue(e.update(0.05, 3, true), "falling by x10 in one sample is never a heat-up");
        assertThrows(IllegalArgumentException.class, () -> new JumpDetector(1));
    }

    @Test
    void detachedWhenHoldPowerStaysFarAboveExpected() {
        DetachedSensorDetector d = new DetachedSensorDetector(0.042, 5e-6, 3, 120);
        double limit = 3 * (0.042 * 0.05 * 0.05 + 5e-6);
        assertFalse(d.update(limit * 0.9, 0.05, 0));
        assertFalse(d.update(1e-3, 0.05, S));
        assertFalse(d.update(1e-3, 0.05, 121 * S));
        assertTrue(d.update(1e-3, 0.05, 122 * S));
        assertFalse(d.update(1e-3, Double.NaN, 200 * S), "not regulating");
        assertThrows(IllegalArgumentException.class, () -> new DetachedSensorDetector(0.042, 0, 1, 120));
    }

    @Test
    void redundantSensorsMustAgree() {
        SensorDisagreementDetector d = new SensorDisagreementDetector(0.002, 0.1, 3);
        assertFalse(d.update(0.050, 0.0505));
        assertFalse(d.update(0.050, 0.070));
        assertFalse(d.update(0.050, 0.070));
        assertTrue(d.update(0.050, 0.070));
        assertFalse(new SensorDisagreementDetector(0.002, 0.1, 1).update(1.00, 1.05), "within 10 % at 1 K");
        assertThrows(IllegalArgumentException.class, () -> new SensorDisagreementDetector(0, 0.1, 3));
    }

    @Test
    void coolingLossIsAPlateWarmingWithHeatersOff() {
        CoolingLossDetector d = new CoolingLossDetector(1.0, 600);
        assertFalse(d.update(4.0, true, 0));
        assertFalse(d.update(3.9, true, 60 * S), "cooling");
        assertFalse(d.update(4.5, false, 120 * S), "heater on: not judged");
        assertFalse(d.update(4.0, true, 180 * S));
        assertTrue(d.update(5.1, true, 480 * S), "1.1 K in 300 s with heaters off");
        assertThrows(IllegalArgumentException.class, () -> new CoolingLossDetector(1.0, 0));
    }

    @Test
    void staleWhenTheConversionCounterStopsForThreeIntervals() {
        StaleDataDetector d = new StaleDataDetector(0.1, 3);
        assertFalse(d.update(1, true, 0));
        assertFalse(d.update(2, true, S / 10));
        assertFalse(d.update(2, true, 4 * S / 10), "0.3 s: at the limit");
        assertTrue(d.update(2, true, 5 * S / 10));
        assertTrue(d.causePresent());
        assertFalse(d.update(3, true, 6 * S / 10));
        assertThrows(IllegalArgumentException.class, () -> new StaleDataDetector(0.1, 0));
    }

    @Test
    void crcRateJudgesAFractionOfRecentFramesWithAMinimumOfFailures() {
        BusCrcRateDetector d = new BusCrcRateDetector(0.05, 60);
        assertFalse(d.update(0, 0, 0));
        assertFalse(d.update(20, 2, S), "10 % of 20 frames, but 2 failures are too few to judge");
        assertFalse(d.update(1000, 12, 10 * S), "about 1 % of the recent frames");
        assertFalse(d.causePresent());
        assertTrue(d.update(1100, 62, 11 * S), "50 of the last 100 frames: the recent fraction passes 5 %");
        assertTrue(d.causePresent());
        assertTrue(d.errorFraction() > 0.05);
        long frames = 1100;
        long errors = 62;
        long t = 11 * S;
        for (int i = 0; i < 600; i++) { // ten minutes of a clean link: the fraction decays
            frames += 100;
            t += S;
            d.update(frames, errors, t);
        }
        assertFalse(d.causePresent());
        assertThrows(IllegalArgumentException.class, () -> new BusCrcRateDetector(0, 60));
        assertThrows(IllegalArgumentException.class, () -> new BusCrcRateDetector(1, 60));
    }

    @Test
    void boardNotAnsweringAfterNFailedTicks() {
        BoardNotAnsweringDetector d = new BoardNotAnsweringDetector(3);
        assertFalse(d.update(true));
        assertFalse(d.update(false));
        assertFalse(d.update(true));
        assertFalse(d.update(true));
        assertTrue(d.update(true));
        assertThrows(IllegalArgumentException.class, () -> new BoardNotAnsweringDetector(0));
    }
}
