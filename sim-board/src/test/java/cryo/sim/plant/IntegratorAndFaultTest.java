package cryo.sim.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.device.StageId;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The integrator across the step sizes a lock-step driver uses, allocation, determinism, and the fault knobs. */
class IntegratorAndFaultTest {

    static final double HOUR = 3600.0;
    static CryostatPlant base;

    @BeforeAll
    static void coolDown() {
        base = CryostatPlant.cooledToBase(PlantParameters.defaults(), CryostatPlantValidationTest.STILL_HEATER_WATTS);
    }

    /** A fresh copy of the cooled plant (cheap: re-running the cooldown is deterministic). */
    static CryostatPlant atBase() {
        return CryostatPlant.cooledToBase(PlantParameters.defaults(), CryostatPlantValidationTest.STILL_HEATER_WATTS);
    }

    @Test
    void cooldownAt10SecondStepsAgreesWithOneSecondSteps() {
        CryostatPlantValidationTest.Cooldown coarse = new CryostatPlantValidationTest.Cooldown(10.0, 36);
        CryostatPlantValidationTest.Cooldown fine = new CryostatPlantValidationTest.Cooldown(1.0, 36);
        System.out.printf(Locale.ROOT, "MXC<20mK at %.3f h (10 s steps) vs %.3f h (1 s steps); base %.4f vs %.4f mK%n",
                coarse.mxcBelow20mKSeconds / HOUR, fine.mxcBelow20mKSeconds / HOUR,
                1e3 * coarse.plant.temperatureKelvin(StageId.MXC), 1e3 * fine.plant.temperatureKelvin(StageId.MXC));
        assertEquals(fine.mxcBelow20mKSeconds, coarse.mxcBelow20mKSeconds, 0.01 * fine.mxcBelow20mKSeconds);
        assertEquals(fine.plant.temperatureKelvin(StageId.MXC), coarse.plant.temperatureKelvin(StageId.MXC), 1e-6);
        assertTrue(Math.abs(coarse.plant.energyBalanceErrorJoules()) < 1e-3 * Math.abs(coarse.plant.storedEnergyChangeJoules()));
    }

    @Test
    void stiffStepsAtBaseAreStableAndReachTheSameSteadyStateAtAnyStepSize() {
        double[] steps = {0.01, 0.1, 1.0, 10.0};
        double[] settled = new double[steps.length];
        for (int k = 0; k < steps.length; k++) {
            CryostatPlant p = atBase();
            p.setHeaterPowerWatts(StageId.MXC, 100e-6);
            double start = p.temperatureKelvin(StageId.MXC);
            double max = 0;
            long n = Math.round(900.0 / steps[k]); // the liquid's time constant is about a minute: 15 min settles it
            for (long i = 0; i < n; i++) {
                p.update(steps[k]);
                double t = p.temperatureKelvin(StageId.MXC);
                assertTrue(Double.isFinite(t) && t > start, "heated MXC stays above its start at dt=" + steps[k]);
                max = Math.max(max, t);
            }
            settled[k] = p.temperatureKelvin(StageId.MXC);
            // no ringing: backward Euler may lag, never overshoot (the slow still/4 K drift is below 1e-6)
            assertTrue(max <= settled[k] * (1 + 1e-6), "overshoot at dt=" + steps[k] + ": max " + max + " vs " + settled[k]);
        }
        for (int k = 1; k < steps.length; k++) {
            assertEquals(settled[0], settled[k], 1e-4 * settled[0], "steady state at dt=" + steps[k]);
        }
    }

    @Test
    void aViolentHeaterPulseAtBaseConvergesBySubSteppingAndConservesEnergy() {
        CryostatPlant p = atBase();
        p.resetEnergyLedger();
        long before = p.substeps();
        p.setHeaterPowerWatts(StageId.MXC, 1.0); // 1 W on a 10 mK plate: mK to K in a fraction of a second
        p.update(10.0);
        long used = p.substeps() - before;
        double hot = p.temperatureKelvin(StageId.MXC);
        p.setHeaterPowerWatts(StageId.MXC, 0);
        for (int i = 0; i < 3600; i++) {
            p.update(1.0);
        }
        System.out.printf(Locale.ROOT, "1 W for 10 s on the MXC: %d sub-steps, MXC %.2f K; 1 h later %.2f mK, phase " + p.dilutionPhase() + "%n",
                used, hot, 1e3 * p.temperatureKelvin(StageId.MXC));
        assertTrue(hot > 1.0 && Double.isFinite(hot));
        assertTrue(Math.abs(p.energyBalanceErrorJoules()) < 0.01 * p.energyLedger().heatInJoules());
    }

    @Test
    void sameInputsGiveBitIdenticalTrajectories() {
        CryostatPlant a = new CryostatPlant();
        CryostatPlant b = new CryostatPlant();
        for (int i = 0; i < 20000; i++) {
            a.update(3.0);
            b.update(3.0);
        }
        for (StageId s : StageId.values()) {
            assertEquals(Double.doubleToLongBits(a.temperatureKelvin(s)), Double.doubleToLongBits(b.temperatureKelvin(s)));
        }
    }

    @Test
    void updateDoesNotAllocate() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        CryostatPlant warm = new CryostatPlant();
        CryostatPlant cold = atBase();
        for (int i = 0; i < 20000; i++) { // warm-up, so the JIT has compiled what it will
            warm.update(1.0);
            cold.update(1.0);
        }
        long calibrate0 = mx.getThreadAllocatedBytes(thread);
        long calibrate1 = mx.getThreadAllocatedBytes(thread);
        long overhead = calibrate1 - calibrate0;
        long start = mx.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 50000; i++) {
            warm.update(1.0); // cooling from room temperature: multi-iteration Newton steps
            cold.update(1.0); // at base: single iteration
            cold.setHeaterPowerWatts(StageId.MXC, (i % 100) * 1e-6);
        }
        long allocated = mx.getThreadAllocatedBytes(thread) - start - overhead;
        assertTrue(allocated <= 0, "update allocated " + allocated + " bytes over 100000 calls");
    }

    @Test
    void pulseTubeStopWarmsThe4KPlateAndTheMixtureBoilsOff() {
        CryostatPlant p = atBase();
        double t4 = p.temperatureKelvin(StageId.PLATE_4K);
        p.setPulseTubeRunning(false);
        CryostatPlantValidationTest.run(p, 600, 1.0);
        double after10min = p.temperatureKelvin(StageId.PLATE_4K);
        CryostatPlantValidationTest.run(p, 3 * HOUR, 1.0);
        System.out.printf(Locale.ROOT, "pulse tube stop: 4k %.2f K -> %.2f K after 10 min, %.1f K after 3 h; phase %s; MXC %.2f K%n",
                t4, after10min, p.temperatureKelvin(StageId.PLATE_4K), p.dilutionPhase(), p.temperatureKelvin(StageId.MXC));
        assertTrue(after10min > t4 + 1.0, "4 K plate warms within minutes");
        assertEquals(DilutionPhase.PRECOOL, p.dilutionPhase(), "mixture lost once the still warms");
        assertTrue(p.temperatureKelvin(StageId.MXC) > 1.0);
        p.setPulseTubeRunning(true);
        CryostatPlantValidationTest.run(p, 12 * HOUR, 2.0);
        assertTrue(p.temperatureKelvin(StageId.MXC) < 0.015, "recovers to base with the pulse tube back");
    }

    @Test
    void circulationLossWarmsTheMixingChamber() {
        CryostatPlant p = atBase();
        // the liquid, where 84·n·T² acts (the plate sits above it by the Kapitza boundary's drop)
        double t = p.mixtureKelvin();
        p.setCirculationLossFraction(0.75);
        CryostatPlantValidationTest.run(p, 3600, 1.0); // a quarter of the flow: four times the liquid's time constant
        double quarter = p.mixtureKelvin();
        assertEquals(t * 2, quarter, 0.15 * t * 2, "a quarter of the flow doubles T at fixed load (Q ∝ n·T²)");
        p.setCirculationLossFraction(1.0);
        CryostatPlantValidationTest.run(p, 600, 1.0);
        System.out.printf(Locale.ROOT, "circulation loss: base %.2f mK, 75 %% lost %.2f mK, 100 %% lost %.3f K%n",
                1e3 * t, 1e3 * quarter, p.temperatureKelvin(StageId.MXC));
        assertTrue(p.temperatureKelvin(StageId.MXC) > 0.05, "no circulation, no dilution cooling");
    }

    @Test
    void vacuumDegradationAddsConductionThatLoadsTheColdStages() {
        CryostatPlant p = atBase();
        double still = p.temperatureKelvin(StageId.STILL);
        double mxc = p.temperatureKelvin(StageId.MXC);
        p.setVacuumGasPressurePascal(1e-3);
        CryostatPlantValidationTest.run(p, 1800, 1.0);
        System.out.printf(Locale.ROOT, "vacuum 1e-3 Pa: still %.3f -> %.3f K, MXC %.2f -> %.2f mK%n",
                still, p.temperatureKelvin(StageId.STILL), 1e3 * mxc, 1e3 * p.temperatureKelvin(StageId.MXC));
        // gas conduction from the cold plate swamps the MXC's µW budget first; the still's ṅ absorbs its share
        assertTrue(p.temperatureKelvin(StageId.STILL) > still);
        assertTrue(p.temperatureKelvin(StageId.MXC) > 2 * mxc);
    }
}
