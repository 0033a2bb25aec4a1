package cryo.controller.interlock;

import cryo.controller.alarm.AlarmSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Normal operation for N simulated days in lock-step virtual time: a cooldown from 4 K, then
 * every two hours a tour of setpoints across the heater ranges (20, 50, 100, 200, 500, 800 mK and
 * back down), a setpoint ramp 20 → 100 mK in 1 mK steps and a relay autotune of the 50 mK zone,
 * with seeded sensor noise and a pulse sequence playing throughout. Healthy: any trip, alarm or
 * alarm event (a warning raised and cleared between two checks included) is a false trip, and so is the sequence stopping. The mixing-chamber plant has no Cryo-CMOS board
 * dissipation and no pulse tube: {@link #cryostat} runs the same kind of day on the five-stage
 * fridge with pulse-tube ripple and pulses that heat the 4 K plate.
 */
class SoakScenario {
    /** A setpoint tour: kelvin, heater range, seconds to hold. */
    private static final double[][] TOUR = {
            {0.020, 5, 900}, {0.050, 5, 900}, {0.100, 5, 900}, {0.200, 6, 900},
            {0.500, 7, 900}, {0.800, 7, 900}, {0.050, 5, 900},
    };

    final long seed;
    final List<String> trips = new ArrayList<>();
    long steps;
    int setpointChanges;
    int autotunes;
    int autotunesDone;
    long pulsesPlayed;
    double wallSeconds;

    SoakScenario(long seed) {
        this.seed = seed;
    }

    /** The five-stage cryostat variant ({@link CryostatSoak}): same summary and trip list. */
    static CryostatSoak cryostat(long seed) {
        return new CryostatSoak(seed);
    }

    SoakScenario run(double days) throws Exception {
        long t0 = System.nanoTime();
        try (SafetyHarness h = new SafetyHarness(seed)) {
            double end = days * 86_400;
            double now = 0;
            h.command(FaultMatrixTest.setpoint(0.050));
            now += advance(h, 1800); // cooldown from 4 K and settle
            String started = h.command(cryo.v1.Command.newBuilder().setStartSequence(
                    cryo.v1.StartSequence.newBuilder().setSequence(FaultMatrixTest.sequence()).setLoops(0)));
            if (!started.startsWith("accepted")) {
                throw new AssertionError("sequence: " + started);
            }
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
                // a relay autotune of the 50 mK zone, then back to zone mode
                if (now < end) {
                    h.command(FaultMatrixTest.setpoint(0.050));
                    now += advance(h, 300);
                    String tune = h.command(cryo.v1.Command.newBuilder().setStartAutotune(cryo.v1.StartAutotune.newBuilder()
                            .setLoopId("mxc").setZone(1).setStepWatts(5e-6).setAmplitudeLimitKelvin(3e-3).setTimeoutSeconds(600)));
                    if (!tune.startsWith("accepted")) {
                        throw new AssertionError("autotune: " + tune);
                    }
                    autotunes++;
                    for (int i = 0; i < 60 && h.controller.loops()[0].mode() == cryo.v1.LoopMode.LOOP_MODE_AUTOTUNE; i++) {
                        now += advance(h, 10);
                    }
                    if (cryo.controller.heater.Autotuner.DONE.equals(h.controller.loops()[0].autotuner().state())) {
                        autotunesDone++;
                    }
                    h.command(cryo.v1.Command.newBuilder().setSetMode(cryo.v1.SetMode.newBuilder().setLoopId("mxc")
                            .setMode(cryo.v1.LoopMode.LOOP_MODE_ZONE)));
                    now += advance(h, 300);
                    check(h, now);
                }
            }
            pulsesPlayed = h.board.pulseEngine().playedCount();
            check(h, now);
        }
        wallSeconds = (System.nanoTime() - t0) * 1e-9;
        return this;
    }

    double advance(SafetyHarness h, double seconds) {
        if (seconds <= 0) {
            return 0;
        }
        h.run(seconds);
        steps += Math.round(seconds / h.driver.dtSeconds());
        return seconds;
    }

    void check(SafetyHarness h, double now) {
        // every event the dispatcher delivered since the last check: a warning raised and cleared
        // between two checks never shows in the alarm set, but it still paged an operator
        cryo.v1.AlarmEvent e;
        while ((e = h.alarmEvents.poll()) != null) {
            String s = String.format(Locale.ROOT, "t<=%.0f s alarm event %s %s %s value %.4g limit %.4g", now, e.getKind(),
                    e.getAlarm().getSeverity(), e.getAlarm().getCause(), e.getAlarm().getValue(), e.getAlarm().getLimit());
            if (!trips.contains(s)) {
                trips.add(s);
            }
        }
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
        if (!cryo.controller.sequencer.PulseSequencerStage.RUNNING.equals(h.controller.sequencer().state())) {
            throw new AssertionError("t=" + now + " the pulse sequence stopped: " + h.controller.sequencer().state() + " "
                    + h.controller.sequencer().lastError());
        }
    }

    String summary() {
        return String.format(Locale.ROOT, "%d steps (%.1f simulated days), %d setpoint changes, %d autotunes (%d done), %d pulses played, "
                + "%d trips, %.1f s wall", steps, steps * 0.1 / 86_400, setpointChanges, autotunes, autotunesDone, pulsesPlayed, trips.size(), wallSeconds);
    }
}
