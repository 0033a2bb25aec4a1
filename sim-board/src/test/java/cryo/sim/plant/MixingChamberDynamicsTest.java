package cryo.sim.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.device.StageId;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The mixing chamber answers like a real one: its liquid's heat capacity (≈ 106·T J/(mol·K) per
 * mole of dilute He-3) against dQ̇/dT = 168·ṅ·T of the cooling gives a time constant of about a
 * minute, nearly the same at 20 and 100 mK, behind a Kapitza boundary to the plate. Range:
 * ../shared/reference/CRYOSTAT.md, "Real fridges answer a heater step at the mixing chamber in tens
 * of seconds to minutes, never in under a second" — taken here as 20–300 s for the 63 % time.
 * And a still warming past 1 K stops the He-3 circulation, so the chamber warms, never cools.
 */
class MixingChamberDynamicsTest {
    static final double MIN_63_SECONDS = 20;
    static final double MAX_63_SECONDS = 300;

    /** Heater power that holds the plate at {@code kelvin} in steady state (bisection on the settled plant). */
    static double holdingWatts(double kelvin) {
        double lo = 0;
        double hi = 2e-3;
        for (int i = 0; i < 18; i++) { // 2 mW / 2^18: 8 nW
            double mid = 0.5 * (lo + hi);
            CryostatPlant p = base();
            p.setHeaterPowerWatts(StageId.MXC, mid);
            CryostatPlantValidationTest.run(p, 2 * 3600, 2.0);
            if (p.temperatureKelvin(StageId.MXC) > kelvin) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        return 0.5 * (lo + hi);
    }

    static CryostatPlant base() {
        return CryostatPlant.cooledToBase(PlantParameters.defaults(), CryostatPlantValidationTest.STILL_HEATER_WATTS);
    }

    /** 63 % time of the plate after a heater step of +10 % at the operating point, seconds (0.1 s resolution). */
    static double timeTo63Percent(double kelvin) {
        double watts = holdingWatts(kelvin);
        CryostatPlant p = base();
        p.setHeaterPowerWatts(StageId.MXC, watts);
        CryostatPlantValidationTest.run(p, 3 * 3600, 2.0);
        double start = p.temperatureKelvin(StageId.MXC);
        p.setHeaterPowerWatts(StageId.MXC, 1.1 * watts);
        int n = 30_000; // 50 min at 0.1 s
        double[] trace = new double[n];
        for (int i = 0; i < n; i++) {
            p.update(0.1);
            trace[i] = p.temperatureKelvin(StageId.MXC);
        }
        double end = trace[n - 1];
        double threshold = start + 0.632 * (end - start);
        int k = 0;
        while (trace[k] < threshold) {
            k++;
        }
        double tau = 0.1 * (k + 1);
        double immediate = (trace[0] - start) / (end - start);
        System.out.printf(Locale.ROOT, "mxc step at %.0f mK: holding %.3g W, +10 %% -> +%.3f mK, 63 %% after %.1f s "
                        + "(%.0f %% at once through the Kapitza boundary); liquid C %.3g J/K, Kapitza G %.3g W/K, dilution dQ/dT %.3g W/K%n",
                1e3 * start, watts, 1e3 * (end - start), tau, 100 * immediate, p.mixtureHeatCapacityJoulesPerKelvin(),
                p.kapitzaConductanceWattsPerKelvin(start), 168 * p.circulationMolPerSecond() * p.mixtureKelvin());
        return tau;
    }

    @Test
    void aHeaterStepAt20mKTakesTensOfSeconds() {
        double tau = timeTo63Percent(0.020);
        assertTrue(tau >= MIN_63_SECONDS && tau <= MAX_63_SECONDS, "63 % time at 20 mK: " + tau + " s");
    }

    @Test
    void aHeaterStepAt100mKTakesTensOfSeconds() {
        double tau = timeTo63Percent(0.100);
        assertTrue(tau >= MIN_63_SECONDS && tau <= MAX_63_SECONDS, "63 % time at 100 mK: " + tau + " s");
    }

    @Test
    void theLiquidsHeatCapacityIsTheFermiLiquidsAndFollowsTheCondensedMixture() {
        CryostatPlant p = base();
        double t = p.mixtureKelvin();
        double n3 = PlantParameters.defaults().get(PlantParameter.MXC_HE3_MOL);
        assertEquals(106 * t * n3, p.mixtureHeatCapacityJoulesPerKelvin(), 1e-9, "C = γ₃·T·n₃");
        CryostatPlant warm = new CryostatPlant();
        assertEquals(0.0, warm.mixtureHeatCapacityJoulesPerKelvin(), 0.0, "no liquid while the mixture is in the dump");
    }

    @Test
    void aStillWarmingPastOneKelvinStopsTheCirculationAndTheChamberWarms() {
        // the warm-up scenario's first minutes: pulse tube off, still heater off, warm-up heaters on the plates
        CryostatPlant p = base();
        double start = p.temperatureKelvin(StageId.MXC);
        p.setHeaterPowerWatts(StageId.STILL, 0);
        p.setPulseTubeRunning(false);
        p.setHeaterPowerWatts(StageId.PLATE_50K, 25);
        p.setHeaterPowerWatts(StageId.PLATE_4K, 10);
        double min = start;
        double stillWhenStopped = Double.NaN;
        for (int s = 0; s < 1800; s++) {
            p.update(1.0);
            min = Math.min(min, p.temperatureKelvin(StageId.MXC));
            if (Double.isNaN(stillWhenStopped) && p.dilutionPhase() == DilutionPhase.CIRCULATING && p.circulationMolPerSecond() == 0) {
                stillWhenStopped = p.temperatureKelvin(StageId.STILL);
            }
        }
        System.out.printf(Locale.ROOT, "warm-up: mxc %.2f mK, lowest %.2f mK; He-3 circulation stopped with the still at %.2f K; mxc %.2f K after 30 min%n",
                1e3 * start, 1e3 * min, stillWhenStopped, p.temperatureKelvin(StageId.MXC));
        assertTrue(min > 0.9 * start, "the chamber dips at most 10 % while the still passes 1 K: " + 1e3 * min + " mK");
        assertEquals(1.6, stillWhenStopped, 0.1, "no He-3 circulates once the still is past the cut-off");
        assertTrue(p.temperatureKelvin(StageId.MXC) > 1.0, "and the chamber warms with the rest");
    }
}
