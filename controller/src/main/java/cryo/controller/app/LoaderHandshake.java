package cryo.controller.app;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;

/**
 * The controller's side of the safe-mode loader's health handshake (deploy/README.md, "Health
 * handshake"): HELLO, SELFTEST, HEALTHY, then HEARTBEATs. Heartbeats go out from their own thread
 * but only while the ring keeps processing events, so a stalled ring stops them and the loader
 * counts the try as failed. Inactive when the controller was not started by the loader.
 */
public final class LoaderHandshake implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final long heartbeatMillis;
    private Thread heartbeat;
    private volatile boolean running = true;

    private LoaderHandshake(Socket socket, long heartbeatMillis) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.heartbeatMillis = heartbeatMillis;
    }

    /** Connects when CRYO_LOADER_HEALTH is set; null otherwise (started by hand). */
    public static LoaderHandshake fromEnvironment() throws IOException {
        String address = System.getenv("CRYO_LOADER_HEALTH");
        if (address == null || address.isBlank()) {
            return null;
        }
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new IOException("CRYO_LOADER_HEALTH '" + address + "' is not HOST:PORT");
        }
        Socket s = new Socket();
        s.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))), 2000);
        String allowed = System.getenv("CRYO_LOADER_HEARTBEAT_MILLIS");
        LoaderHandshake h = new LoaderHandshake(s, Math.max(10, (allowed == null ? 3000 : Long.parseLong(allowed)) / 3));
        h.send("HELLO " + System.getenv().getOrDefault("CRYO_LOADER_TOKEN", ""));
        return h;
    }

    /** The version to report: the manifest's when started by the loader. */
    public static String firmwareVersion(String fallback) {
        return System.getenv().getOrDefault("CRYO_FIRMWARE_VERSION", fallback);
    }

    public void selfTestPassed(String detail) throws IOException {
        send("SELFTEST ok " + detail);
    }

    public void selfTestFailed(String reason) throws IOException {
        send("SELFTEST fail " + reason.replace('\n', ' '));
    }

    /** Reports healthy and starts heartbeats, sent while {@code ringProgress} keeps advancing. */
    public void healthy(String version, LongSupplier ringProgress) throws IOException {
        send("HEALTHY " + version);
        heartbeat = new Thread(() -> beat(ringProgress), "cryo-loader-heartbeat");
        heartbeat.setDaemon(true);
        heartbeat.start();
    }

    private void beat(LongSupplier ringProgress) {
        long last = ringProgress.getAsLong();
        while (running) {
            try {
                Thread.sleep(heartbeatMillis);
                long now = ringProgress.getAsLong();
                if (now != last) { // the ring is alive: it processed ticks since the last beat
                    send("HEARTBEAT");
                    last = now;
                }
            } catch (InterruptedException | IOException e) {
                return;
            }
        }
    }

    private synchronized void send(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        running = false;
        if (heartbeat != null) {
            heartbeat.interrupt();
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // the loader went away first
        }
    }
}
