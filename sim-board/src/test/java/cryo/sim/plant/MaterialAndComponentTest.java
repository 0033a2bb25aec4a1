package cryo.sim.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.device.StageId;
import org.junit.jupiter.api.Test;

/** The building blocks against their reference figures (CRYOSTAT.md). */
class MaterialAndComponentTest {

    @Test
    void copperHeatCapacityFollowsDebyeWarmAndGammaTPlusBetaT3Cold() {
        // near 300 K: ≈ 24.4 J/(mol·K) measured; the harmonic Debye model gives C_v, ~2 % under C_p
        assertEquals(24.4, CopperHeatCapacity.molarJoulesPerKelvin(300), 0.03 * 24.4);
        for (double t : new double[] {0.01, 0.1, 1, 4, 10}) {
            double expected = 0.695e-3 * t + 0.048e-3 * t * t * t;
            assertEquals(expected, CopperHeatCapacity.molarJoulesPerKelvin(t), 0.02 * expected, "C at " + t + " K");
        }
        // the table's enthalpy is the integral of the table's C
        double h1 = CopperHeatCapacity.molarEnthalpyJoules(40);
        double h2 = CopperHeatCapacity.molarEnthalpyJoules(40.001);
        assertEquals(CopperHeatCapacity.molarJoulesPerKelvin(40.0005), (h2 - h1) / 0.001, 1e-6);
        // H(298) − H(0) of copper is 5.00 kJ/mol (CODATA); harmonic Debye lands within a few %
        assertEquals(5004, CopperHeatCapacity.molarEnthalpyJoules(298.15), 0.04 * 5004);
    }

    @Test
    void timeConstantsShrinkByOrdersOfMagnitudeOnCooling() {
        double c300 = CopperHeatCapacity.molarJoulesPerKelvin(300);
        double c4 = CopperHeatCapacity.molarJoulesPerKelvin(4);
        double c10mK = CopperHeatCapacity.molarJoulesPerKelvin(0.010);
        // 300 K → 4 K is ~3.6 decades (CRYOSTAT.md says "about five": that holds from 300 K to ~0.1 K)
        assertTrue(c300 / c4 > 3e3 && c300 / c4 < 1e4, "C(300)/C(4) = " + c300 / c4);
        assertTrue(c300 / c10mK > 1e6, "C(300)/C(10 mK) = " + c300 / c10mK);
    }

    @Test
    void pulseTubeCapacityCurvesPassThroughTheRatedPointsAndVanishAtNoLoad() {
        CryostatPlant p = new CryostatPlant();
        assertEquals(40.0, p.pulseTubeCapacityWatts(StageId.PLATE_50K, 45.0), 1e-9);
        assertEquals(0.0, p.pulseTubeCapacityWatts(StageId.PLATE_50K, 30.0), 1e-12);
        assertEquals(1.4, p.pulseTubeCapacityWatts(StageId.PLATE_4K, 4.2), 1e-9);
        assertEquals(0.0, p.pulseTubeCapacityWatts(StageId.PLATE_4K, 2.8), 1e-12);
        double previous = -1;
        for (double t = 2.8; t < 300; t += 0.5) {
            double q = p.pulseTubeCapacityWatts(StageId.PLATE_4K, t);
            assertTrue(q > previous && q <= 20.0, "monotonic and saturating at " + t + " K");
            previous = q;
        }
        p.setPulseTubeRunning(false);
        assertEquals(0.0, p.pulseTubeCapacityWatts(StageId.PLATE_4K, 4.2));
    }

    @Test
    void stainlessConductivityIntegralMatchesTypicalValues() {
        // NIST 304: ∫ k dT from 4 K to 300 K ≈ 3.1 kW/m; 4 K to 77 K ≈ 0.32 kW/m
        double theta300 = Conductivity.STAINLESS_304.integral(300);
        double theta77 = Conductivity.STAINLESS_304.integral(77);
        double theta4 = Conductivity.STAINLESS_304.integral(4);
        assertEquals(3060, theta300 - theta4, 0.1 * 3060);
        assertEquals(325, theta77 - theta4, 0.1 * 325);
    }

    @Test
    void parametersRejectUnknownKeysAndOutOfRangeValuesNamingTheKey() {
        PlantParameters p = PlantParameters.defaults();
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> p.set("stage.mxc.mass", 1));
        assertTrue(unknown.getMessage().contains("stage.mxc.mass"));
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class, () -> p.set("stage.mxc.copper_kg", -1));
        assertTrue(negative.getMessage().contains("stage.mxc.copper_kg"));
        p.set("pt.stage2.no_load_k", 5.0);
        IllegalArgumentException relation = assertThrows(IllegalArgumentException.class, () -> new CryostatPlant(p));
        assertTrue(relation.getMessage().contains("pt.stage2.rated_k"));
        assertTrue(PlantParameters.defaults().markdownTable().contains("`dilution.mxc.coefficient_j_per_mol_k2` | 84"));
    }

    @Test
    void theSampleStageIsOptional() {
        CryostatPlant without = new CryostatPlant(PlantParameters.defaults().set(PlantParameter.MASS_SAMPLE, 0));
        assertTrue(!without.hasStage(StageId.SAMPLE) && without.hasStage(StageId.MXC));
        assertThrows(IllegalArgumentException.class, () -> without.temperatureKelvin(StageId.SAMPLE));
        assertThrows(IllegalArgumentException.class, () -> without.setHeaterPowerWatts(StageId.SAMPLE, 0));
        assertTrue(new CryostatPlant().hasStage(StageId.SAMPLE));
    }

    @Test
    void badInputsAreRefused() {
        CryostatPlant p = new CryostatPlant();
        assertThrows(IllegalArgumentException.class, () -> p.setHeaterPowerWatts(StageId.MXC, -1e-6));
        assertThrows(IllegalArgumentException.class, () -> p.setHeaterPowerWatts(StageId.MXC, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> p.setBoardDissipationWatts(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> p.update(-1));
        assertThrows(IllegalArgumentException.class, () -> p.update(Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> p.setCirculationLossFraction(1.5));
        assertThrows(IllegalArgumentException.class, () -> p.setVacuumGasPressurePascal(-1));
    }
}
