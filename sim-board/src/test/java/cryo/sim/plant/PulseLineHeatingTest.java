package cryo.sim.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.device.StageId;
import org.junit.jupiter.api.Test;

/**
 * Pulse-line heating: with {@code wiring.pulse_mxc_fraction} set, a share of the board's pulse power
 * lands on the mixing chamber (what makes pulse jobs a thermal load on it); off by default, where
 * the same pulses only warm the 4 K plate. Heaters off, open loop, from base.
 */
class PulseLineHeatingTest {
    static final double STATIC_WATTS = 2e-3;
    static final double PULSE_WATTS = 8e-3;

    /** MXC rise after {@code seconds} of 8 mW of pulses, kelvin; checks the energy balance on the way. */
    private static double[] riseAfter(PlantParameters figures, double seconds) {
        CryostatPlant p = CryostatPlant.cooledToBase(figures, 0.018);
        double base = p.temperatureKelvin(StageId.MXC);
        double plate = p.temperatureKelvin(StageId.PLATE_4K);
        p.resetEnergyLedger();
        double boardBefore = p.energyLedger().joulesIn(EnergyAccount.BOARD);
        p.setBoardDissipationWatts(STATIC_WATTS, PULSE_WATTS);
        for (int i = 0; i < seconds * 10; i++) {
            p.update(0.1);
        }
        double booked = p.energyLedger().joulesIn(EnergyAccount.BOARD) - boardBefore;
        assertEquals((STATIC_WATTS + PULSE_WATTS) * seconds, booked, 1e-9, "the whole board power is booked, wherever it lands");
        assertTrue(Math.abs(p.energyBalanceErrorJoules()) < 1e-3, "energy balance " + p.energyBalanceErrorJoules() + " J");
        return new double[] {p.temperatureKelvin(StageId.MXC) - base, p.temperatureKelvin(StageId.PLATE_4K) - plate, base};
    }

    @Test
    void offByDefaultPulsesOnlyWarmThe4KPlate() {
        double[] r = riseAfter(PlantParameters.defaults(), 300);
        assertTrue(r[0] < 1e-5, "mixing chamber moved " + r[0] * 1e3 + " mK");
        assertTrue(r[1] > 5e-3, "4 K plate moved " + r[1] * 1e3 + " mK");
    }

    @Test
    void switchedOnEightMilliwattsOfPulsesHeatTheMixingChamberOutOfA10MilliKelvinBand() {
        double[] r = riseAfter(PlantParameters.defaults().withPulseLineHeating(), 300);
        System.out.printf(java.util.Locale.ROOT, "pulse-line heating: base %.2f mK, +%.2f mK after 300 s of 8 mW pulses (48 uW on the MXC), 4 K plate +%.1f mK%n",
                r[2] * 1e3, r[0] * 1e3, r[1] * 1e3);
        assertTrue(r[0] > 10e-3, "mixing chamber rose " + r[0] * 1e3 + " mK");
        assertTrue(r[1] > 5e-3, "4 K plate still carries the rest: " + r[1] * 1e3 + " mK");
    }

    @Test
    void theStaticPartNeverReachesTheMixingChamber() {
        CryostatPlant on = CryostatPlant.cooledToBase(PlantParameters.defaults().withPulseLineHeating(), 0.018);
        double base = on.temperatureKelvin(StageId.MXC);
        on.setBoardDissipationWatts(STATIC_WATTS + PULSE_WATTS, 0);
        for (int i = 0; i < 3000; i++) {
            on.update(0.1);
        }
        assertTrue(on.temperatureKelvin(StageId.MXC) - base < 1e-5);
    }
}
