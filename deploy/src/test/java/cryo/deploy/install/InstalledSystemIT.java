package cryo.deploy.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cryo.controller.mqtt.MosquittoProcess;
import cryo.controller.mqtt.TestSubscriber;
import cryo.deploy.cli.DeployMain;
import cryo.deploy.systemd.UnixDatagram;
import cryo.sim.board.RealTimeRunner;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.sim.server.BoardServer;
import cryo.v1.InterlockState;
import cryo.v1.Status;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installed system controls: install.sh installs into a temporary directory (no root, no
 * systemd) the loader, the node's configuration and a bundle of the real firmware; the installed
 * bin/cryo-loader, a real child process, boots that bundle on trial against the simulated board
 * over TCP and a real Mosquitto; the firmware publishes statuses with the interlock armed, the
 * loader marks the bundle good, and it tells "systemd" (a datagram socket this test binds, as
 * $NOTIFY_SOCKET) READY=1 and WATCHDOG=1 pings from its supervision loop.
 * Runs after package (failsafe): it installs deploy/target's jars.
 */
class InstalledSystemIT {
    private static final Path FIRMWARE = Path.of("..", "controller", "target");

    @TempDir
    Path dir;

    @Test
    void theInstalledLoaderBootsTheInstalledFirmwareWhichControlsTheBoard() throws Exception {
        assumeTrue(MosquittoProcess.available(), "mosquitto not installed");
        assertTrue(Files.isDirectory(FIRMWARE.resolve("lib")), "expected the packaged firmware at " + FIRMWARE.toAbsolutePath());
        Path keys = dir.resolve("keys");
        Path bundle = dir.resolve("fw-1.0.0.cryob");
        assertEquals(0, deploy("bundle", "keygen", "--out", keys.toString()));
        assertEquals(0, deploy("bundle", "build", "--key", keys.resolve("signing.key").toString(), "--out", bundle.toString(),
                "--firmware", FIRMWARE.toString(), "--version", "1.0.0"));

        SimulatedBoard board = SimulatedBoards.mixingChamber(1);
        Path prefix = dir.resolve("image");
        List<String> notifications = Collections.synchronizedList(new ArrayList<>());
        Process loader = null;
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"), "");
             BoardServer server = new BoardServer(board, 0);
             RealTimeRunner plant = new RealTimeRunner(board, 1, 0.01, System::nanoTime).start();
             UnixDatagram systemd = UnixDatagram.bind(dir.resolve("notify").toString(), 200);
             TestSubscriber sub = new TestSubscriber(broker.uri(), "it-1")) {
            String boardUri = "tcp://127.0.0.1:" + server.port();
            String install = run(List.of("/bin/bash", "install.sh", "--prefix", prefix.toString(), "--no-systemd",
                    "--trusted-key", keys.resolve("signing.pub").toString(), "--bundle", bundle.toString(),
                    "--node", "it-1", "--broker", broker.uri(), "--board", boardUri), 0);
            assertTrue(install.contains("installed into slot b"), install);
            Path etc = prefix.resolve("etc/cryo");
            assertTrue(Files.isRegularFile(etc.resolve("cryo.yaml")) && Files.isDirectory(etc.resolve("curves")), install);
            String env = Files.readString(etc.resolve("loader.env"));
            assertTrue(env.contains("--config " + etc.resolve("cryo.yaml")) && env.contains("--java-opt=-Xmx64m")
                    && env.contains("--board " + boardUri), env);

            Thread receiver = new Thread(() -> receive(systemd, notifications), "fake-systemd");
            receiver.setDaemon(true);
            receiver.start();
            Path loaderLog = dir.resolve("loader.log");
            ProcessBuilder pb = new ProcessBuilder(prefix.resolve("opt/cryo/bin/cryo-loader").toString(), "run",
                    "--health-timeout-ms", "90000", "--heartbeat-timeout-ms", "5000", "--soak-ms", "6000")
                    .redirectErrorStream(true).redirectOutput(loaderLog.toFile());
            pb.environment().put("NOTIFY_SOCKET", dir.resolve("notify").toString());
            pb.environment().put("WATCHDOG_USEC", "2000000");
            loader = pb.start();
            Process running = loader;

            assertTrue(TestSubscriber.await(120, () -> sub.copy(sub.statuses).size() >= 3 || !running.isAlive()),
                    "statuses from the installed firmware; subscriber connected " + sub.connected() + ", topics " + sub.copy(sub.topics)
                            + "; loader: " + read(loaderLog) + "\nfirmware: " + firmwareLog(prefix)
                            + "\nbroker: " + read(dir.resolve("broker/mosquitto.log")));
            List<Status> statuses = sub.copy(sub.statuses);
            assertTrue(statuses.size() >= 3, "the loader exited: " + read(loaderLog));
            assertTrue(statuses.stream().allMatch(s -> "it-1".equals(s.getNodeId())), statuses.toString());
            Status last = statuses.get(statuses.size() - 1);
            assertEquals(InterlockState.INTERLOCK_ARMED, last.getInterlock().getState(), last.toString());
            assertEquals("1.0.0", last.getFirmwareVersion(), last.toString());

            assertTrue(TestSubscriber.await(60, () -> statusOf(prefix).contains("slot.b.state=good") || !running.isAlive()),
                    "bundle marked good; loader: " + read(loaderLog));
            String status = run(List.of(prefix.resolve("opt/cryo/bin/cryo-loader").toString(), "status"), 0);
            assertTrue(status.contains("slot b*  good   1.0.0"), status);
            assertTrue(status.contains("running 1.0.0, confirmed"), status);
            assertTrue(sub.copy(sub.statuses).size() > statuses.size(), "statuses keep coming after confirmation");

            String said = read(loaderLog);
            assertTrue(said.contains("slot b: started 1.0.0 on trial"), said);
            assertTrue(said.contains("slot b: self-test ok"), said);
            assertTrue(said.contains("slot b: 1.0.0 confirmed (good)"), said);
            List<String> heard = new ArrayList<>(notifications);
            assertTrue(heard.stream().anyMatch(n -> n.startsWith("READY=1")), heard.toString());
            assertTrue(heard.stream().filter("WATCHDOG=1"::equals).count() >= 3, "watchdog pings while supervising: " + heard);

            // SIGTERM (systemctl stop): the loader stops its firmware and records it before it exits
            List<ProcessHandle> firmware = loader.descendants().toList();
            assertTrue(!firmware.isEmpty(), "the firmware runs as the loader's child");
            loader.destroy();
            assertTrue(loader.waitFor(60, TimeUnit.SECONDS), "loader stopped on SIGTERM");
            assertTrue(firmware.stream().noneMatch(ProcessHandle::isAlive), "the firmware stopped with the loader");
            String after = run(List.of(prefix.resolve("opt/cryo/bin/cryo-loader").toString(), "status"), 0);
            assertTrue(after.contains("stopped by the loader"), after);
            assertTrue(notifications.contains("STOPPING=1"), notifications.toString());
        } finally {
            if (loader != null) {
                loader.descendants().forEach(ProcessHandle::destroyForcibly); // the firmware, which the loader started
                loader.destroyForcibly();
                loader.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void installShRefusesWhatItCannotDoWithOneLineAndTouchesNothing() throws Exception {
        Path key = Files.writeString(dir.resolve("k.pub"), "not checked before the options are");
        assertOneLine(run(List.of("/bin/bash", "install.sh", "--trusted-key", key.toString(), "--no-systemd"), 1),
                "--no-systemd: expected --prefix DIR with it");
        assertOneLine(run(List.of("/bin/bash", "install.sh", "--trusted-key", key.toString(), "--prefix", dir.resolve("p").toString()), 1),
                "--prefix: expected --no-systemd with it");
        assertOneLine(run(List.of("/bin/bash", "install.sh", "--trusted-key", dir.resolve("none.pub").toString(),
                "--prefix", dir.resolve("p").toString(), "--no-systemd"), 1), "--trusted-key: expected a file, found nothing");
        // a real install on this machine (x86, no SPI) stops at the board checks, before it changes anything
        boolean root = "root".equals(System.getProperty("user.name"));
        assumeTrue(!"aarch64".equals(System.getProperty("os.arch")), "on a Pi this would install for real");
        String out = run(List.of("/bin/bash", "install.sh", "--trusted-key", key.toString()), 1);
        assertOneLine(out, root ? "architecture: expected aarch64 with a 64-bit userland" : "must run as root");
    }

    private static void assertOneLine(String out, String expected) {
        assertEquals(1, out.strip().lines().count(), out);
        assertTrue(out.contains(expected), out);
    }

    private static void receive(UnixDatagram socket, List<String> into) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                String m = socket.receive();
                if (m != null) {
                    into.add(m);
                }
            }
        } catch (IOException e) {
            // socket closed at the end of the test
        }
    }

    /** Both copies of the state record (plain key=value text); the newer one is among them. */
    private static String statusOf(Path prefix) {
        Path state = prefix.resolve("var/lib/cryo/state");
        return read(state.resolve("record.0")) + read(state.resolve("record.1"));
    }

    private static int deploy(String... args) {
        return DeployMain.execute(args, new PrintWriter(new StringWriter(), true), new PrintWriter(System.err, true));
    }

    private static String run(List<String> cmd, int expectedExit) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "did not finish: " + cmd);
        assertEquals(expectedExit, p.exitValue(), cmd + ":\n" + out);
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(none)";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String firmwareLog(Path prefix) {
        return read(prefix.resolve("var/lib/cryo/logs/slot-b.log"));
    }
}
