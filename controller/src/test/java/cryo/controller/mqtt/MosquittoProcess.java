package cryo.controller.mqtt;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real mosquitto broker process on a loopback port of its own with its own configuration (tests
 * and the latency benchmark; the one Mosquitto helper).
 *
 * <p>Ports cannot race: Mosquitto 2.0.11 cannot listen on TCP port 0, so it is started on a
 * candidate port and, when its log says the address is in use, started again on another. Once it
 * has bound, the port is its own; nothing is probed and released first. Candidates lie below the
 * kernel's ephemeral range, so no outgoing connection or port-0 bind is ever given one (which also
 * keeps a {@link #restart()} on the same port safe from them).
 */
public final class MosquittoProcess implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/mosquitto");
    private static final int ATTEMPTS = 20;
    private static final String IN_USE = "Address already in use";
    private static final String RUNNING = " running";

    private final Path dir;
    private final int port;
    private final int tlsPort;
    private final String config; // the whole configuration, listeners included
    private Process process;

    private MosquittoProcess(Path dir, int port, int tlsPort, String config) {
        this.dir = dir;
        this.port = port;
        this.tlsPort = tlsPort;
        this.config = config;
    }

    /** True when mosquitto is installed; false (tests skip) without it, except under CI=true, where its absence fails the test. */
    public static boolean available() {
        return required(BINARY, System.getenv("CI"));
    }

    /** Whether {@code binary} exists; under CI ({@code ci} "true") a missing one is a failure, not a skip. */
    public static boolean required(Path binary, String ci) {
        if (Files.isExecutable(binary)) {
            return true;
        }
        if ("true".equalsIgnoreCase(ci)) {
            throw new org.opentest4j.AssertionFailedError(binary + " is missing and CI=true: real-broker tests must run in CI, not skip"
                    + " (.ci/run installs mosquitto, mosquitto-clients and openssl)");
        }
        return false;
    }

    /** Starts mosquitto; {@code extraConfig} is appended after the listener line (auth, TLS, persistence). */
    public static MosquittoProcess start(Path dir, String extraConfig) throws IOException {
        return startWithConfig(dir, (plain, tls) -> "listener " + plain + " 127.0.0.1\n"
                + (extraConfig.contains("allow_anonymous") ? "" : "allow_anonymous true\n") + extraConfig);
    }

    /**
     * Starts mosquitto with a whole configuration of its own, written by {@code config} for two
     * candidate ports (a plain listener, waited for and {@link #uri}, and one for TLS, {@link #tlsPort}).
     */
    public static MosquittoProcess startWithConfig(Path dir, PortsConfig config) throws IOException {
        String lastLog = "";
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int plain = candidatePort();
            int tls = candidatePort();
            if (tls == plain) {
                continue;
            }
            MosquittoProcess m = new MosquittoProcess(dir, plain, tls, config.write(plain, tls));
            try {
                m.restart();
                return m;
            } catch (PortInUse e) {
                lastLog = e.getMessage(); // another process holds a candidate: try two others
            }
        }
        throw new IOException("mosquitto found no free port in " + ATTEMPTS + " attempts: " + lastLog);
    }

    /** A configuration for a plain and a TLS port. */
    @FunctionalInterface
    public interface PortsConfig {
        String write(int plainPort, int tlsPort) throws IOException;
    }

    /** A port below the kernel's ephemeral range (never handed out by it), chosen at random. */
    static int candidatePort() {
        int low = 32768;
        try {
            low = Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException notLinux) {
            // keep the Linux default
        }
        int from = 10_000;
        int to = Math.max(from + 1000, low); // exclusive
        return java.util.concurrent.ThreadLocalRandom.current().nextInt(from, to);
    }

    public int port() {
        return port;
    }

    /** The TLS listener's port, when the configuration has one. */
    public int tlsPort() {
        return tlsPort;
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** (Re)starts the broker on the same port and waits (bounded) until it accepts connections. */
    public void restart() throws IOException {
        Files.createDirectories(dir);
        Path conf = dir.resolve("mosquitto.conf");
        Path log = dir.resolve("mosquitto.log");
        // as root, mosquitto would drop to user 'mosquitto', which cannot read the test's private temp dir
        String user = "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
        Files.writeString(conf, user + config + "\n");
        process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                String text = Files.readString(log);
                if (text.contains(IN_USE)) {
                    throw new PortInUse("mosquitto: " + IN_USE + " (port " + port + " or " + tlsPort + "): " + text);
                }
                throw new IOException("mosquitto exited: " + text);
            }
            // "running" is logged once every listener is open: before it, a connection could reach
            // another process on a port this broker is about to find taken
            if (Files.readString(log).contains(RUNNING)) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                    return;
                } catch (IOException notYet) {
                    // fall through and look again
                }
            }
            LockSupport.parkNanos(20_000_000L);
        }
        throw new IOException("mosquitto did not listen on " + port + " within 10 s");
    }

    /** Mosquitto exited because a port of its configuration was taken. */
    static final class PortInUse extends IOException {
        PortInUse(String message) {
            super(message);
        }
    }

    /** SIGKILL: no clean shutdown, no last save. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process != null) {
            kill();
        }
    }
}
