package cryo.workstation.mqtt;

import cryo.controller.mqtt.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.app.SimHarness;
import cryo.controller.telemetry.StatusBuilder;
import cryo.v1.NodeState;
import cryo.v1.Status;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Status end to end: ring → publisher → a real broker over a socket → a separate Paho client. */
class StatusOverMqttTest {
    @TempDir
    Path dir;

    @Test
    void mosquittoCarriesStatusesWithIncreasingSeq() throws Exception {
        Assumptions.assumeTrue(MosquittoProcess.available(), "mosquitto not installed");
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"), "")) {
            endToEnd(broker.uri());
        }
    }

    @Test
    void controlCarriesOnWhileTheBrokerIsAwayAndStatusesResumeWhenItReturns() throws Exception {
        Assumptions.assumeTrue(MosquittoProcess.available(), "mosquitto not installed");
        List<Status> got = new CopyOnWriteArrayList<>();
        try (SimHarness h = new SimHarness(11);
             MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"), "")) {
            try (StatusPublisher pub = publisher(h, broker.uri())) {
                await(pub::connected, "first connect");
                long firstBdSeq = pub.bdSeq();
                broker.kill();
                await(() -> !pub.connected(), "publisher notices the broker is gone");
                h.driver.run(120); // two minutes of control with no broker
                assertTrue(h.mxcKelvin() < 0.06, "control carried on: mxc at " + h.mxcKelvin());
                broker.restart(); // same port, so the publisher's URI stays valid
                try (Sub sub = subscriber(broker.uri(), got)) {
                    await(pub::connected, "reconnect");
                    assertTrue(pub.bdSeq() > firstBdSeq, "bd_seq increments on reconnect");
                    for (int i = 0; i < 600 && got.size() < 3; i++) {
                        h.driver.run(1);
                        LockSupport.parkNanos(5_000_000L);
                    }
                    assertTrue(got.size() >= 3, "statuses resumed, got " + got.size());
                    assertTrue(got.get(got.size() - 1).getStatusesDropped() > 0, "the outage is counted");
                }
            }
        }
    }

    private void endToEnd(String uri) throws Exception {
        List<Status> got = new CopyOnWriteArrayList<>();
        List<NodeState> states = new CopyOnWriteArrayList<>();
        try (SimHarness h = new SimHarness(9);
             Sub sub = subscriber(uri, got)) {
            sub.subscribe("cryo/v1/test-1/state", 1, (t, m) -> states.add(NodeState.parseFrom(m.getPayload())));
            try (StatusPublisher pub = publisher(h, uri)) {
                await(pub::connected, "publisher connects");
                for (int i = 0; i < 200 && got.size() < 5; i++) {
                    h.driver.run(1); // one status per board second
                    LockSupport.parkNanos(2_000_000L);
                }
                await(() -> got.size() >= 5, "five statuses");
            }
            await(() -> states.stream().anyMatch(NodeState::hasDeath), "clean Death on close");
        }
        for (int i = 1; i < got.size(); i++) {
            assertEquals((got.get(i - 1).getSeq() + 1) & 0xFF, got.get(i).getSeq(), "consecutive seq");
        }
        Status last = got.get(got.size() - 1);
        assertEquals("test-1", last.getNodeId());
        assertEquals("mxc", last.getStages(0).getStageId());
        double k = last.getStages(0).getTemperatureKelvin();
        assertTrue(k > 0.001 && k < 4.5, "a real temperature: " + k);
        assertTrue(states.get(0).hasBirth(), "Birth first");
        assertTrue(states.stream().filter(NodeState::hasDeath).allMatch(s -> s.getDeath().getClean()));
    }

    private static StatusPublisher publisher(SimHarness h, String uri) {
        return new StatusPublisher(uri, "test-1", "test", h.controller.statusChannel(),
                new StatusBuilder(h.controller.config()), System::nanoTime).start();
    }

    /** A Paho client that disconnects before closing (Paho refuses to close a connected client). */
    static final class Sub extends MqttClient implements AutoCloseable {
        Sub(String uri) throws Exception {
            super(uri, "sub-" + System.nanoTime(), new MemoryPersistence());
        }

        @Override
        public void close() {
            try {
                if (isConnected()) {
                    disconnectForcibly(500, 500);
                }
                super.close();
            } catch (org.eclipse.paho.client.mqttv3.MqttException ignored) {
                // test teardown
            }
        }
    }

    private static Sub subscriber(String uri, List<Status> got) throws Exception {
        Sub c = new Sub(uri);
        MqttConnectOptions o = new MqttConnectOptions();
        o.setCleanSession(true);
        c.connect(o);
        c.subscribe("cryo/v1/+/status", 0, (t, m) -> got.add(Status.parseFrom(m.getPayload())));
        return c;
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            LockSupport.parkNanos(10_000_000L);
        }
    }
}
