package cryo.workstation.broker;

import io.moquette.broker.Server;
import io.moquette.broker.config.MemoryConfig;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * An MQTT broker inside the controller process (Moquette), for a single fridge without broker
 * infrastructure, for the README's one-command start and for tests. Loopback only, no
 * persistence on disk.
 *
 * <p>Self-healing: Moquette 0.17 handles each client on one of a few "Session Executor" threads
 * (chosen by a hash of the client id), and any exception in a client's command kills that thread
 * for good; from then on every client hashed to it waits for a CONNACK that never comes. One
 * known trigger is a client that sends a PUBACK after its DISCONNECT. A watch thread checks the
 * executors twice a second and restarts the broker on the same port when one has died: clients
 * reconnect (the node's own reconnect loop publishes a fresh Birth), which beats half the lab's
 * supervisors locked out until the controller restarts.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final String EXECUTOR_THREAD_PREFIX = "Session Executor";
    private static final long WATCH_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(500);

    private int port; // the bound one (port 0 asks the kernel for a free one); guarded by lock
    private final Properties config;
    private final Consumer<String> log;
    private final AtomicLong restarts = new AtomicLong();
    private final Object lock = new Object();
    private Server server; // guarded by lock
    private List<Thread> executors = List.of(); // guarded by lock
    private boolean closed; // guarded by lock
    private final Thread watch;

    private EmbeddedBroker(int port, Properties config, Consumer<String> log) throws IOException {
        this.port = port;
        this.config = config;
        this.log = log;
        synchronized (lock) {
            startServer();
        }
        watch = new Thread(this::watchExecutors, "cryo-embedded-broker-watch");
        watch.setDaemon(true);
        watch.start();
    }

    /**
     * Starts a broker on 127.0.0.1:port, or throws with one clear line when it cannot; restarts are
     * reported on stderr. Port 0 binds a free port the kernel picks; {@link #port()} reports it (no
     * probe-then-bind: the broker's own bind is the only one, so no other process can take the port in between).
     */
    public static EmbeddedBroker start(int port) throws IOException {
        return start(port, line -> System.err.println("cryo: " + line));
    }

    /** As {@link #start(int)}, with a sink for the one line a self-healing restart reports. */
    public static EmbeddedBroker start(int port, Consumer<String> log) throws IOException {
        if (port < 0 || port > 65535) {
            throw new IOException("embedded broker port " + port + " outside 0..65535");
        }
        Properties p = new Properties();
        p.setProperty("host", "127.0.0.1");
        p.setProperty("port", Integer.toString(port));
        p.setProperty("websocket_port", "disabled");
        p.setProperty("allow_anonymous", "true");
        p.setProperty("allow_zero_byte_client_id", "true"); // mosquitto_sub connects with an empty id
        p.setProperty("persistence_enabled", "false");
        p.setProperty("netty.mqtt.message_size", Integer.toString(1 << 20));
        // Moquette 0.17 reports usage to its makers' server on every start unless told not to:
        // a controller beside a cryostat sends nothing anywhere it was not configured to
        p.setProperty("telemetry_enabled", "false");
        return new EmbeddedBroker(port, p, log);
    }

    private void startServer() throws IOException {
        Set<Thread> before = Thread.getAllStackTraces().keySet();
        server = new Server();
        try {
            server.startServer(new MemoryConfig(config));
        } catch (IOException | RuntimeException e) {
            server.stopServer();
            throw new IOException("port " + port + " on 127.0.0.1 is in use (another broker?): choose another with --embedded-port or use --broker tcp://HOST:PORT", e);
        }
        if (port == 0) {
            port = boundPort(server);
            // a restart by the watch binds the same port again, where the clients reconnect
            config.setProperty("port", Integer.toString(port));
        }
        // the executors are the threads this start created under Moquette's name for them
        // (several brokers may run in one JVM, as in the tests)
        executors = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.getName().startsWith(EXECUTOR_THREAD_PREFIX))
                .collect(Collectors.toCollection(ArrayList::new));
    }

    /**
     * The port the kernel gave Moquette: the bind itself has completed when startServer returns,
     * but Moquette records the port from a listener on Netty's event loop, a moment later.
     */
    private static int boundPort(Server server) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int bound;
        while ((bound = server.getPort()) == 0) {
            if (System.nanoTime() > deadline) {
                server.stopServer();
                throw new IOException("the embedded broker bound a port but did not report it within 10 s");
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000L);
        }
        return bound;
    }

    private void watchExecutors() {
        while (true) {
            java.util.concurrent.locks.LockSupport.parkNanos(WATCH_INTERVAL_NANOS);
            synchronized (lock) {
                if (closed) {
                    return;
                }
                String dead = executors.stream().filter(t -> !t.isAlive()).map(Thread::getName).collect(Collectors.joining(", "));
                if (dead.isEmpty()) {
                    continue;
                }
                if (jvmShuttingDown()) {
                    // Ctrl-C: the executors end with the JVM, before a shutdown hook closes us; not a fault to report
                    return;
                }
                log.accept("embedded MQTT broker lost its thread " + dead + " (a Moquette 0.17 fault); restarting it on port " + port
                        + ", clients reconnect");
                server.stopServer();
                try {
                    startServer();
                    restarts.incrementAndGet();
                } catch (IOException | RuntimeException e) {
                    log.accept("embedded MQTT broker could not restart on port " + port + ": " + e.getMessage());
                    executors = List.of();
                }
            }
        }
    }

    /** True once the JVM has begun to shut down (Ctrl-C, System.exit): hooks can no longer be added. */
    static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /** How many times the watch restarted the broker after Moquette lost a session thread. */
    public long restarts() {
        return restarts.get();
    }

    public int port() {
        synchronized (lock) {
            return port;
        }
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port();
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            server.stopServer();
        }
        watch.interrupt();
    }
}
