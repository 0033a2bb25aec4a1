package cryo.controller.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cryo.controller.mqtt.MosquittoProcess;
import cryo.controller.mqtt.TestSubscriber;
import cryo.sim.board.RealTimeRunner;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.sim.server.BoardServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The firmware's own main: configuration, board over TCP, controller, MQTT; no simulator or CLI library in it. */
class FirmwareMainTest {
    private static final Path SHIPPED_DEFAULT = Path.of("src/main/resources/cryo-default.yaml");

    @TempDir
    Path dir;

    @Test
    void mistakesAreOneLineAndExitTwo() throws Exception {
        assertOneLine(2, "--config: required", "--board", "tcp://127.0.0.1:1");
        assertOneLine(2, "unknown option '--bored'", "--config", SHIPPED_DEFAULT.toString(), "--bored", "x");
        assertOneLine(2, "usb:0", "--config", SHIPPED_DEFAULT.toString(), "--board", "usb:0");
        assertOneLine(2, "--board: no board given", "--config", SHIPPED_DEFAULT.toString());
        assertOneLine(2, "cannot read", "--config", dir.resolve("absent.yaml").toString(), "--board", "tcp://127.0.0.1:1");
        assertOneLine(2, "--signature-window: expected a number", "--config", SHIPPED_DEFAULT.toString(), "--signature-window", "soon");
    }

    @Test
    void anSpiBoardOnAMachineWithoutSpiIsOneLineNamingWhatIsMissing() throws Exception {
        assumeTrue(!java.nio.file.Files.exists(Path.of("/dev/spidev0.0")), "this machine has SPI");
        assertOneLine(2, "/dev/spidev0.0", "--config", SHIPPED_DEFAULT.toString(), "--board", "spi:0.0");
    }

    @Test
    void aConfigurationWhoseTicksCannotFitTheSpiBusIsRefused() throws Exception {
        // the shipped mixing-chamber configuration ticks every 100 ms; at 100 kHz it fits, so shorten the tick
        Path fast = dir.resolve("fast.yaml");
        java.nio.file.Files.writeString(fast, java.nio.file.Files.readString(SHIPPED_DEFAULT)
                .replace("tickIntervalSeconds: 0.1", "tickIntervalSeconds: 0.002")
                .replace("curve: curves/", "curve: " + SHIPPED_DEFAULT.toAbsolutePath().getParent().resolve("curves") + "/"));
        assertOneLine(2, "SPI bus budget", "--config", fast.toString(), "--board", "spi:0.0@100000");
    }

    @Test
    void controlsABoardOverTcpAndPublishesStatuses() throws Exception {
        assumeTrue(MosquittoProcess.available(), "mosquitto not installed");
        SimulatedBoard board = SimulatedBoards.mixingChamber(1);
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("broker"), "");
             BoardServer server = new BoardServer(board, 0);
             RealTimeRunner plant = new RealTimeRunner(board, 1, 0.01, System::nanoTime).start();
             TestSubscriber sub = new TestSubscriber(broker.uri(), "fw-1")) {
            CountDownLatch stop = new CountDownLatch(1);
            AtomicInteger exit = new AtomicInteger(-1);
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread node = new Thread(() -> {
                try {
                    exit.set(FirmwareMain.run(new String[] {"--config", SHIPPED_DEFAULT.toString(), "--node", "fw-1",
                            "--board", "tcp://127.0.0.1:" + server.port(), "--broker", broker.uri(),
                            "--state-dir", dir.resolve("state").toString()},
                            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                            new PrintStream(err, true, StandardCharsets.UTF_8), stop));
                } catch (Exception e) {
                    exit.set(99);
                }
            }, "firmware-main");
            node.start();
            assertTrue(TestSubscriber.await(30, () -> sub.copy(sub.statuses).size() >= 3),
                    "statuses from the firmware main; stderr: " + err.toString(StandardCharsets.UTF_8));
            assertEquals("fw-1", sub.copy(sub.statuses).get(0).getNodeId());
            assertTrue(sub.copy(sub.statuses).stream().allMatch(s -> s.getInterlock().getState() == cryo.v1.InterlockState.INTERLOCK_ARMED),
                    "interlock armed on the board over TCP");
            stop.countDown();
            node.join(20_000);
            assertEquals(0, exit.get());
        }
    }

    private static void assertOneLine(int code, String expected, String... args) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = FirmwareMain.run(args, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), new CountDownLatch(0));
        String text = err.toString(StandardCharsets.UTF_8);
        assertEquals(code, exit, text);
        assertEquals(1, text.lines().count(), "one line: " + text);
        assertTrue(text.contains(expected), text);
    }
}
