package cryo.sim.sensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.calibration.CalibrationCurve;
import org.junit.jupiter.api.Test;

class SensorModelTest {

    @Test
    void pt100FollowsIec60751AboveZeroCelsiusAndIsContinuousBelow() {
        Pt100Sensor pt = Pt100Sensor.typical("pt");
        assertEquals(100.0, pt.unitsAt(273.15), 1e-9);
        assertEquals(138.5055, pt.unitsAt(373.15), 1e-3, "IEC 60751 table: 138.51 Ω at 100 °C");
        assertEquals(18.52, pt.unitsAt(73.15), 0.01, "IEC 60751 table: 18.52 Ω at -200 °C");
        assertEquals(pt.unitsAt(73.15 + 1e-9), pt.unitsAt(73.15 - 1e-9), 1e-6, "fit joins CVD continuously");
        assertTrue(pt.unitsAt(30) > pt.unitsAt(20) && pt.unitsAt(20) > 0.3, "positive coefficient down to 20 K");
        assertTrue(pt.curve().positiveCoefficient());
    }

    @Test
    void everySensorRoundTripsThroughItsCurve() {
        SensorModel[] models = {Pt100Sensor.typical("pt"), CernoxSensor.typical("cx"), RuOxSensor.typical("ruox")};
        double[][] temps = {{25, 40, 77, 150, 295}, {1.5, 4.2, 20, 77, 300}, {0.008, 0.02, 0.1, 1, 10}};
        for (int m = 0; m < models.length; m++) {
            CalibrationCurve c = models[m].curve();
            for (double t : temps[m]) {
                assertEquals(t, c.toKelvin(models[m].unitsAt(t)), t * 2e-3, models[m].getClass().getSimpleName() + " at " + t + " K");
            }
        }
        CernoxSensor cx = CernoxSensor.typical("cx");
        assertEquals(50, cx.unitsAt(300), 2, "Cernox ~50 Ω at 300 K");
        assertEquals(1500, cx.unitsAt(4.2), 50, "Cernox ~1.5 kΩ at 4.2 K");
    }

    @Test
    void selfHeatingMattersAtMillikelvinAndNotAtFourKelvin() {
        RuOxSensor ruox = RuOxSensor.typical("ruox");
        double rise10mK1nA = SensorFrontEnd.elementKelvin(ruox, 0.010, 1e-9) - 0.010;
        double rise10mK10nA = SensorFrontEnd.elementKelvin(ruox, 0.010, 10e-9) - 0.010;
        double rise4K = SensorFrontEnd.elementKelvin(ruox, 4.0, 1e-9) - 4.0;
        assertTrue(rise10mK1nA > 1e-5 && rise10mK1nA < 3e-4, "1 nA at 10 mK: tens of µK, was " + rise10mK1nA);
        assertTrue(rise10mK10nA > 10 * rise10mK1nA, "ten times the current: I² makes it far worse, was " + rise10mK10nA);
        assertTrue(rise4K < 1e-9, "negligible at 4 K, was " + rise4K);
        assertEquals(0.0, SensorFrontEnd.elementKelvin(ruox, 0.010, 0.0) - 0.010, 0.0);
    }

    @Test
    void adcQuantisesToItsLeastSignificantBit() {
        RuOxSensor ruox = RuOxSensor.typical("ruox");
        double lsb = ruox.adcFullScaleUnits() / (1 << 24);
        double q = SensorFrontEnd.quantise(ruox, 12345.6789);
        assertEquals(0.0, Math.IEEEremainder(q, lsb), 1e-9);
        assertEquals(12345.6789, q, lsb / 2 + 1e-12);
        assertEquals(ruox.adcFullScaleUnits(), SensorFrontEnd.quantise(ruox, 1e9), 0.0, "clips at full scale");
    }

    @Test
    void lakeShore340TextHasHeaderAndAscendingUnits() {
        CernoxSensor cx = CernoxSensor.typical("cx");
        String text = Curves.toLakeShore340(cx.curve(), cx, 1.4, 325, 50);
        assertTrue(text.contains("Data Format:    4") && text.contains("Number of Breakpoints:   50"), text);
        String[] lines = text.split("\r\n");
        double last = -1e9;
        for (String l : lines) {
            String[] f = l.trim().split("\\s+");
            if (f.length == 3 && f[0].matches("\\d+")) {
                double u = Double.parseDouble(f[1]);
                assertTrue(u > last, "ascending units");
                last = u;
            }
        }
    }
}
