package cryo.controller.mqtt;

import cryo.controller.app.Controller;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.ring.ControlRing;
import cryo.controller.ring.EventType;
import cryo.controller.telemetry.StatusBuilder;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Benchmark (not a test; run by hand with {@code controller/status-latency-bench.sh}, see
 * docs/MQTT.md): latency of a status from the ring to a subscriber's Paho callback through a
 * local mosquitto, against a bare Paho client publishing the same payload through the same
 * broker, in alternating blocks of the same run, one message in flight at a time.
 *
 * <p>"From the ring" starts when the ring thread has handed the status snapshot to the session
 * (a probe stage after the telemetry stage reads the clock on the ring thread), so it covers the
 * session's part: the wake-up of the session thread, building the protobuf and the same Paho
 * publish the bare client does. The whole tick (board reads, interlock, PID, then the same) is
 * printed as well, for information. The measuring thread parks until the subscriber's callback
 * unparks it (no spinning: on two cores a spinning measurer takes a core from the path it
 * measures).
 */
public final class StatusLatencyBenchmark {
    private static volatile long arrivedNanos;
    private static volatile int arrivedCount;
    private static volatile long handedOffNanos;
    private static volatile Thread measurer;
    private static volatile byte[] lastStatusBytes;
    private static long probeLate;

    public static void main(String[] args) throws Exception {
        int samples = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        System.out.println(machine("at start"));
        measurer = Thread.currentThread();
        Path dir = Files.createTempDirectory("cryo-bench");
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"), "")) {
            SimulatedBoard board = SimulatedBoards.mixingChamber(1);
            ControllerConfig d = DefaultConfig.mixingChamber("bench-1", board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve());
            // a status on every tick, so each tick is one sample
            ControllerConfig config = new ControllerConfig("bench-1", d.firmwareVersion(), d.tickIntervalSeconds(), d.tickIntervalSeconds(),
                    d.watchdogTimeoutMillis(), d.sensors(), d.loops(), d.overTemperature());
            // the probe trails every stage: it runs right after telemetry handed the snapshot over
            Controller controller = Controller.create(config, board, board.clock(), ControlRing.defaultWaitStrategy(), (c, ok, w, t) -> { },
                    e -> {
                        if (e.type == EventType.TICK) {
                            handedOffNanos = System.nanoTime();
                        }
                    }).start();
            StatusPublisher session = new StatusPublisher(BrokerOptions.plain(broker.uri()), config, controller.statusChannel(),
                    new StatusBuilder(config), System::nanoTime);
            session.addListener(s -> lastStatusBytes = s.toByteArray());
            session.start();
            MqttClient sub = new MqttClient(broker.uri(), "bench-sub", new MemoryPersistence());
            MqttConnectOptions o = new MqttConnectOptions();
            o.setCleanSession(true);
            sub.connect(o);
            sub.subscribe("cryo/v1/bench-1/status", 0, (t, m) -> arrive());
            sub.subscribe("bare/status", 0, (t, m) -> arrive());
            MqttClient bare = new MqttClient(broker.uri(), "bench-bare", new MemoryPersistence());
            bare.connect(o);
            long connectDeadline = System.nanoTime() + 10_000_000_000L;
            while (!session.connected() && System.nanoTime() < connectDeadline) {
                LockSupport.parkNanos(1_000_000L);
            }
            if (!session.connected()) {
                throw new IllegalStateException("session did not connect: " + session.lastError());
            }
            Histogram ours = new Histogram(3_600_000_000L, 3);
            Histogram tick = new Histogram(3_600_000_000L, 3);
            Histogram plain = new Histogram(3_600_000_000L, 3);
            int block = 1000;
            int warmup = Math.min(5000, samples / 4);
            byte[] payload = null;
            for (int done = -warmup; done < samples; done += block) {
                for (int i = 0; i < block; i++) {
                    int before = arrivedCount;
                    board.update(config.tickIntervalSeconds()); // the simulated plant: the board's physics, not ours
                    long t0 = System.nanoTime();
                    // as the control timer does: publish the tick and do not wait for the ring
                    long seq = controller.ring().publishTick(board.clock().nowTicks(), t0);
                    long arrived = await(before, t0);
                    controller.ring().awaitProcessed(seq); // (long done) before the board moves on
                    if (done >= 0 && arrived >= 0) {
                        if (arrived < handedOffNanos) {
                            // the ring thread was preempted between telemetry and the probe: the hand-off
                            // time is unknown, so count the whole tick (an upper bound, against us)
                            probeLate++;
                            ours.recordValue((arrived - t0) / 1000);
                        } else {
                            ours.recordValue((arrived - handedOffNanos) / 1000);
                        }
                        tick.recordValue((arrived - t0) / 1000);
                    }
                }
                payload = lastStatusBytes; // the bare client publishes exactly what the node last published
                for (int i = 0; i < block; i++) {
                    int before = arrivedCount;
                    long t0 = System.nanoTime();
                    bare.publish("bare/status", payload, 0, false);
                    long arrived = await(before, t0);
                    if (done >= 0 && arrived >= 0) {
                        plain.recordValue((arrived - t0) / 1000);
                    }
                }
            }
            System.out.printf("payload %d bytes, %d samples each after %d warm-up, microseconds%n", payload.length, samples, warmup);
            print("cryo status, ring hand-off -> subscriber", ours);
            print("bare Paho publish -> subscriber       ", plain);
            print("(cryo whole tick -> subscriber)       ", tick);
            System.out.printf("overhead (cryo / bare): p50 %.2fx  p99 %.2fx  p99.9 %.2fx%n", ratio(ours, plain, 50),
                    ratio(ours, plain, 99), ratio(ours, plain, 99.9));
            System.out.printf("statuses dropped by the session: %d, samples counted as the whole tick (probe stamped after the arrival): %d%n",
                    session.dropped(), probeLate);
            System.out.println(machine("at end"));
            session.close();
            sub.disconnect();
            bare.disconnect();
            controller.close();
        }
    }

    private static double ratio(Histogram a, Histogram b, double percentile) {
        return a.getValueAtPercentile(percentile) / (double) Math.max(1, b.getValueAtPercentile(percentile));
    }

    /** The machine, so a figure is never quoted without it. */
    static String machine(String when) {
        String cpu = "unknown cpu";
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (IOException ignored) {
            // not Linux: the JVM's figures below still say something
        }
        String nice = "?";
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            nice = stat.substring(stat.lastIndexOf(')') + 2).split(" ")[16];
        } catch (IOException | RuntimeException ignored) {
            // not Linux
        }
        return String.format("machine %s: %s, %d cpus, %s %s, Java %s (%s), nice %s, load average %.2f", when, cpu,
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.version"),
                System.getProperty("java.version"), System.getProperty("java.vm.name"), nice,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void arrive() {
        arrivedNanos = System.nanoTime();
        arrivedCount++;
        LockSupport.unpark(measurer);
    }

    private static long await(int before, long t0) {
        long deadline = t0 + 2_000_000_000L;
        while (arrivedCount == before) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return -1;
            }
            LockSupport.parkNanos(left);
        }
        return arrivedNanos;
    }

    private static void print(String name, Histogram h) {
        System.out.printf("%s p50 %6d  p99 %6d  p99.9 %6d  max %7d  (n=%d)%n", name, h.getValueAtPercentile(50),
                h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue(), h.getTotalCount());
    }
}
