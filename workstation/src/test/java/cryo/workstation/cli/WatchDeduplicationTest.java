package cryo.workstation.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.v1.AlarmEvent;
import org.junit.jupiter.api.Test;

/** QoS 1 may deliver an alarm event twice after a broker restart; watch shows it once. */
class WatchDeduplicationTest {
    private static AlarmEvent event(String node, long id, boolean historical) {
        return AlarmEvent.newBuilder().setNodeId(node).setEventId(id).setHistorical(historical).build();
    }

    @Test
    void repeatedEventIdIsShownOncePerNode() {
        WatchCommand w = new WatchCommand();
        assertTrue(w.firstDelivery(event("a", 7, false)));
        assertFalse(w.firstDelivery(event("a", 7, true)), "redelivered from the outbox after the outage");
        assertTrue(w.firstDelivery(event("b", 7, false)), "another node's id 7 is another event");
        assertTrue(w.firstDelivery(event("a", 8, false)));
    }

    @Test
    void memoryIsBounded() {
        WatchCommand w = new WatchCommand();
        for (long id = 1; id <= 5000; id++) {
            assertTrue(w.firstDelivery(event("a", id, false)));
        }
        assertFalse(w.firstDelivery(event("a", 5000, false)));
        assertTrue(w.firstDelivery(event("a", 1, false)), "ids older than the last 4096 are forgotten");
    }
}
