package cryo.controller.ring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import cryo.v1.Command;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lock-step inline: the ring's stages run on the caller's thread, in order, with the same failure path. */
class ControlRingInlineTest {

    @Test
    void stagesRunOnTheCallersThreadInOrderAndAFailingStageGoesToTheFailureHandler() {
        List<String> seen = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        List<String> results = new ArrayList<>();
        Thread caller = Thread.currentThread();
        RingStage first = e -> seen.add("first " + e.type + " " + e.boardTicks + (Thread.currentThread() == caller ? "" : " other thread"));
        RingStage failing = e -> {
            if (e.boardTicks == 20) {
                throw new IllegalStateException("boom");
            }
        };
        RingStage last = e -> {
            seen.add("last " + e.type);
            if (e.type == EventType.COMMAND) {
                e.outcome.accept("ok");
            }
        };
        try (ControlRing ring = new ControlRing(8, 1, ControlRing.defaultWaitStrategy(), List.of(first, failing, last),
                (c, ok, why, t) -> results.add(c.getCorrelationId() + " " + ok + " " + why + " " + t),
                (e, stage, error) -> failures.add(e.boardTicks + " " + error.getMessage())).startInline()) {
            ring.awaitProcessed(ring.publishTick(10, 0));
            assertEquals(List.of("first TICK 10", "last TICK"), seen);
            // more events than the ring holds, one pass at a time: each slot is freed as it runs
            for (long t = 20; t < 200; t += 10) {
                ring.awaitProcessed(ring.publishTick(t, 0));
            }
            assertEquals(List.of("20 boom"), failures, "the stage that threw went to the trip path");
            assertEquals(2 + 2 * 18, seen.size(), "and the later stages still ran");
            ring.tryPublishCommand(Command.newBuilder().setCorrelationId("c1").build(), 300);
            assertEquals(List.of(), results, "nothing runs until the caller steps");
            ring.awaitProcessed(ring.cursor());
            assertEquals(List.of("c1 true ok 300"), results);
            assertFalse(ring.thread().isAlive(), "no ring thread");
            assertThrows(IllegalStateException.class, ring::start);
        }
    }
}
