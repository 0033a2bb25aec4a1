package cryo.controller.interlock;

import cryo.controller.config.ConfigLoader;
import cryo.controller.config.ControllerConfig;
import cryo.controller.heater.Autotuner;
import cryo.controller.heater.HeaterLoop;
import cryo.hal.device.StageId;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.sim.plant.PlantParameters;
import cryo.v1.ChannelKind;
import cryo.v1.Command;
import cryo.v1.Envelope;
import cryo.v1.LoopMode;
import cryo.v1.Pulse;
import cryo.v1.PulseChannel;
import cryo.v1.PulseSequence;
import java.util.Locale;

/**
 * The no-false-trip soak on the five-stage cryostat, wired as {@code ./cryo run}: the plant cooled
 * to base with pulse-tube ripple on ({@link PlantParameters#withPulseTubeRipple}: 1.4 Hz, ~21 mK
 * peak to peak on the 4 K plate), the shipped {@code cryo-cryostat.yaml} (mixing chamber in zone
 * mode with its 10 mK/min setpoint ramp, still in PID at 0.8 K), seeded sensor noise, and a
 * sequence looping throughout whose pulses heat the 4 K plate through the board (6.4 mW for one
 * second in two, plus a Gaussian drive pulse every 50 ms; 8.4 mW worst one-second average with the
 * static 2 mW, inside the sequencer's 10 mW budget). A cycle of ~3.3 h, repeated: a tour of
 * mixing-chamber setpoints across the four zones (20, 50, 100, 200, 300 mK, back to 50), a
 * 20 → 100 mK ramp in 1 mK steps, and a relay autotune of zone 1 at 50 mK. Healthy: any alarm
 * (warnings included), a trip, the sequence stopping, an autotune not completing, or the still
 * leaving 0.8 K by more than {@link #STILL_BAND_KELVIN} fails it.
 *
 * <p>Not in it: the cooldown from room temperature (the plant cools before the controller starts,
 * as for {@code ./cryo run}; the mixing-chamber soak keeps its cooldown from 4 K).
 */
final class CryostatSoak extends SoakScenario {
    /** mixing-chamber setpoint tour, kelvin; each held for its ramp time plus {@link #HOLD_SECONDS} */
    private static final double[] TOUR = {0.020, 0.050, 0.100, 0.200, 0.300, 0.050};
    private static final double HOLD_SECONDS = 900;
    private static final double RAMP_KELVIN_PER_SECOND = 0.010 / 60; // the shipped file's ramp
    /** The still's true temperature may leave 0.8 K by this much at most (load steps from the MXC). */
    static final double STILL_BAND_KELVIN = 5e-3;

    double stillMinKelvin = Double.MAX_VALUE;
    double stillMaxKelvin = -Double.MAX_VALUE;
    double plate4kMinKelvin = Double.MAX_VALUE;
    double plate4kMaxKelvin = -Double.MAX_VALUE;
    /** Average Cryo-CMOS dissipation on the 4 K plate over the run (static + pulses), from the plant's energy ledger. */
    double boardAverageWatts;
    private double boardJoulesAtStart;
    /** The sequencer's answer to the start: its thermal-budget figure. */
    String sequenceVerdict = "";

    CryostatSoak(long seed) {
        super(seed);
    }

    /** The shipped configuration on the rippling cryostat board, as {@code ./cryo run} builds it. */
    static SafetyHarness harness(long seed) throws Exception {
        ControllerConfig cfg = ConfigLoader.loadShipped(ConfigLoader.CRYOSTAT_RESOURCE);
        SimulatedBoard board = SimulatedBoards.cryostatAtBase(PlantParameters.defaults().withPulseTubeRipple(), seed);
        return new SafetyHarness(board, cfg, null, null);
    }

    /** 2 s pass: 1 s of two square pulses at 0.8 of full scale (6.4 mW on the plate), a drive pulse every 50 ms. */
    static PulseSequence heatingSequence() {
        PulseSequence.Builder b = PulseSequence.newBuilder().setName("soak-heat").setVersion(1)
                .addChannels(PulseChannel.newBuilder().setName("q0").setKind(ChannelKind.CHANNEL_DRIVE).setBoardChannel(0).setMaxAmplitude(0.8))
                .addChannels(PulseChannel.newBuilder().setName("ro").setKind(ChannelKind.CHANNEL_READOUT).setBoardChannel(1).setMaxAmplitude(0.8))
                .addChannels(PulseChannel.newBuilder().setName("fb").setKind(ChannelKind.CHANNEL_FLUX_BIAS).setBoardChannel(2).setMaxAmplitude(0.8))
                .addPulses(Pulse.newBuilder().setName("readout").setChannel("ro").setStartTicks(0).setDurationTicks(1_000_000_000L)
                        .setAmplitude(0.8).setEnvelope(Envelope.ENVELOPE_SQUARE))
                .addPulses(Pulse.newBuilder().setName("bias").setChannel("fb").setStartTicks(0).setDurationTicks(1_000_000_000L)
                        .setAmplitude(0.8).setEnvelope(Envelope.ENVELOPE_SQUARE));
        for (int i = 0; i < 40; i++) {
            b.addPulses(Pulse.newBuilder().setName("x90-" + i).setChannel("q0").setStartTicks(i * 50_000_000L).setDurationTicks(40)
                    .setAmplitude(0.4).setPhaseRadians(0.25).setCarrierHz(5.1e6).setEnvelope(Envelope.ENVELOPE_GAUSSIAN).setSigmaTicks(10));
        }
        return b.setLengthTicks(2_000_000_000L).build();
    }

    @Override
    CryostatSoak run(double days) throws Exception {
        long t0 = System.nanoTime();
        try (SafetyHarness h = harness(seed)) {
            double end = days * 86_400;
            double now = 0;
            boardJoulesAtStart = ((cryo.sim.plant.CryostatPlant) h.board.plant()).energyLedger()
                    .joulesIn(cryo.sim.plant.EnergyAccount.BOARD);
            // the shipped configuration out of the box: 20 mK, still 0.8 K. The board's heaters start
            // at zero (the plant was cooled with 18 mW on the still), so the still dips while its loop
            // takes over: the still band is measured from the end of this start-up on
            now += advance(h, 1200);
            stillMinKelvin = Double.MAX_VALUE;
            stillMaxKelvin = -Double.MAX_VALUE;
            String started = h.command(Command.newBuilder().setStartSequence(
                    cryo.v1.StartSequence.newBuilder().setSequence(heatingSequence()).setLoops(0)));
            if (!started.startsWith("accepted")) {
                throw new AssertionError("sequence: " + started);
            }
            sequenceVerdict = started;
            now += advance(h, 600);
            check(h, now);
            while (now < end) {
                for (double sp : TOUR) {
                    if (now >= end) {
                        break;
                    }
                    double from = mxc(h).setpointKelvin();
                    h.command(FaultMatrixTest.setpoint(sp));
                    setpointChanges++;
                    now += advance(h, Math.min(Math.abs(sp - from) / RAMP_KELVIN_PER_SECOND + HOLD_SECONDS, end - now));
                    check(h, now);
                }
                // a ramp: 20 -> 100 mK in 1 mK steps every 10 s (6 mK/min, inside the shipped 10 mK/min)
                if (now < end) {
                    h.command(FaultMatrixTest.setpoint(0.020));
                    setpointChanges++;
                    now += advance(h, Math.min(600, end - now));
                }
                for (int mk = 21; mk <= 100 && now < end; mk++) {
                    h.command(FaultMatrixTest.setpoint(mk / 1000.0));
                    setpointChanges++;
                    now += advance(h, 10);
                }
                check(h, now);
                // a relay autotune of zone 1 at 50 mK, then back to zone mode
                if (now < end) {
                    h.command(FaultMatrixTest.setpoint(0.050));
                    setpointChanges++;
                    now += advance(h, 600);
                    String tune = h.command(Command.newBuilder().setStartAutotune(cryo.v1.StartAutotune.newBuilder()
                            .setLoopId("mxc").setZone(1).setStepWatts(5e-6).setAmplitudeLimitKelvin(3e-3).setTimeoutSeconds(900)));
                    if (!tune.startsWith("accepted")) {
                        throw new AssertionError("autotune: " + tune);
                    }
                    autotunes++;
                    for (int i = 0; i < 95 && mxc(h).mode() == LoopMode.LOOP_MODE_AUTOTUNE; i++) {
                        now += advance(h, 10);
                    }
                    String state = mxc(h).autotuner().state();
                    if (Autotuner.DONE.equals(state)) {
                        autotunesDone++;
                    } else {
                        throw new AssertionError(String.format(Locale.ROOT, "t=%.0f s autotune %d ended %s: %s", now, autotunes,
                                state, mxc(h).autotuner().message()));
                    }
                    h.command(Command.newBuilder().setSetMode(cryo.v1.SetMode.newBuilder().setLoopId("mxc")
                            .setMode(LoopMode.LOOP_MODE_ZONE)));
                    now += advance(h, Math.min(600, end - now));
                    check(h, now);
                }
            }
            pulsesPlayed = h.board.pulseEngine().playedCount();
            cryo.sim.plant.CryostatPlant plant = (cryo.sim.plant.CryostatPlant) h.board.plant();
            boardAverageWatts = (plant.energyLedger().joulesIn(cryo.sim.plant.EnergyAccount.BOARD) - boardJoulesAtStart) / now;
            check(h, now);
        }
        wallSeconds = (System.nanoTime() - t0) * 1e-9;
        return this;
    }

    private static HeaterLoop mxc(SafetyHarness h) {
        return h.controller.loops()[0];
    }

    /** Runs in 1 s slices, sampling the still and 4 K plate (true temperatures) and the board's dissipation. */
    @Override
    double advance(SafetyHarness h, double seconds) {
        double done = 0;
        while (done < seconds - 1e-9) {
            double slice = Math.min(1.0, seconds - done);
            done += super.advance(h, slice);
            double still = h.stageKelvin(StageId.STILL);
            double plate = h.stageKelvin(StageId.PLATE_4K);
            stillMinKelvin = Math.min(stillMinKelvin, still);
            stillMaxKelvin = Math.max(stillMaxKelvin, still);
            plate4kMinKelvin = Math.min(plate4kMinKelvin, plate);
            plate4kMaxKelvin = Math.max(plate4kMaxKelvin, plate);
        }
        return seconds;
    }

    @Override
    void check(SafetyHarness h, double now) {
        super.check(h, now);
        if (h.controller.loops()[1].mode() != LoopMode.LOOP_MODE_PID) {
            throw new AssertionError("t=" + now + " the still loop left PID: " + h.controller.loops()[1].mode());
        }
        if (stillMaxKelvin - 0.8 > STILL_BAND_KELVIN || 0.8 - stillMinKelvin > STILL_BAND_KELVIN) {
            throw new AssertionError(String.format(Locale.ROOT, "t=%.0f s the still left 0.8 K: %.4f..%.4f K", now,
                    stillMinKelvin, stillMaxKelvin));
        }
    }

    @Override
    String summary() {
        return super.summary() + String.format(Locale.ROOT, "; cryostat, ripple on: still %.2f..%.2f mK, 4 K plate %.4f..%.4f K, "
                + "board dissipation %.2f mW average", stillMinKelvin * 1e3, stillMaxKelvin * 1e3, plate4kMinKelvin, plate4kMaxKelvin,
                boardAverageWatts * 1e3);
    }
}
