package cryo.controller.sequencer;

import static cryo.controller.sequencer.Sequences.channels;
import static cryo.controller.sequencer.Sequences.pulse;
import static org.junit.jupiter.api.Assertions.assertEquals;

import cryo.hal.pulse.PulseEntry;
import cryo.v1.Envelope;
import cryo.v1.PulseSequence;
import cryo.v1.RepeatBlock;
import org.junit.jupiter.api.Test;

/** The compiled form shares one parameter set per pulse definition across a block's repetitions. */
class CompiledSequenceTest {
    @Test
    void aFullPassOfRepeatedPulsesKeepsOneParameterSetPerDefinition() throws Exception {
        int perPass = SequencerConfig.defaults(0.1).maxEntriesPerPass(); // 262,144
        RepeatBlock.Builder train = RepeatBlock.newBuilder().setName("train").setCount(perPass / 4).setPeriodTicks(400);
        String[] ch = {"q0", "q1", "flux", "ro"};
        for (int i = 0; i < 4; i++) {
            train.addPulses(pulse("p" + i, ch[i], i * 80L, 40, Envelope.ENVELOPE_GAUSSIAN).setAmplitude(0.1 * (i + 1)));
        }
        PulseSequence s = channels("full").addPulses(pulse("lead", "mark", 0, 16, Envelope.ENVELOPE_SQUARE)).addBlocks(train).build();
        CompiledSequence c = new SequenceCompiler(SequencerConfig.defaults(0.1).withMaxEntriesPerPass(perPass + 1)).compile(s);
        assertEquals(perPass + 1, c.size());
        assertEquals(5, c.entries().definitions(), "one literal pulse and four block pulses, however many repetitions");
        // entries keep their own times and their definition's parameters, in time order
        PulseEntry last = c.entries().entry(c.size() - 1, 0);
        assertEquals((perPass / 4 - 1) * 400L + 3 * 80, last.boardTicks());
        assertEquals(5, last.channel());
        assertEquals("blocks[0] \"train\".pulses[3] \"p3\" repetition " + (perPass / 4 - 1), c.describe(c.size() - 1));
        assertEquals("pulses[0] \"lead\"", c.describe(0));
    }
}
