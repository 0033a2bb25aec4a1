package cryo.controller.interlock;

import cryo.controller.alarm.AlarmSet;
import cryo.hal.bus.BusException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Normal operation for N simulated days in lock-step virtual time: a cooldown from 4 K, then
 * every two hours a tour of setpoints across the heater ranges (20, 50, 100, 200, 500, 800 mK and
 * back down), a setpoint ramp 20 → 100 mK in 1 mK steps, with seeded sensor noise throughout.
 * Healthy: any trip or alarm is a false trip. Pulse load, pulse-tube ripple and autotune are not
 * in the simulator yet (plant, sequencer and heater issues).
 */
final class SoakScenario {
    /** A setpoint tour: kelvin, heater range, seconds to hold. */
    private static final double[][] TOUR = {
            {0.020, 5, 900}, {0.050, 5, 900}, {0.100, 5, 900}, {0.200, 6, 900},
            {0.500, 7, 900}, {0.800, 7, 900}, {0.050, 5, 900},
    };

    final long seed;
    final List<String> trips = new ArrayList<>();
    long steps;
    int setpointChanges;
    double wallSeconds;

    SoakScenario(long seed) {
        this.seed = seed;
    }

    SoakScenario run(double days) throws BusException {
        long t0 = System.nanoTime();
        try (SafetyHarness h = new SafetyHarness(seed)) {
            double end = days * 86_400;
            double now = 0;
            h.command(FaultMatrixTest.setpoint(0.050));
            now += advance(h, 1800); // cooldown from 4 K and settle
            while (now < end) {
                for (double[] stop : TOUR) {
                    if (now >= end) {
                        break;
                    }
                    int range = (int) stop[1];
                    boolean up = stop[0] > h.controller.loops()[0].setpointKelvin();
                    if (up) {
                        h.command(FaultMatrixTest.range(range)); // enough power before asking for more
                    }
                    h.command(FaultMatrixTest.setpoint(stop[0]));
                    setpointChanges++;
                    if (!up) {
                        now += advance(h, 60); // let it fall before shrinking the range
                        h.command(FaultMatrixTest.range(range));
                    }
                    now += advance(h, Math.min(stop[2], end - now));
                    check(h, now);
                }
                // a ramp: 20 -> 100 mK in 1 mK steps every 10 s
                h.command(FaultMatrixTest.setpoint(0.020));
                now += advance(h, 300);
                for (int mk = 21; mk <= 100 && now < end; mk++) {
                    h.command(FaultMatrixTest.setpoint(mk / 1000.0));
                    setpointChanges++;
                    now += advance(h, 10);
                }
                check(h, now);
            }
            check(h, now);
        }
        wallSeconds = (System.nanoTime() - t0) * 1e-9;
        return this;
    }

    private double advance(SafetyHarness h, double seconds) {
        if (seconds <= 0) {
            return 0;
        }
        h.run(seconds);
        steps += Math.round(seconds / h.driver.dtSeconds());
        return seconds;
    }

    private void check(SafetyHarness h, double now) {
        AlarmSet a = h.controller.alarms();
        for (int i = 0; i < a.count(); i++) {
            String s = String.format(Locale.ROOT, "t=%.0f s alarm %d %s value %.4g limit %.4g", now, a.get(i).alarmId(),
                    a.get(i).cause(), a.get(i).value(), a.get(i).limit());
            if (!trips.contains(s)) {
                trips.add(s);
            }
        }
        if (h.controller.interlock().tripped() && trips.isEmpty()) {
            trips.add("t=" + now + " interlock tripped: " + h.controller.interlock().cause());
        }
        if (h.controller.interlock().tripped()) {
            throw new AssertionError("false trip: " + trips);
        }
    }

    String summary() {
        return String.format(Locale.ROOT, "%d steps (%.1f simulated days), %d setpoint changes, %d trips, %.1f s wall",
                steps, steps * 0.1 / 86_400, setpointChanges, trips.size(), wallSeconds);
    }
}
