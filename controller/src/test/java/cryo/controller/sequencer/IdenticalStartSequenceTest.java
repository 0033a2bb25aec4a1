package cryo.controller.sequencer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.v1.AbortSequence;
import cryo.v1.Command;
import cryo.v1.StartSequence;
import cryo.v1.StopSequence;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two StartSequence commands with the same bytes, both queued before the ring takes the first,
 * each carry their own compiled plan in their ring event ({@code ControlEvent.prepared}). With the
 * old side map keyed by the command's value, the second's plan replaced the first's under the one
 * key and the first take removed it: the second was answered "was not compiled before it was queued".
 */
class IdenticalStartSequenceTest {
    private static final SequencerConfig CONFIG = SequencerConfig.defaults(0.1).withPrograms(false);
    /** The experiment with a 50 ms pass (as SequencerRingTest's), looped until aborted. */
    private static final cryo.v1.PulseSequence SEQUENCE = Sequences.experiment().toBuilder().setLengthTicks(50_000_000).build();

    @Test
    void twoIdenticalStartsQueuedTogetherEachGetTheirOwnPlan() throws Exception {
        try (SequencerHarness h = new SequencerHarness(CONFIG)) {
            h.driver.run(1.0);
            Command start = Command.newBuilder().setCorrelationId("same")
                    .setStartSequence(StartSequence.newBuilder().setSequence(SEQUENCE).setLoops(0)).build();
            Command again = Command.parseFrom(start.toByteArray()); // the same bytes, received a second time
            assertEquals(start, again);
            synchronized (h.results) {
                // the ring answers each command on its own thread through the harness's listener,
                // which takes this lock: while the test holds it the ring stays on the stop, so both
                // starts are compiled and queued before the ring takes the first
                assertTrue(h.controller.submit(Command.newBuilder().setCorrelationId("hold")
                        .setStopSequence(StopSequence.getDefaultInstance()).build()));
                assertTrue(h.controller.submit(start));
                assertTrue(h.controller.submit(again));
            }
            h.controller.awaitIdle();
            List<String> answers;
            synchronized (h.results) {
                answers = List.copyOf(h.results);
            }
            assertEquals(3, answers.size(), answers.toString());
            assertTrue(answers.get(1).startsWith("accepted: sequence"), answers.toString());
            assertTrue(answers.get(2).startsWith("refused: sequence \"" + SEQUENCE.getName() + "\" is running"),
                    "the second is judged on its own plan (already running), not lost: " + answers);
            h.driver.step();
            assertTrue(h.abort().startsWith("accepted"));
            h.driver.step();
            // and the same bytes a third time start the sequence again
            assertTrue(h.controller.submit(Command.parseFrom(start.toByteArray())));
            h.controller.awaitIdle();
            synchronized (h.results) {
                assertTrue(h.results.get(h.results.size() - 1).startsWith("accepted: sequence"), h.results.toString());
            }
        }
    }
}
