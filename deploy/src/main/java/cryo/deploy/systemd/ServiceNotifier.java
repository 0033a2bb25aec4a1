package cryo.deploy.systemd;

import java.io.IOException;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Tells systemd how the loader is (sd_notify over $NOTIFY_SOCKET, for {@code Type=notify} and
 * {@code WatchdogSec=}): READY=1 once its state is loaded, STATUS= lines, and WATCHDOG=1 from
 * {@link #alive()}, which the loader calls from its own loops (supervising a controller, safe
 * mode). There is no timer thread: a loop that hangs stops the pings, and systemd kills and
 * restarts the loader after WatchdogSec. Without $NOTIFY_SOCKET every call does nothing.
 * Thread-safe: log lines may come from the MQTT thread.
 */
public final class ServiceNotifier {
    private final UnixDatagram socket;
    private final String path;
    private final long pingEveryNanos;
    private final LongSupplier nanoTime;
    private final Consumer<String> log;
    private long lastPingNanos;
    private boolean broken;

    private ServiceNotifier(UnixDatagram socket, String path, long pingEveryNanos, LongSupplier nanoTime, Consumer<String> log) {
        this.socket = socket;
        this.path = path;
        this.pingEveryNanos = pingEveryNanos;
        this.nanoTime = nanoTime;
        this.log = log;
        this.lastPingNanos = nanoTime.getAsLong() - pingEveryNanos;
    }

    /** Does nothing: not started by systemd. */
    public static ServiceNotifier none() {
        return new ServiceNotifier(null, null, Long.MAX_VALUE, () -> 0, line -> { });
    }

    /**
     * From NOTIFY_SOCKET, WATCHDOG_USEC and WATCHDOG_PID (systemd sets them); pings every quarter of
     * the watchdog interval at most. A socket that cannot be opened is said once on {@code log}.
     */
    public static ServiceNotifier fromEnvironment(Map<String, String> env, long pid, LongSupplier nanoTime, Consumer<String> log) {
        String path = env.get("NOTIFY_SOCKET");
        if (path == null || path.isEmpty()) {
            return none();
        }
        long pingEvery = Long.MAX_VALUE;
        String usec = env.get("WATCHDOG_USEC");
        String forPid = env.get("WATCHDOG_PID");
        if (usec != null && (forPid == null || forPid.equals(Long.toString(pid)))) {
            try {
                pingEvery = Math.max(1, Long.parseLong(usec.trim()) * 1000 / 4);
            } catch (NumberFormatException e) {
                log.accept("WATCHDOG_USEC: expected microseconds, found '" + usec + "'; no watchdog pings");
            }
        }
        try {
            return new ServiceNotifier(UnixDatagram.open(), path, pingEvery, nanoTime, log);
        } catch (IOException | LinkageError | RuntimeException e) {
            log.accept("NOTIFY_SOCKET is set but sd_notify is unavailable (" + e.getMessage() + "); start the JVM with"
                    + " --add-modules jdk.incubator.foreign --enable-native-access=ALL-UNNAMED (bin/cryo-loader does)");
            return none();
        }
    }

    /** Whether systemd asked for watchdog pings. */
    public boolean watchdogEnabled() {
        return socket != null && pingEveryNanos != Long.MAX_VALUE;
    }

    public void ready(String status) {
        send("READY=1\nSTATUS=" + oneLine(status));
    }

    public void status(String status) {
        send("STATUS=" + oneLine(status));
    }

    public void stopping() {
        send("STOPPING=1");
    }

    /** The loader's loop is turning: WATCHDOG=1, at most every quarter of WatchdogSec. */
    public synchronized void alive() {
        if (!watchdogEnabled()) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (now - lastPingNanos >= pingEveryNanos) {
            lastPingNanos = now;
            send("WATCHDOG=1");
        }
    }

    private synchronized void send(String message) {
        if (socket == null || broken) {
            return;
        }
        try {
            socket.send(path, message);
        } catch (IOException e) {
            broken = true; // said once; systemd's watchdog notices the silence if it was watching
            log.accept("sd_notify to " + path + " failed: " + e.getMessage());
        }
    }

    private static String oneLine(String s) {
        String line = s.replace('\n', ' ');
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
