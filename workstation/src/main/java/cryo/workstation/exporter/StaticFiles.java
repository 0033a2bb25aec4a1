package cryo.workstation.exporter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Serves files from the class path under a URL prefix (the dashboard's page, script and style,
 * uPlot from its webjar, the runbooks). Nothing comes from the network; a path with ".." is 404.
 */
final class StaticFiles implements HttpHandler {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8",
            "md", "text/markdown; charset=utf-8", "json", "application/json");

    private final String urlPrefix;
    private final String resourcePrefix;

    StaticFiles(String urlPrefix, String resourcePrefix) {
        this.urlPrefix = urlPrefix;
        this.resourcePrefix = resourcePrefix;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            if (!Http.readOnly(ex)) {
                return;
            }
            String path = ex.getRequestURI().getPath();
            write(ex, path, path.startsWith(urlPrefix) ? path.substring(urlPrefix.length()) : "");
        }
    }

    /** Serves the resource {@code name} under this handler's resource prefix, whatever the request path. */
    void serve(HttpExchange ex, String name) throws IOException {
        try (ex) {
            if (Http.readOnly(ex)) {
                write(ex, ex.getRequestURI().getPath(), name);
            }
        }
    }

    private void write(HttpExchange ex, String path, String rest) throws IOException {
        if (rest.isEmpty() || rest.contains("..") || rest.startsWith("/")) {
                Http.send(ex, 404, "text/plain; charset=utf-8", "not found: " + path + "\n");
                return;
            }
            try (InputStream in = StaticFiles.class.getClassLoader().getResourceAsStream(resourcePrefix + rest)) {
                if (in == null) {
                    Http.send(ex, 404, "text/plain; charset=utf-8", "not found: " + path + "\n");
                    return;
                }
                String ext = rest.substring(rest.lastIndexOf('.') + 1);
                Http.send(ex, 200, TYPES.getOrDefault(ext, "application/octet-stream"), in.readAllBytes());
            }
    }
}
