package cryo.workstation.exporter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Semaphore;

/**
 * {@code /events}: server-sent events for the dashboard. Each event is one node's JSON
 * ({@link FleetJson}), sent when the node changed or its freshness flipped; a comment line every
 * 15 s keeps proxies from closing a quiet stream. At most {@code maxClients} streams at once (each
 * holds an HTTP thread); more are answered 503. A stream ends when the client goes away.
 */
final class EventStream implements HttpHandler {
    private final Fleet fleet;
    private final double staleAfterIntervals;
    private final Semaphore clients;

    EventStream(Fleet fleet, double staleAfterIntervals, int maxClients) {
        this.fleet = fleet;
        this.staleAfterIntervals = staleAfterIntervals;
        this.clients = new Semaphore(maxClients);
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!Http.readOnly(ex)) {
                return;
            }
            if (!clients.tryAcquire()) {
                Http.send(ex, 503, "text/plain; charset=utf-8", "too many dashboard streams open\n");
                return;
            }
            try {
                stream(ex);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException clientGone) {
                // the browser closed the page
            } finally {
                clients.release();
            }
        }
    }

    private void stream(HttpExchange ex) throws IOException, InterruptedException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        Map<String, String> sent = new HashMap<>(); // node -> version and freshness last sent
        long seen = -1;
        long lastWriteNanos = System.nanoTime();
        out.write("retry: 2000\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        while (!Thread.currentThread().isInterrupted()) {
            seen = fleet.awaitChange(seen, 1000);
            String batch = fleet.read(nodes -> {
                StringBuilder b = new StringBuilder();
                long now = fleet.nanos();
                for (NodeView v : nodes) {
                    boolean fresh = v.fresh(now, staleAfterIntervals * v.statusIntervalSeconds);
                    String key = v.version + (fresh ? "f" : "s");
                    if (!key.equals(sent.put(v.node, key))) {
                        b.append("data: ");
                        FleetJson.node(b, v, fresh);
                        b.append("\n\n");
                    }
                }
                return b.toString();
            });
            if (!batch.isEmpty()) {
                out.write(batch.getBytes(StandardCharsets.UTF_8));
                out.flush();
                lastWriteNanos = System.nanoTime();
            } else if (System.nanoTime() - lastWriteNanos > 15_000_000_000L) {
                out.write(": keepalive\n\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
                lastWriteNanos = System.nanoTime();
            }
        }
    }
}
