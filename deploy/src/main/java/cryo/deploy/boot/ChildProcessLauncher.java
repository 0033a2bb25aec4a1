package cryo.deploy.boot;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import cryo.v1.PayloadFile;

/**
 * Runs a slot's controller as a child JVM and supervises it through the health handshake
 * ({@link HealthProtocol}): self-test and HEALTHY within the health timeout, then heartbeats;
 * confirmed once it has stayed healthy for the soak period. A child that misses a deadline is
 * killed. Returns only when the child is gone.
 */
public final class ChildProcessLauncher implements FirmwareLauncher {
    private final ChildProcessSettings settings;
    private final LoaderClock clock;
    private final SecureRandom random = new SecureRandom();
    private final Consumer<String> log;

    public ChildProcessLauncher(ChildProcessSettings settings, LoaderClock clock) {
        this(settings, clock, line -> { });
    }

    /** {@code log} hears each step of a boot (start, self-test, healthy, confirmed), for the operator's terminal. */
    public ChildProcessLauncher(ChildProcessSettings settings, LoaderClock clock, Consumer<String> log) {
        this.settings = settings;
        this.clock = clock;
        this.log = log;
    }

    /** Something the child did: a line on the health connection, or its exit. */
    private record Event(String line, Integer exitCode) {
    }

    private enum Phase { HANDSHAKE, SOAK, CONFIRMED }

    @Override
    public BootOutcome boot(BootRequest request, ConfirmListener onConfirmed) throws IOException {
        Files.createDirectories(settings.logDir());
        String token = HexFormat.of().formatHex(random.generateSeed(16));
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Process child = start(request, server.getLocalPort(), token);
            log.accept("slot " + request.slot().id() + ": started " + request.manifest().getVersion() + (request.trial() ? " on trial" : "")
                    + " (pid " + child.pid() + ", output in " + settings.logDir().resolve("slot-" + request.slot().id() + ".log")
                    + "); waiting up to " + settings.healthTimeoutMillis() + " ms for its self-test and HEALTHY");
            child.onExit().thenAccept(p -> events.add(new Event(null, p.exitValue())));
            Thread reader = new Thread(() -> readHealthLines(server, events), "health-" + request.slot().id());
            reader.setDaemon(true);
            reader.start();
            try {
                return supervise(request, child, events, token, onConfirmed);
            } finally {
                stop(child);
                server.close();
            }
        }
    }

    private Process start(BootRequest request, int port, String token) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(settings.javaExecutable().toString());
        cmd.addAll(settings.jvmOptions());
        cmd.add("-cp");
        cmd.add(classpath(request));
        cmd.add(request.manifest().getMainClass());
        cmd.addAll(settings.controllerArgs());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(settings.extraEnvironment());
        pb.environment().put(HealthProtocol.ENV_ADDRESS, "127.0.0.1:" + port);
        pb.environment().put(HealthProtocol.ENV_TOKEN, token);
        pb.environment().put(HealthProtocol.ENV_HEARTBEAT_MILLIS, Long.toString(settings.heartbeatTimeoutMillis()));
        pb.environment().put(HealthProtocol.ENV_SLOT, request.slot().id());
        pb.environment().put(HealthProtocol.ENV_TRIAL, request.trial() ? "1" : "0");
        pb.environment().put(HealthProtocol.ENV_VERSION, request.manifest().getVersion());
        File log = settings.logDir().resolve("slot-" + request.slot().id() + ".log").toFile();
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        return pb.start();
    }

    private static String classpath(BootRequest request) {
        List<String> jars = new ArrayList<>();
        for (PayloadFile f : request.manifest().getFilesList()) {
            if (f.getPath().endsWith(".jar")) {
                jars.add(request.payloadDir().resolve(f.getPath()).toString());
            }
        }
        return String.join(File.pathSeparator, jars);
    }

    private void readHealthLines(ServerSocket server, BlockingQueue<Event> events) {
        try {
            server.setSoTimeout((int) Math.min(Integer.MAX_VALUE, settings.healthTimeoutMillis()));
            try (Socket s = server.accept();
                 BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    events.add(new Event(line.length() > 500 ? line.substring(0, 500) : line, null));
                }
            }
        } catch (SocketTimeoutException e) {
            // no connection in time: the supervisor's handshake deadline reports it
        } catch (IOException e) {
            // connection dropped or server closed: deadlines and the exit event report what matters
        }
    }

    private BootOutcome supervise(BootRequest request, Process child, BlockingQueue<Event> events, String token,
                                  ConfirmListener onConfirmed) throws IOException {
        String expectedVersion = request.manifest().getVersion();
        long start = clock.monotonicMillis();
        long handshakeDeadline = start + settings.healthTimeoutMillis();
        long soakEnd = Long.MAX_VALUE;
        long heartbeatDeadline = Long.MAX_VALUE;
        Phase phase = Phase.HANDSHAKE;
        boolean hello = false;
        boolean selfTestPassed = false;
        while (true) {
            long now = clock.monotonicMillis();
            if (phase == Phase.SOAK && now >= soakEnd && now < heartbeatDeadline) {
                onConfirmed.confirmed();
                phase = Phase.CONFIRMED;
                log.accept("slot " + request.slot().id() + ": " + expectedVersion + " confirmed (good) after a soak of "
                        + settings.soakMillis() + " ms");
                continue;
            }
            if (phase == Phase.HANDSHAKE && now >= handshakeDeadline) {
                return BootOutcome.failed("no " + (selfTestPassed ? "HEALTHY" : hello ? "SELFTEST" : "handshake") + " within "
                        + settings.healthTimeoutMillis() + " ms (hung); killed");
            }
            if (phase != Phase.HANDSHAKE && now >= heartbeatDeadline) {
                return new BootOutcome(phase == Phase.CONFIRMED, "no HEARTBEAT for " + settings.heartbeatTimeoutMillis()
                        + " ms " + (phase == Phase.SOAK ? "during the soak" : "after confirmation") + " (hung); killed");
            }
            if (request.stopRequested().getAsBoolean()) {
                return new BootOutcome(phase == Phase.CONFIRMED, "stopped by the loader (an update, or the loader stopping)");
            }
            long deadline = phase == Phase.HANDSHAKE ? handshakeDeadline : Math.min(heartbeatDeadline, soakEnd);
            long waitMillis = Math.max(1, Math.min(deadline - now, settings.pollMillis()));
            Event e;
            try {
                e = events.poll(waitMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return new BootOutcome(phase == Phase.CONFIRMED, "loader interrupted; controller stopped");
            }
            if (e == null) {
                continue;
            }
            if (e.exitCode() != null) {
                String when = phase == Phase.HANDSHAKE ? "before reporting healthy" : phase == Phase.SOAK ? "during the soak" : "after confirmation";
                return new BootOutcome(phase == Phase.CONFIRMED, "exited with code " + e.exitCode() + " " + when);
            }
            String[] words = e.line().trim().split(" ", 3);
            now = clock.monotonicMillis();
            switch (words[0]) {
                case HealthProtocol.HELLO:
                    if (words.length < 2 || !words[1].equals(token)) {
                        return BootOutcome.failed("handshake token: expected the one the loader issued, found "
                                + (words.length < 2 ? "none" : "another"));
                    }
                    hello = true;
                    break;
                case HealthProtocol.SELFTEST:
                    if (!hello) {
                        return BootOutcome.failed("handshake order: expected HELLO first, found SELFTEST");
                    }
                    if (words.length >= 2 && words[1].equals("ok")) {
                        selfTestPassed = true;
                        log.accept("slot " + request.slot().id() + ": self-test ok" + (words.length >= 3 ? " (" + words[2] + ")" : ""));
                    } else {
                        return BootOutcome.failed("self-test failed: " + (words.length >= 3 ? words[2] : "(no reason given)"));
                    }
                    break;
                case HealthProtocol.HEALTHY:
                    if (!selfTestPassed) {
                        return BootOutcome.failed("handshake order: expected SELFTEST ok before HEALTHY");
                    }
                    String reported = words.length >= 2 ? words[1] : "";
                    if (!reported.equals(expectedVersion)) {
                        return BootOutcome.failed("reported version: expected " + expectedVersion + ", found '" + reported + "'");
                    }
                    if (phase == Phase.HANDSHAKE) {
                        log.accept("slot " + request.slot().id() + ": healthy; soak of " + settings.soakMillis() + " ms before it is confirmed");
                        phase = Phase.SOAK;
                        soakEnd = now + settings.soakMillis();
                        heartbeatDeadline = now + settings.heartbeatTimeoutMillis();
                    }
                    break;
                case HealthProtocol.HEARTBEAT:
                    if (phase != Phase.HANDSHAKE) {
                        heartbeatDeadline = now + settings.heartbeatTimeoutMillis();
                    }
                    break;
                default:
                    // unknown lines are ignored so the protocol can grow
            }
        }
    }

    /** SIGTERM, a grace period, then SIGKILL; never returns with the child alive. */
    private void stop(Process child) {
        if (!child.isAlive()) {
            return;
        }
        child.descendants().forEach(ProcessHandle::destroy);
        child.destroy();
        try {
            if (!child.waitFor(settings.stopGraceMillis(), TimeUnit.MILLISECONDS)) {
                child.descendants().forEach(ProcessHandle::destroyForcibly);
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            child.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

}
