package cryo.controller.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cryo.controller.app.SimHarness;
import cryo.controller.telemetry.StatusBuilder;
import cryo.v1.NodeState;
import cryo.v1.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18.4: two nodes of one id start at the same instant. Both look for a live node first and
 * find nobody (the test holds each after its look until both have looked), then both connect as
 * the same client: Mosquitto 2.0.11 pushes one off without a word. The one pushed off sees the
 * other's Birth (another instance id) and its statuses, and stands down with one line naming that
 * instance; it never reconnects, so exactly one node is alive on the broker and a watcher sees
 * only its plant's statuses from then on.
 */
class SimultaneousStartTest {
    private static final String NODE = "twin-2";
    /** Plant 2 runs this far ahead, so a status tells by its board time which plant it came from. */
    private static final double AHEAD_SECONDS = 200;

    @TempDir
    Path tmp;

    @Test
    void ofTwoNodesThatPassedTheLookTogetherOneStandsDownAndNeitherFights() throws Exception {
        assumeTrue(MosquittoProcess.available(), "mosquitto not installed");
        List<String> linesA = new CopyOnWriteArrayList<>();
        List<String> linesB = new CopyOnWriteArrayList<>();
        CyclicBarrier bothLooked = new CyclicBarrier(2);
        Runnable holdUntilBothLooked = () -> {
            try {
                bothLooked.await(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("the other node never looked", e);
            }
        };
        try (MosquittoProcess broker = MosquittoProcess.start(tmp.resolve("broker"), "");
             SimHarness h1 = new SimHarness(1);
             SimHarness h2 = new SimHarness(2);
             TestSubscriber watcher = new TestSubscriber(broker.uri(), NODE).only("state", "status")) {
            h2.driver.run(AHEAD_SECONDS);
            long plant2FromTicks = h2.board.clock().nowTicks();
            try (StatusPublisher a = publisher(broker, h1).beforeFirstConnect(holdUntilBothLooked).onRefused(linesA::add).start();
                 StatusPublisher b = publisher(broker, h2).beforeFirstConnect(holdUntilBothLooked).onRefused(linesB::add).start()) {
                step(h1, h2, () -> (a.refusal() == null) != (b.refusal() == null), 30);
                assertTrue((a.refusal() == null) != (b.refusal() == null), "exactly one stood down: a=" + a.refusal() + ", b=" + b.refusal()
                        + "; a: " + a.lastError() + ", b: " + b.lastError());
                StatusPublisher alive = a.refusal() == null ? a : b;
                StatusPublisher down = alive == a ? b : a;
                List<String> downLines = alive == a ? linesB : linesA;
                assertEquals(0, (alive == a ? linesA : linesB).size(), "the one alive says nothing");
                int marker = watcher.copy(watcher.statuses).size();
                long downConnects = down.connects();

                step(h1, h2, () -> false, 4.0); // four more seconds: nobody fights
                assertEquals(1, downLines.size(), "one line: " + downLines);
                String line = downLines.get(0);
                assertTrue(line.startsWith("node id '" + NODE + "' ") && line.contains("instance " + alive.instanceId())
                        && line.contains("this is instance " + down.instanceId()) && line.contains("not reconnecting"), line);
                assertNotEquals(alive.instanceId(), down.instanceId());
                assertEquals(downConnects, down.connects(), "the one that stood down never connected again");
                assertTrue(alive.connected(), "the other is alive: " + alive.lastError());
                long aliveConnects = alive.connects();
                assertTrue(aliveConnects <= 2, "pushed off at most once before the other stood down: " + aliveConnects);
                assertTrue(down.alive(), "the one that stood down keeps its session thread (statuses for the console)");

                List<Status> after = watcher.copy(watcher.statuses).subList(marker, watcher.copy(watcher.statuses).size());
                assertTrue(after.size() >= 5, "statuses kept coming: " + after.size());
                boolean alivePlant2 = alive == b;
                for (Status s : after) {
                    assertEquals(alivePlant2, s.getBoardTimeTicks() >= plant2FromTicks,
                            "after the stand-down every status is the live node's plant: " + s.getBoardTimeTicks() + " vs " + plant2FromTicks);
                }
                // Mosquitto publishes the will of a session it pushes off: a Death of either instance may come
                // before the live Birth, and is stale by bd_seq; the last word is the live node's Birth
                List<NodeState> states = watcher.copy(watcher.states);
                NodeState last = states.get(states.size() - 1);
                assertTrue(last.hasBirth() && last.getBirth().getInstanceId().equals(alive.instanceId()), "the state is the live node's Birth: " + states);
                for (NodeState s : states) {
                    if (s.hasDeath() && s.getDeath().getInstanceId().equals(alive.instanceId())) {
                        assertTrue(s.getDeath().getBdSeq() < last.getBirth().getBdSeq(), "a Death of the live node is of an earlier session: " + states);
                    }
                }
            }
        }
    }

    @Test
    void birthsAndDeathsCarryTheInstanceId() throws Exception {
        assumeTrue(MosquittoProcess.available(), "mosquitto not installed");
        try (MosquittoProcess broker = MosquittoProcess.start(tmp.resolve("broker"), "");
             SimHarness h = new SimHarness(1);
             TestSubscriber watcher = new TestSubscriber(broker.uri(), NODE).only("state")) {
            String instance;
            try (StatusPublisher p = publisher(broker, h).start()) {
                instance = p.instanceId();
                assertTrue(instance.matches("[0-9a-f]{16}"), instance);
                step(h, null, () -> !watcher.copy(watcher.states).isEmpty(), 10);
                try (StatusPublisher q = publisher(broker, h)) {
                    assertNotEquals(instance, q.instanceId(), "a new instance id per start");
                }
            }
            assertTrue(TestSubscriber.await(10, () -> watcher.copy(watcher.states).stream().anyMatch(NodeState::hasDeath)));
            List<NodeState> states = watcher.copy(watcher.states);
            assertEquals(instance, states.get(0).getBirth().getInstanceId());
            NodeState death = states.stream().filter(NodeState::hasDeath).findFirst().orElseThrow();
            assertEquals(instance, death.getDeath().getInstanceId());
        }
    }

    private static StatusPublisher publisher(MosquittoProcess broker, SimHarness h) {
        return new StatusPublisher(broker.uri(), NODE, "test", h.controller.statusChannel(),
                new StatusBuilder(h.controller.config()), System::nanoTime);
    }

    /** Steps both plants (board seconds, so both nodes build statuses) until the condition or the wall-clock bound. */
    private static void step(SimHarness h1, SimHarness h2, BooleanSupplier until, double seconds) {
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (!until.getAsBoolean() && System.nanoTime() < deadline) {
            h1.driver.run(0.2);
            if (h2 != null) {
                h2.driver.run(0.2);
            }
            LockSupport.parkNanos(20_000_000L);
        }
    }
}
