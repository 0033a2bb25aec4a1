package cryo.bench;

import cryo.controller.mqtt.BrokerOptions;
import cryo.controller.mqtt.Topics;
import cryo.v1.InterlockState;
import cryo.v1.InterlockStatus;
import cryo.v1.LoopMode;
import cryo.v1.LoopStatus;
import cryo.v1.Quality;
import cryo.v1.SensorHealth;
import cryo.v1.SequencerStatus;
import cryo.v1.StageStatus;
import cryo.v1.Status;
import cryo.workstation.exporter.Exporter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cryo bench exporter --nodes N}: N simulated nodes publish a status of the shipped
 * cryostat's shape (six stages, four loops) once a second each, through a real Mosquitto, to an
 * exporter in this JVM. Ingest lag is from publish to the exporter having taken the status
 * (System.nanoTime() carried in board_time_ticks, same JVM); scrape time is a full GET /metrics
 * every 2 s. Heap is measured after a full GC with the fleet loaded.
 */
@Command(name = "exporter", mixinStandardHelpOptions = true,
        description = "Ingest lag p99 and scrape time of cryo exporter for N nodes publishing one status a second through Mosquitto.")
final class ExporterBench implements Callable<Integer> {
    static final Path MOSQUITTO = Path.of("/usr/sbin/mosquitto");

    @Option(names = "--nodes", defaultValue = "100", description = "simulated nodes (default ${DEFAULT-VALUE})")
    int nodes;

    @Option(names = "--seconds", defaultValue = "30", description = "measured seconds after a 10 s warm-up (default ${DEFAULT-VALUE})")
    int seconds;

    @Option(names = "--publishers", defaultValue = "8", description = "MQTT connections the nodes' statuses are spread over (default ${DEFAULT-VALUE})")
    int publishers;

    @Option(names = "--broker", description = "an external broker (default: start /usr/sbin/mosquitto on a free loopback port)")
    String broker;

    @Override
    public Integer call() throws Exception {
        if (nodes < 1 || nodes > 10_000 || seconds < 1 || publishers < 1) {
            throw new IllegalArgumentException("--nodes must be 1..10000, --seconds and --publishers at least 1");
        }
        Process mosquitto = null;
        Path dir = Files.createTempDirectory("cryo-bench-exporter");
        try {
            String uri = broker;
            if (uri == null) {
                // Mosquitto 2.0 cannot listen on port 0: a candidate port below the kernel's ephemeral
                // range, and another when its log says the address is in use (once bound, it is its own)
                int port = 0;
                for (int attempt = 1; mosquitto == null; attempt++) {
                    port = java.util.concurrent.ThreadLocalRandom.current().nextInt(10_000, 32_768);
                    Files.writeString(dir.resolve("mosquitto.conf"), "listener " + port + " 127.0.0.1\nallow_anonymous true\nmax_queued_messages 100000\n"
                            + ("root".equals(System.getProperty("user.name")) ? "user root\n" : ""));
                    Process started = new ProcessBuilder(MOSQUITTO.toString(), "-c", dir.resolve("mosquitto.conf").toString())
                            .redirectErrorStream(true).redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
                    if (awaitRunning(started, dir.resolve("mosquitto.log"))) {
                        mosquitto = started;
                    } else if (attempt == 20) {
                        throw new IOException("mosquitto found no free port in 20 attempts: " + Files.readString(dir.resolve("mosquitto.log")));
                    }
                }
                awaitListening(port);
                uri = "tcp://127.0.0.1:" + port;
            }
            run(uri);
        } finally {
            if (mosquitto != null) {
                mosquitto.destroyForcibly();
                mosquitto.waitFor(10, TimeUnit.SECONDS);
            }
        }
        return 0;
    }

    private void run(String uri) throws Exception {
        Histogram lag = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        Histogram scrape = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
        long heapBefore = usedHeapAfterGc();
        long[] measureFrom = {Long.MAX_VALUE};
        try (Exporter exporter = new Exporter(BrokerOptions.plain(uri), new InetSocketAddress("127.0.0.1", 0), 3, 10, 1080,
                () -> System.currentTimeMillis() / 1000.0)) {
            exporter.probe((s, takenNanos) -> {
                if (takenNanos >= measureFrom[0]) {
                    synchronized (lag) {
                        lag.recordValue(Math.max(0, takenNanos - (long) s.getBoardTimeTicks()));
                    }
                }
            });
            exporter.start();
            List<MqttClient> clients = new ArrayList<>();
            for (int i = 0; i < publishers; i++) {
                MqttClient c = new MqttClient(uri, "cryo-bench-pub-" + i, new MemoryPersistence());
                MqttConnectOptions o = new MqttConnectOptions();
                o.setCleanSession(true);
                o.setMaxInflight(65535);
                c.connect(o);
                clients.add(c);
            }
            Status.Builder[] statuses = new Status.Builder[nodes];
            for (int n = 0; n < nodes; n++) {
                statuses[n] = status("bench-" + n);
            }
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String metricsUrl = "http://127.0.0.1:" + exporter.port() + "/metrics";
            long start = System.nanoTime();
            long warmupNanos = TimeUnit.SECONDS.toNanos(10);
            long end = start + warmupNanos + TimeUnit.SECONDS.toNanos(seconds);
            measureFrom[0] = start + warmupNanos;
            long nextScrape = start + TimeUnit.SECONDS.toNanos(2);
            long bodyBytes = 0;
            int seq = 0;
            // one pass a second; node n publishes at n/N of the second, so the load is even
            for (long second = start; second < end; second += 1_000_000_000L, seq = (seq + 1) & 0xff) {
                for (int n = 0; n < nodes; n++) {
                    long due = second + 1_000_000_000L * n / nodes;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    Status s = statuses[n].setSeq(seq).setBoardTimeTicks(System.nanoTime()).build();
                    clients.get(n % publishers).publish(Topics.status(s.getNodeId()), s.toByteArray(), 0, false);
                    if (System.nanoTime() >= nextScrape) {
                        long t0 = System.nanoTime();
                        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).timeout(Duration.ofSeconds(30)).build(),
                                HttpResponse.BodyHandlers.ofByteArray());
                        long took = System.nanoTime() - t0;
                        if (t0 >= measureFrom[0]) {
                            scrape.recordValue(took);
                        }
                        bodyBytes = r.body().length;
                        nextScrape = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                    }
                }
            }
            long heapLoaded = usedHeapAfterGc();
            for (MqttClient c : clients) {
                c.disconnect(1000);
                c.close();
            }
            System.out.printf("cryo bench exporter: %d nodes, %d s measured after 10 s warm-up, %d publisher connection(s), broker %s%n",
                    nodes, seconds, publishers, uri);
            System.out.printf("machine: %s, %d cores, %s, max heap %d MiB, load average %.2f%n", cpu(), Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"), Runtime.getRuntime().maxMemory() >> 20,
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            System.out.printf("| nodes | statuses | ingest lag p50 | p99 | max | scrape p50 | scrape max | /metrics size | heap with fleet |%n");
            System.out.printf("| %d | %d | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %.1f ms | %d kB | %.1f MiB |%n", nodes, lag.getTotalCount(),
                    lag.getValueAtPercentile(50) / 1e6, lag.getValueAtPercentile(99) / 1e6, lag.getMaxValue() / 1e6,
                    scrape.getValueAtPercentile(50) / 1e6, scrape.getMaxValue() / 1e6, bodyBytes / 1024,
                    (heapLoaded - heapBefore) / 1048576.0);
        }
    }

    static Status.Builder status(String node) {
        Status.Builder b = Status.newBuilder().setNodeId(node).setFirmwareVersion("0.1.0").setBdSeq(1);
        String[] stages = {"50k", "4k", "still", "cold-plate", "mxc", "sample"};
        double[] kelvin = {45.0, 3.2, 0.8, 0.1, 0.02, 0.021};
        for (int i = 0; i < stages.length; i++) {
            b.addStages(StageStatus.newBuilder().setStageId(stages[i]).setTemperatureKelvin(kelvin[i]).setQuality(Quality.QUALITY_GOOD)
                    .setSensorHealth(SensorHealth.SENSOR_OK).setRawUnits(1000 + i).setUnits("ohm").setSensorId("rx-" + stages[i]));
        }
        String[] loops = {"mxc", "still", "4k", "50k"};
        for (String l : loops) {
            b.addLoops(LoopStatus.newBuilder().setLoopId(l).setStageId(l).setSetpointKelvin(0.02).setOutputWatts(1e-4).setMode(LoopMode.LOOP_MODE_ZONE)
                    .setQuality(Quality.QUALITY_GOOD).setHeaterRange(3).setRangeMaxWatts(1e-3).setSettled(true));
        }
        b.setInterlock(InterlockStatus.newBuilder().setState(InterlockState.INTERLOCK_ARMED).setRelayClosed(true));
        b.setSequencer(SequencerStatus.newBuilder().setState("idle"));
        return b;
    }

    private static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    private static String cpu() throws IOException {
        Path info = Path.of("/proc/cpuinfo");
        if (Files.exists(info)) {
            for (String l : Files.readAllLines(info)) {
                if (l.startsWith("model name")) {
                    return l.substring(l.indexOf(':') + 1).trim();
                }
            }
        }
        return "unknown";
    }

    /** True once mosquitto logs that it runs (every listener open); false when it exited because its port was taken. */
    private static boolean awaitRunning(Process mosquitto, Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (!mosquitto.isAlive()) {
                if (text.contains("Address already in use")) {
                    return false;
                }
                throw new IOException("mosquitto exited: " + text);
            }
            if (text.contains(" running")) {
                return true;
            }
            LockSupport.parkNanos(20_000_000L);
        }
        throw new IOException("mosquitto did not start within 10 s: " + Files.readString(log));
    }

    private static void awaitListening(int port) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                LockSupport.parkNanos(20_000_000L);
            }
        }
        throw new IOException("mosquitto did not listen on " + port + " within 10 s");
    }
}
