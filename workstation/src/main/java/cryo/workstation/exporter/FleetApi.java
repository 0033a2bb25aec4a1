package cryo.workstation.exporter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code /api/fleet} (every node now) and {@code /api/history?node=ID} (a node's recent past),
 * JSON for the dashboard's first paint; the event stream carries what comes after.
 */
final class FleetApi implements HttpHandler {
    private final Fleet fleet;
    private final double staleAfterIntervals;

    FleetApi(Fleet fleet, double staleAfterIntervals) {
        this.fleet = fleet;
        this.staleAfterIntervals = staleAfterIntervals;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!Http.readOnly(ex)) {
                return;
            }
            String path = ex.getRequestURI().getPath();
            if (path.equals("/api/fleet")) {
                Http.send(ex, 200, "application/json", fleet());
            } else if (path.equals("/api/history")) {
                String node = param(ex.getRequestURI().getRawQuery(), "node");
                String body = node == null ? null : history(node);
                if (body == null) {
                    Http.send(ex, 404, "text/plain; charset=utf-8", "no such node (give ?node=ID)\n");
                } else {
                    Http.send(ex, 200, "application/json", body);
                }
            } else {
                Http.send(ex, 404, "text/plain; charset=utf-8", "not found: " + path + "\n");
            }
        }
    }

    private String fleet() {
        return fleet.read(nodes -> {
            StringBuilder b = new StringBuilder("{\"brokerConnected\":").append(fleet.isBrokerConnected()).append(",\"nodes\":[");
            long now = fleet.nanos();
            for (int i = 0; i < nodes.size(); i++) {
                NodeView v = nodes.get(i);
                b.append(i == 0 ? "" : ",");
                FleetJson.node(b, v, v.fresh(now, staleAfterIntervals * v.statusIntervalSeconds));
            }
            return b.append("]}").toString();
        });
    }

    private String history(String node) {
        return fleet.read(nodes -> {
            for (NodeView v : nodes) {
                if (v.node.equals(node)) {
                    StringBuilder b = new StringBuilder();
                    v.history.writeJson(b);
                    return b.toString();
                }
            }
            return null;
        });
    }

    static String param(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String kv : rawQuery.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0 && kv.substring(0, eq).equals(name)) {
                return URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }
}
