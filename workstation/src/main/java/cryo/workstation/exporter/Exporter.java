package cryo.workstation.exporter;

import com.sun.net.httpserver.HttpServer;
import cryo.controller.mqtt.BrokerOptions;
import io.prometheus.metrics.exporter.httpserver.MetricsHandler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleSupplier;
import org.eclipse.paho.client.mqttv3.MqttException;

/**
 * {@code cryo exporter} assembled: the fleet fed from MQTT, Prometheus metrics on {@code /metrics},
 * the read-only live dashboard on {@code /} (its events on {@code /events}, its data on
 * {@code /api/}), and the runbooks on {@code /docs/runbooks/}. One HTTP server, bound at
 * construction (port 0 picks a free one; {@link #port} tells which).
 */
public final class Exporter implements AutoCloseable {
    /** Dashboard event streams open at once (each holds one HTTP thread). */
    static final int MAX_STREAMS = 16;

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final ExporterMetrics metrics = new ExporterMetrics(registry);
    private final Fleet fleet;
    private final FleetSubscriber subscriber;
    private final HttpServer http;
    private final ExecutorService httpThreads;

    /**
     * @param staleAfterIntervals a node's values are withheld once its newest status is older than this many status intervals
     * @param historyStepSeconds  the dashboard history's resolution
     * @param historyPoints       points of history kept per series
     * @param wallClockSeconds    Unix time in seconds (the caller's clock: cryo exporter passes the system's)
     */
    public Exporter(BrokerOptions broker, InetSocketAddress listen, double staleAfterIntervals, double historyStepSeconds, int historyPoints,
            DoubleSupplier wallClockSeconds) throws IOException, MqttException {
        new History(historyStepSeconds, historyPoints); // checks the arguments once, before anything starts
        fleet = new Fleet(metrics, System::nanoTime, wallClockSeconds,
                () -> new History(historyStepSeconds, historyPoints));
        registry.register(new FleetCollector(fleet, staleAfterIntervals));
        subscriber = new FleetSubscriber(broker, fleet);
        http = HttpServer.create(listen, 64);
        AtomicInteger n = new AtomicInteger();
        httpThreads = new ThreadPoolExecutor(4, MAX_STREAMS + 8, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(256), r -> {
            Thread t = new Thread(r, "cryo-exporter-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        http.setExecutor(httpThreads);
        http.createContext("/metrics", new MetricsHandler(registry));
        http.createContext("/events", new EventStream(fleet, staleAfterIntervals, MAX_STREAMS));
        http.createContext("/api/", new FleetApi(fleet, staleAfterIntervals));
        http.createContext("/static/", new StaticFiles("/static/", "cryo/workstation/exporter/web/"));
        http.createContext("/webjars/", new StaticFiles("/webjars/", "META-INF/resources/webjars/"));
        http.createContext("/docs/runbooks/", new StaticFiles("/docs/runbooks/", "cryo/runbooks/"));
        StaticFiles page = new StaticFiles("/", "cryo/workstation/exporter/web/");
        http.createContext("/", ex -> {
            if (ex.getRequestURI().getPath().equals("/")) {
                page.serve(ex, "index.html");
            } else {
                try (ex) {
                    Http.send(ex, 404, "text/plain; charset=utf-8", "not found: " + ex.getRequestURI().getPath() + "\n");
                }
            }
        });
    }

    /** Starts serving, then connects to the broker (a broker that cannot be reached is the caller's error). */
    public Exporter start() throws MqttException {
        http.start();
        subscriber.start();
        return this;
    }

    public int port() {
        return http.getAddress().getPort();
    }

    public String host() {
        return http.getAddress().getHostString();
    }

    /** Messages rejected for {@code reason} so far (tests). */
    public double rejected(String reason) {
        return metrics.rejectedCount(reason);
    }

    /** Statuses taken from every node so far (tests, the benchmark). */
    public long statusesReceived() {
        return fleet.read(nodes -> nodes.stream().mapToLong(v -> v.statuses).sum());
    }

    /** Calls {@code probe} with each status taken and the System.nanoTime() it was taken at, on the MQTT thread (the benchmark). */
    public void probe(java.util.function.ObjLongConsumer<cryo.v1.Status> probe) {
        fleet.probe(probe);
    }

    /** Hands one message to the fleet as if it came from the broker (tests, the benchmark's probe). */
    public void deliver(String topic, byte[] payload) {
        subscriber.dispatch(topic, payload);
    }

    @Override
    public void close() {
        subscriber.close();
        http.stop(0);
        httpThreads.shutdownNow();
    }
}
