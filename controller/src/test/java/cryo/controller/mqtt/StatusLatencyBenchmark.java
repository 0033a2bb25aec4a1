package cryo.controller.mqtt;

import cryo.controller.app.Controller;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.ring.ControlRing;
import cryo.controller.telemetry.StatusBuilder;
import cryo.sim.board.LockStepDriver;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Benchmark (not a test; run by hand, see docs/MQTT.md): latency of a status from the control
 * tick that produces it to a subscriber's Paho callback through a local mosquitto, against a bare
 * Paho client publishing the same payload through the same broker, in alternating blocks of the
 * same run. One message in flight at a time.
 *
 * <pre>java -cp controller/target/test-classes:controller/target/classes:controller/target/lib/* \
 *   cryo.controller.mqtt.StatusLatencyBenchmark [samples]</pre>
 */
public final class StatusLatencyBenchmark {
    private static volatile long arrivedNanos;
    private static volatile int arrivedCount;

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        Path dir = Files.createTempDirectory("cryo-bench");
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"), "")) {
            SimulatedBoard board = SimulatedBoards.mixingChamber(1);
            ControllerConfig d = DefaultConfig.mixingChamber("bench-1", board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve());
            // a status on every tick, so each tick is one sample
            ControllerConfig config = new ControllerConfig("bench-1", d.firmwareVersion(), d.tickIntervalSeconds(), d.tickIntervalSeconds(),
                    d.watchdogTimeoutMillis(), d.staleTicks(), d.sensors(), d.loops(), d.overTemperature());
            Controller controller = Controller.create(config, board, board.clock(), ControlRing.defaultWaitStrategy(), (c, ok, w, t) -> { }).start();
            LockStepDriver driver = new LockStepDriver(board, config.tickIntervalSeconds(), controller::step);
            StatusPublisher session = new StatusPublisher(BrokerOptions.plain(broker.uri()), config, controller.statusChannel(),
                    new StatusBuilder(config), System::nanoTime).start();
            MqttClient sub = new MqttClient(broker.uri(), "bench-sub", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            sub.connect(o);
            sub.subscribe("cryo/v1/bench-1/status", 0, (t, m) -> arrive());
            sub.subscribe("bare/status", 0, (t, m) -> arrive());
            MqttClient bare = new MqttClient(broker.uri(), "bench-bare", new MemoryPersistence());
            bare.connect(o);
            while (!session.connected()) {
                LockSupport.parkNanos(1_000_000L);
            }
            byte[] payload = statusBytes(config, session);
            Histogram ours = new Histogram(3_600_000_000L, 3);
            Histogram plain = new Histogram(3_600_000_000L, 3);
            int block = 1000;
            int warmup = Math.min(5000, samples / 4);
            for (int done = -warmup; done < samples; done += block) {
                for (int i = 0; i < block; i++) {
                    int before = arrivedCount;
                    long t0 = System.nanoTime();
                    driver.step();
                    long lat = await(before, t0);
                    if (done >= 0 && lat >= 0) {
                        ours.recordValue(lat / 1000);
                    }
                }
                for (int i = 0; i < block; i++) {
                    int before = arrivedCount;
                    long t0 = System.nanoTime();
                    bare.publish("bare/status", payload, 0, false);
                    long lat = await(before, t0);
                    if (done >= 0 && lat >= 0) {
                        plain.recordValue(lat / 1000);
                    }
                }
            }
            System.out.printf("payload %d bytes, %d samples each, microseconds%n", payload.length, samples);
            print("cryo status (tick -> subscriber)", ours);
            print("bare Paho publish -> subscriber ", plain);
            System.out.printf("overhead at p99: %.2fx%n", ours.getValueAtPercentile(99) / (double) plain.getValueAtPercentile(99));
            System.out.printf("statuses dropped by the session: %d%n", session.dropped());
            session.close();
            sub.disconnect();
            bare.disconnect();
            controller.close();
        }
    }

    private static byte[] statusBytes(ControllerConfig cfg, StatusPublisher s) {
        // a status of the same shape as the ones the node publishes (same stages and loops)
        cryo.controller.telemetry.StatusSnapshot snap = new cryo.controller.telemetry.StatusSnapshot(cfg.sensors().size(), cfg.loops().size());
        return new StatusBuilder(cfg).build(snap, s.bdSeq(), 0).toByteArray();
    }

    private static void arrive() {
        arrivedNanos = System.nanoTime();
        arrivedCount++;
    }

    private static long await(int before, long t0) {
        long deadline = t0 + 2_000_000_000L;
        while (arrivedCount == before) {
            if (System.nanoTime() > deadline) {
                return -1;
            }
            Thread.onSpinWait();
        }
        return arrivedNanos - t0;
    }

    private static void print(String name, Histogram h) {
        System.out.printf("%s p50 %6d  p99 %6d  p99.9 %6d  max %7d  (n=%d)%n", name, h.getValueAtPercentile(50),
                h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(), h.getTotalCount());
    }
}
