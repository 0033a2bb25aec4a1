package cryo.sim.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.device.StageId;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** Pulse-tube ripple: off by default; when on, the 4 K plate oscillates at 1.4 Hz with ~20 mK peak to peak. */
class PulseTubeRippleTest {

    @Test
    void rippleIsOffByDefault() {
        CryostatPlant p = new CryostatPlant();
        assertFalse(p.rippleOn());
        assertEquals(0.0, PlantParameters.defaults().get(PlantParameter.PT2_RIPPLE_W));
        assertEquals(0.0, PlantParameters.defaults().get(PlantParameter.PT1_RIPPLE_W));
    }

    @Test
    void theFourKelvinPlateOscillatesAtTheCompressorFrequencyWithTensOfMillikelvinPeakToPeak() {
        CryostatPlant p = CryostatPlant.cooledToBase(PlantParameters.defaults().withPulseTubeRipple(),
                CryostatPlantValidationTest.STILL_HEATER_WATTS);
        assertTrue(p.rippleOn());
        double dt = 0.01; // 100 Hz sampling, well above 2 × 1.4 Hz
        int n = 3000;     // 30 s: 42 cycles
        double[] t4 = new double[n];
        double[] tMxc = new double[n];
        for (int i = 0; i < n; i++) {
            p.update(dt);
            t4[i] = p.temperatureKelvin(StageId.PLATE_4K);
            tMxc[i] = p.temperatureKelvin(StageId.MXC);
        }
        double mean = 0;
        for (double v : t4) {
            mean += v / n;
        }
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        int upCrossings = 0;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, t4[i]);
            max = Math.max(max, t4[i]);
            if (i > 0 && t4[i - 1] < mean && t4[i] >= mean) {
                upCrossings++;
            }
        }
        // the strongest Fourier component between 0.2 and 5 Hz (0.05 Hz bins)
        double bestHz = 0;
        double bestAmp = 0;
        for (double f = 0.2; f <= 5.0; f += 0.05) {
            double re = 0;
            double im = 0;
            for (int i = 0; i < n; i++) {
                double w = 2 * Math.PI * f * (i + 1) * dt;
                re += (t4[i] - mean) * Math.cos(w);
                im += (t4[i] - mean) * Math.sin(w);
            }
            double amp = 2 * Math.hypot(re, im) / n;
            if (amp > bestAmp) {
                bestAmp = amp;
                bestHz = f;
            }
        }
        double mxcSpan = 0;
        double mxcMin = Double.MAX_VALUE;
        for (double v : tMxc) {
            mxcMin = Math.min(mxcMin, v);
            mxcSpan = Math.max(mxcSpan, v);
        }
        mxcSpan -= mxcMin;
        System.out.printf(Locale.ROOT, "pulse-tube ripple: 4 K plate %.4f K mean, %.2f mK peak to peak, peak at %.2f Hz "
                + "(amplitude %.2f mK), %d cycles in 30 s; mixing chamber span %.3g µK%n",
                mean, (max - min) * 1e3, bestHz, bestAmp * 1e3, upCrossings, mxcSpan * 1e6);
        assertEquals(1.4, bestHz, 0.051, "the 4 K plate oscillates at the compressor frequency");
        assertEquals(42, upCrossings, 1, "one cycle per 1/1.4 s");
        double pp = max - min;
        assertTrue(pp > 10e-3 && pp < 40e-3, "tens of mK peak to peak on the 4 K plate: " + pp * 1e3 + " mK");
        assertEquals(pp / 2, bestAmp, 0.15 * pp / 2, "a sine: half the peak to peak is the amplitude");
        assertTrue(mxcSpan < 1e-6, "filtered to well under 1 µK at the mixing chamber: " + mxcSpan * 1e6 + " µK");
    }

    @Test
    void theRippleFollowsPlantTimeNotTheStepSize() {
        PlantParameters figures = PlantParameters.defaults().withPulseTubeRipple();
        CryostatPlant a = CryostatPlant.cooledToBase(figures, CryostatPlantValidationTest.STILL_HEATER_WATTS);
        CryostatPlant b = CryostatPlant.cooledToBase(figures, CryostatPlantValidationTest.STILL_HEATER_WATTS);
        for (int i = 0; i < 100; i++) {
            a.update(0.1);
        }
        b.update(10.0);
        assertEquals(a.timeSeconds(), b.timeSeconds(), 1e-9);
        assertEquals(a.temperatureKelvin(StageId.PLATE_4K), b.temperatureKelvin(StageId.PLATE_4K), 1e-4,
                "10 s in one call or in 100 calls: the same phase of the ripple");
    }
}
