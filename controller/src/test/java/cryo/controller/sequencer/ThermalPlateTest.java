package cryo.controller.sequencer;

import static cryo.controller.sequencer.Sequences.channels;
import static cryo.controller.sequencer.Sequences.pulse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.device.StageId;
import cryo.sim.plant.MixingChamberPlant;
import cryo.sim.plant.Plant;
import cryo.v1.Envelope;
import cryo.v1.PulseSequence;
import org.junit.jupiter.api.Test;

/** An accepted sequence runs for a simulated hour and the 4 K plate stays under its limit. */
class ThermalPlateTest {

    /**
     * The mixing-chamber plant plus a lumped 4 K plate carrying the Cryo-CMOS board: heat capacity
     * C, link G to a 3.5 K pulse-tube stage. Its limit is where the budget would hold it in
     * steady state: 3.5 K + budget / G.
     */
    static final class PlatePlant implements Plant {
        final Plant inner = MixingChamberPlant.typical();
        final double baseKelvin = 3.5;
        final double conductanceWattsPerKelvin = 0.1;
        final double heatCapacityJoulesPerKelvin = 0.5;
        double plateKelvin = baseKelvin;
        double boardWatts;
        double maxKelvin = baseKelvin;
        double energyJoules;
        double seconds;

        @Override
        public void update(double dt) {
            inner.update(dt);
            plateKelvin += (boardWatts - conductanceWattsPerKelvin * (plateKelvin - baseKelvin)) / heatCapacityJoulesPerKelvin * dt;
            maxKelvin = Math.max(maxKelvin, plateKelvin);
            energyJoules += boardWatts * dt;
            seconds += dt;
        }

        @Override
        public boolean hasStage(StageId stage) {
            return inner.hasStage(stage);
        }

        @Override
        public double temperatureKelvin(StageId stage) {
            return inner.temperatureKelvin(stage);
        }

        @Override
        public void setHeaterPowerWatts(StageId stage, double powerWatts) {
            inner.setHeaterPowerWatts(stage, powerWatts);
        }

        @Override
        public void setBoardDissipationWatts(double powerWatts) {
            boardWatts = powerWatts;
        }

        @Override
        public double timeSeconds() {
            return inner.timeSeconds();
        }
    }

    @Test
    void anAcceptedSequenceKeepsThePlateUnderItsLimitForAnHour() throws Exception {
        SequencerConfig config = SequencerConfig.defaults(0.1).withBudgetWatts(6e-3);
        PlatePlant plate = new PlatePlant();
        double limitKelvin = plate.baseKelvin + config.budgetWatts() / plate.conductanceWattsPerKelvin;
        // a 10 ms pass: four channels, 2 ms pulses of every envelope
        PulseSequence s = channels("hour").setLengthTicks(10_000_000)
                .addPulses(pulse("drive", "q0", 0, 2_000_000, Envelope.ENVELOPE_SQUARE).setAmplitude(0.8))
                .addPulses(pulse("drive2", "q1", 1_000_000, 2_000_000, Envelope.ENVELOPE_COSINE).setAmplitude(0.8))
                .addPulses(pulse("bias", "flux", 3_000_000, 2_000_000, Envelope.ENVELOPE_GAUSSIAN).setAmplitude(0.5))
                .addPulses(pulse("read", "ro", 6_000_000, 2_000_000, Envelope.ENVELOPE_SQUARE).setAmplitude(1.0))
                .build();
        try (SequencerHarness h = new SequencerHarness(config, plate)) {
            h.board.pulseEngine().recordPlayed(0);
            String answer = h.start(s, 0);
            assertTrue(answer.startsWith("accepted"), answer);
            double figure = h.sequencer.plan().averagePowerWatts();
            assertTrue(figure <= config.budgetWatts());
            h.driver.run(3600);
            assertEquals(PulseSequencerStage.RUNNING, h.sequencer.state(), h.sequencer.lastError());
            assertEquals(0, h.board.pulseEngine().underflowCount());
            assertTrue(h.board.pulseEngine().playedCount() >= 4 * 359_000, "played " + h.board.pulseEngine().playedCount());
            assertTrue(plate.maxKelvin < limitKelvin, "plate peaked at " + plate.maxKelvin + " K, limit " + limitKelvin + " K");
            double measured = plate.energyJoules / plate.seconds;
            // the board's real dissipation agrees with the host's figure (the figure is the worst window, so not below it)
            assertTrue(measured <= figure * 1.001 && measured > figure * 0.95,
                    "board averaged " + measured * 1e3 + " mW, host figure " + figure * 1e3 + " mW");
        }
    }
}
