package cryo.sim.plant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.device.StageId;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Physical validation of the default plant against ../shared/reference/CRYOSTAT.md (issue 3, item 6).
 * Deterministic: virtual time only. Each test prints what it measured, so a drift shows as numbers.
 */
class CryostatPlantValidationTest {

    /** the still heater an automatic gas handling system would apply once circulating (ṅ ≈ 0.4 mmol/s) */
    static final double STILL_HEATER_WATTS = 0.015;
    static final double HOUR = 3600.0;

    /** one 48 h cooldown at a 1 s step, shared by the cooldown and energy-balance checks */
    static Cooldown cooldown;

    static final class Cooldown {
        final CryostatPlant plant = new CryostatPlant();
        double mxcBelow20mKSeconds = Double.NaN;
        double plate50kBelow60KSeconds = Double.NaN;
        double plate4kBelow10KSeconds = Double.NaN;
        double condensingSeconds = Double.NaN;
        double circulatingSeconds = Double.NaN;
        double lastHourMinMxc = Double.POSITIVE_INFINITY;
        double lastHourMaxMxc = 0;

        Cooldown(double stepSeconds, double hours) {
            plant.setHeaterPowerWatts(StageId.STILL, STILL_HEATER_WATTS);
            long steps = Math.round(hours * HOUR / stepSeconds);
            for (long i = 0; i < steps; i++) {
                plant.update(stepSeconds);
                double t = plant.timeSeconds();
                if (Double.isNaN(plate50kBelow60KSeconds) && plant.temperatureKelvin(StageId.PLATE_50K) < 60) {
                    plate50kBelow60KSeconds = t;
                }
                if (Double.isNaN(plate4kBelow10KSeconds) && plant.temperatureKelvin(StageId.PLATE_4K) < 10) {
                    plate4kBelow10KSeconds = t;
                }
                if (Double.isNaN(condensingSeconds) && plant.dilutionPhase() == DilutionPhase.CONDENSING) {
                    condensingSeconds = t;
                }
                if (Double.isNaN(circulatingSeconds) && plant.dilutionPhase() == DilutionPhase.CIRCULATING) {
                    circulatingSeconds = t;
                }
                double mxc = plant.temperatureKelvin(StageId.MXC);
                if (Double.isNaN(mxcBelow20mKSeconds) && mxc < 0.020) {
                    mxcBelow20mKSeconds = t;
                }
                if (t > (hours - 1) * HOUR) {
                    lastHourMinMxc = Math.min(lastHourMinMxc, mxc);
                    lastHourMaxMxc = Math.max(lastHourMaxMxc, mxc);
                }
            }
        }
    }

    @BeforeAll
    static void coolDown() {
        cooldown = new Cooldown(1.0, 48);
    }

    @Test
    void cooldownFromRoomTemperatureReachesBelow20mKWithin24To48Hours() {
        Cooldown c = cooldown;
        CryostatPlant p = c.plant;
        System.out.printf(Locale.ROOT, "cooldown (1 s steps): 50k<60K at %.2f h, 4k<10K at %.2f h, condensing at %.2f h, "
                        + "circulating at %.2f h, MXC<20mK at %.2f h%n",
                c.plate50kBelow60KSeconds / HOUR, c.plate4kBelow10KSeconds / HOUR, c.condensingSeconds / HOUR,
                c.circulatingSeconds / HOUR, c.mxcBelow20mKSeconds / HOUR);
        System.out.printf(Locale.ROOT, "after 48 h: 50k %.2f K, 4k %.3f K, still %.3f K, cold plate %.1f mK, MXC %.2f mK, "
                        + "sample %.2f mK, circulation %.3f mmol/s%n",
                p.temperatureKelvin(StageId.PLATE_50K), p.temperatureKelvin(StageId.PLATE_4K), p.temperatureKelvin(StageId.STILL),
                1e3 * p.temperatureKelvin(StageId.COLD_PLATE), 1e3 * p.temperatureKelvin(StageId.MXC),
                1e3 * p.temperatureKelvin(StageId.SAMPLE), 1e3 * p.circulationMolPerSecond());

        assertTrue(c.mxcBelow20mKSeconds >= 24 * HOUR && c.mxcBelow20mKSeconds <= 48 * HOUR,
                "MXC below 20 mK at " + c.mxcBelow20mKSeconds / HOUR + " h, expected 24-48 h");
        // most of the time goes into the 50 K and 4 K masses; condensing and circulating then take hours, not days
        assertTrue(c.plate50kBelow60KSeconds < c.plate4kBelow10KSeconds, "50 K plate cools before the 4 K plate");
        assertTrue(c.mxcBelow20mKSeconds - c.condensingSeconds < 6 * HOUR, "condensing to <20 mK within hours");
        assertEquals(DilutionPhase.CIRCULATING, p.dilutionPhase());
    }

    @Test
    void baseTemperatureWithDefaultParasiticLoadIs7To15mKAndStagesSitInTheirTypicalRanges() {
        CryostatPlant p = cooldown.plant;
        double base = p.temperatureKelvin(StageId.MXC);
        assertTrue(base >= 0.007 && base <= 0.015, "base " + base + " K");
        assertTrue(cooldown.lastHourMaxMxc - cooldown.lastHourMinMxc < 1e-6, "base is steady over the last hour");
        assertInRange(p.temperatureKelvin(StageId.PLATE_50K), 35, 55, "50 K plate");
        assertInRange(p.temperatureKelvin(StageId.PLATE_4K), 2.8, 4.2, "4 K plate");
        assertInRange(p.temperatureKelvin(StageId.STILL), 0.7, 1.0, "still");
        assertInRange(p.temperatureKelvin(StageId.COLD_PLATE), 0.050, 0.150, "cold plate");
        assertInRange(p.circulationMolPerSecond(), 0.1e-3, 1e-3, "circulation mol/s");
    }

    @Test
    void energyBalanceOverTheCooldownWithin1Percent() {
        CryostatPlant p = cooldown.plant;
        EnergyLedger l = p.energyLedger();
        double error = p.energyBalanceErrorJoules();
        double stored = p.storedEnergyChangeJoules();
        System.out.printf(Locale.ROOT, "cooldown energy: in %.6g J, out %.6g J, stored change %.6g J, error %.3g J (%.2g of |stored change|)%n",
                l.heatInJoules(), l.heatOutJoules(), stored, error, Math.abs(error / stored));
        for (EnergyAccount a : EnergyAccount.values()) {
            System.out.printf(Locale.ROOT, "  %-12s %14.6g J%n", a, l.joulesIn(a));
        }
        assertTrue(Math.abs(error) < 0.01 * Math.abs(stored), "balance error " + error + " J of " + stored + " J");
        assertTrue(Math.abs(error) < 0.01 * l.heatInJoules());
    }

    @Test
    void energyBalanceWithHeatersBoardAndAWarmupWithin1Percent() {
        CryostatPlant p = CryostatPlant.cooledToBase(PlantParameters.defaults(), STILL_HEATER_WATTS);
        p.resetEnergyLedger();
        // heater steps on every heated stage, board activity, then a pulse-tube stop and warm-up with heaters
        p.setHeaterPowerWatts(StageId.MXC, 200e-6);
        p.setBoardDissipationWatts(0.5);
        run(p, 0.5 * HOUR, 1.0);
        p.setHeaterPowerWatts(StageId.MXC, 0);
        p.setHeaterPowerWatts(StageId.STILL, 0.030);
        p.setBoardDissipationWatts(0.2);
        run(p, 0.5 * HOUR, 0.1);
        p.setPulseTubeRunning(false);
        p.setHeaterPowerWatts(StageId.PLATE_4K, 5.0);
        p.setHeaterPowerWatts(StageId.PLATE_50K, 20.0);
        run(p, 6 * HOUR, 10.0);
        EnergyLedger l = p.energyLedger();
        double error = p.energyBalanceErrorJoules();
        double stored = p.storedEnergyChangeJoules();
        System.out.printf(Locale.ROOT, "heaters + warm-up energy: in %.6g J, out %.6g J, stored change %.6g J, error %.3g J (%.2g); "
                        + "after 6 h warm-up 4k at %.1f K%n",
                l.heatInJoules(), l.heatOutJoules(), stored, error, Math.abs(error / stored), p.temperatureKelvin(StageId.PLATE_4K));
        assertTrue(p.temperatureKelvin(StageId.PLATE_4K) > 50, "the 4 K plate warms with the pulse tube off and heaters on");
        assertTrue(Math.abs(error) < 0.01 * Math.abs(stored));
        assertTrue(Math.abs(error) < 0.01 * l.heatInJoules());
    }

    @Test
    void mixingChamberCoolingPowerAt20_50_100mKWithin10PercentOf84nT2() {
        CryostatPlant p = CryostatPlant.cooledToBase(PlantParameters.defaults(), STILL_HEATER_WATTS);
        double base = p.temperatureKelvin(StageId.MXC);
        double[] targets = {0.020, 0.050, 0.100};
        double[] heater = new double[targets.length];
        double[] flow = new double[targets.length];
        for (int i = 0; i < targets.length; i++) {
            heater[i] = heaterHolding(p, targets[i]);
            flow[i] = p.circulationMolPerSecond();
        }
        // as in the lab: heater power P(T) = A·T² − B; B is the parasitic load, P + B the cooling power
        double[] x = {base * base, targets[0] * targets[0], targets[1] * targets[1], targets[2] * targets[2]};
        double[] y = {0, heater[0], heater[1], heater[2]};
        double mx = 0;
        double my = 0;
        for (int i = 0; i < 4; i++) {
            mx += x[i] / 4;
            my += y[i] / 4;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < 4; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        double slope = sxy / sxx;
        double parasitic = slope * mx - my;
        System.out.printf(Locale.ROOT, "cooling power: base %.2f mK, fitted parasitic %.3f uW, fitted 84*n equivalent %.2f J/(mol K2)%n",
                1e3 * base, 1e6 * parasitic, slope / mean(flow));
        for (int i = 0; i < targets.length; i++) {
            double measured = heater[i] + parasitic;
            double expected = 84 * flow[i] * targets[i] * targets[i];
            double err = measured / expected - 1;
            System.out.printf(Locale.ROOT, "  %3.0f mK: heater %.2f uW, measured %.2f uW, 84*n*T^2 %.2f uW (n %.4f mmol/s), error %+.2f %%%n",
                    1e3 * targets[i], 1e6 * heater[i], 1e6 * measured, 1e6 * expected, 1e3 * flow[i], 100 * err);
            assertTrue(Math.abs(err) < 0.10, "cooling power at " + targets[i] + " K off by " + err);
        }
        assertTrue(Math.abs(slope / (84 * mean(flow)) - 1) < 0.10);
    }

    @Test
    void fourKelvinPlateRisesWithBoardDissipationAlongThePulseTubeCapacityCurve() {
        CryostatPlant p = CryostatPlant.cooledToBase(PlantParameters.defaults(), STILL_HEATER_WATTS);
        double[] board = {0, 0.2, 0.4, 0.6, 0.8, 1.0};
        double[] t4 = new double[board.length];
        for (int i = 0; i < board.length; i++) {
            p.setBoardDissipationWatts(board[i]);
            run(p, 2 * HOUR, 1.0);
            t4[i] = p.temperatureKelvin(StageId.PLATE_4K);
        }
        double q0 = p.pulseTubeCapacityWatts(StageId.PLATE_4K, t4[0]);
        for (int i = 1; i < board.length; i++) {
            assertTrue(t4[i] > t4[i - 1], "4 K plate rises with board power");
            // the pulse tube lifts the board's heat on top of the unchanged base load
            double extraLift = p.pulseTubeCapacityWatts(StageId.PLATE_4K, t4[i]) - q0;
            double err = extraLift / board[i] - 1;
            System.out.printf(Locale.ROOT, "board %.1f W: 4k %.3f K, extra pulse-tube lift %.4f W, error %+.2f %%%n",
                    board[i], t4[i], extraLift, 100 * err);
            assertTrue(Math.abs(err) < 0.05, "board " + board[i] + " W: capacity rise " + extraLift + " W");
        }
        assertTrue(t4[t4.length - 1] < 4.6, "1 W of board still fits the 4 K budget: " + t4[t4.length - 1] + " K");
        assertTrue(p.temperatureKelvin(StageId.MXC) < 0.015, "the MXC keeps base while the board dissipates 1 W");
    }

    // ---------------------------------------------------------------------------------------------

    /** Bisects the MXC heater power that holds the MXC at {@code kelvin} in steady state. */
    static double heaterHolding(CryostatPlant p, double kelvin) {
        double lo = 0;
        double hi = 1e-3;
        for (int i = 0; i < 40; i++) {
            double mid = 0.5 * (lo + hi);
            p.setHeaterPowerWatts(StageId.MXC, mid);
            run(p, 200, 1.0);
            if (p.temperatureKelvin(StageId.MXC) > kelvin) {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        double watts = 0.5 * (lo + hi);
        p.setHeaterPowerWatts(StageId.MXC, watts);
        run(p, 600, 1.0);
        assertEquals(kelvin, p.temperatureKelvin(StageId.MXC), kelvin * 1e-4);
        return watts;
    }

    static void run(CryostatPlant p, double seconds, double step) {
        long n = Math.round(seconds / step);
        for (long i = 0; i < n; i++) {
            p.update(step);
        }
    }

    static double mean(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s / v.length;
    }

    static void assertInRange(double v, double lo, double hi, String what) {
        assertTrue(v >= lo && v <= hi, what + " = " + v + ", expected " + lo + " .. " + hi);
    }
}
