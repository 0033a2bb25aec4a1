package cryo.controller.mqtt;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** A real mosquitto broker process on a free loopback port with its own configuration (tests and the latency benchmark; the one Mosquitto helper). */
public final class MosquittoProcess implements AutoCloseable {
    public static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    private final Path dir;
    private final int port;
    private final String extraConfig;
    private final boolean verbatim; // extraConfig is the whole configuration, listeners included
    private Process process;

    private MosquittoProcess(Path dir, int port, String extraConfig, boolean verbatim) {
        this.dir = dir;
        this.port = port;
        this.extraConfig = extraConfig;
        this.verbatim = verbatim;
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
        MosquittoProcess m = new MosquittoProcess(dir, freePort(), extraConfig, false);
        m.restart();
        return m;
    }

    /** Starts mosquitto with a whole configuration of its own; {@code port} is a plain listener of it (waited for, and {@link #uri}). */
    public static MosquittoProcess startWithConfig(Path dir, int port, String config) throws IOException {
        MosquittoProcess m = new MosquittoProcess(dir, port, config, true);
        m.restart();
        return m;
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    /** (Re)starts the broker on the same port and waits (bounded) until it accepts connections. */
    public void restart() throws IOException {
        Files.createDirectories(dir);
        Path conf = dir.resolve("mosquitto.conf");
        // as root, mosquitto would drop to user 'mosquitto', which cannot read the test's private temp dir
        String user = "root".equals(System.getProperty("user.name")) ? "user root\n" : "";
        Files.writeString(conf, verbatim ? user + extraConfig + "\n" : "listener " + port + " 127.0.0.1\n"
                + (extraConfig.contains("allow_anonymous") ? "" : "allow_anonymous true\n")
                + user + extraConfig + "\n");
        process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("mosquitto exited: " + Files.readString(dir.resolve("mosquitto.log")));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                LockSupport.parkNanos(20_000_000L);
            }
        }
        throw new IOException("mosquitto did not listen on " + port + " within 10 s");
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
