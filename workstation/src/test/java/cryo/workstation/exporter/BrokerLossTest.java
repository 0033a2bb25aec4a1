package cryo.workstation.exporter;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cryo.controller.mqtt.BrokerOptions;
import cryo.controller.mqtt.MosquittoProcess;
import cryo.controller.mqtt.NodeFixture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Mosquitto killed under the exporter: the node shows as unknown (not its last good values)
 * and the loss is counted; when the broker is back the exporter reconnects and subscribes again
 * by itself, and the node's values return.
 */
class BrokerLossTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aLostBrokerMakesTheNodeUnknownAndItsReturnBringsItBack() throws Exception {
        assumeTrue(MosquittoProcess.available());
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("mosquitto"), "");
             NodeFixture node = new NodeFixture("fridge-c", BrokerOptions.plain(broker.uri()), dir.resolve("state"), null, false, 0.5);
             Exporter exporter = new Exporter(BrokerOptions.plain(broker.uri()), new InetSocketAddress("127.0.0.1", 0), 3, 10, 100,
                     () -> System.currentTimeMillis() / 1000.0).start()) {
            String metrics = "http://127.0.0.1:" + exporter.port() + "/metrics";
            await(() -> get(metrics).contains("cryo_stage_temperature_kelvin{node=\"fridge-c\""), 60, "fridge-c's temperature exported");

            broker.kill();
            await(() -> get(metrics).contains("cryo_exporter_broker_connected 0.0"), 30, "the loss seen");
            String m = get(metrics);
            assertTrue(m.contains("cryo_node_up{node=\"fridge-c\"} 0.0"), m);
            assertTrue(!m.contains("cryo_stage_temperature_kelvin{node=\"fridge-c\""), "no last-good value while the broker is gone: " + m);
            assertTrue(m.contains("cryo_exporter_broker_connection_losses_total 1.0"), m);

            broker.restart();
            await(() -> get(metrics).contains("cryo_exporter_broker_connected 1.0")
                    && get(metrics).contains("cryo_node_up{node=\"fridge-c\"} 1.0")
                    && get(metrics).contains("cryo_stage_temperature_kelvin{node=\"fridge-c\""), 60, "reconnected, resubscribed, fridge-c back");
        }
    }

    private String get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (java.io.IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static void await(BooleanSupplier condition, int seconds, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for: " + what);
            }
            LockSupport.parkNanos(100_000_000L);
        }
    }
}
