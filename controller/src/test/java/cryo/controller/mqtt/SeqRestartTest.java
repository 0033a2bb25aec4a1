package cryo.controller.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cryo.controller.app.SimHarness;
import cryo.controller.telemetry.StatusBuilder;
import cryo.v1.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18.5: Status seq restarts at 0 after every Birth (a rebirth, a reconnect), as Sparkplug has it; in between it counts on by one. */
class SeqRestartTest {
    @TempDir
    Path tmp;

    @Test
    void seqRestartsAtZeroAfterARebirthAndAfterAReconnect() throws Exception {
        assumeTrue(MosquittoProcess.available(), "mosquitto not installed");
        try (SimHarness h = new SimHarness(5);
             MosquittoProcess broker = MosquittoProcess.start(tmp.resolve("broker"), "");
             TestSubscriber sub = new TestSubscriber(broker.uri(), "test-1").only("status", "state");
             StatusPublisher pub = new StatusPublisher(broker.uri(), "test-1", "test", h.controller.statusChannel(),
                     new StatusBuilder(h.controller.config()), System::nanoTime).start()) {
            assertTrue(TestSubscriber.await(10, pub::connected), pub.lastError());
            step(h, () -> sub.copy(sub.statuses).size() >= 5);
            List<Status> first = sub.copy(sub.statuses);
            assertEquals(0, first.get(0).getSeq(), "the first status after the Birth is seq 0");
            for (int i = 1; i < first.size(); i++) {
                assertEquals(i, first.get(i).getSeq(), "consecutive");
            }

            int births = sub.copy(sub.states).size();
            pub.requestRebirth();
            assertTrue(TestSubscriber.await(10, () -> sub.copy(sub.states).size() > births), "rebirth published");
            int before = sub.copy(sub.statuses).size();
            step(h, () -> sub.copy(sub.statuses).size() >= before + 3);
            assertEquals(0, sub.copy(sub.statuses).get(before).getSeq(), "seq 0 after the rebirth");

            long bdSeq = pub.bdSeq();
            broker.kill();
            assertTrue(TestSubscriber.await(10, () -> !pub.connected()), "outage noticed");
            h.driver.run(5); // statuses built and dropped while away
            broker.restart();
            sub.connect();
            sub.only("status", "state");
            assertTrue(TestSubscriber.await(15, () -> pub.connected() && pub.bdSeq() > bdSeq), "reconnected");
            int after = sub.copy(sub.statuses).size();
            step(h, () -> sub.copy(sub.statuses).size() >= after + 3);
            Status s = sub.copy(sub.statuses).get(after);
            assertEquals(pub.bdSeq(), s.getBdSeq());
            assertEquals(0, s.getSeq(), "seq 0 after the new Birth");
        }
    }

    private static void step(SimHarness h, BooleanSupplier until) {
        for (int i = 0; i < 300 && !until.getAsBoolean(); i++) {
            h.driver.run(1);
            LockSupport.parkNanos(5_000_000L);
        }
        assertTrue(TestSubscriber.await(5, until), "statuses arrived");
    }
}
