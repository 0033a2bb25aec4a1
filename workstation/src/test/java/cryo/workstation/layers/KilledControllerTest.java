package cryo.workstation.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.hal.regmap.CryoCmosRegisters;
import cryo.sim.board.RealTimeRunner;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.sim.server.BoardServer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Safety below the software: the controller runs as its own process against a board that outlives
 * it (served over TCP); killing the process (SIGKILL, no shutdown hook) must leave the heater off
 * within the board's watchdog timeout, by the board alone.
 */
class KilledControllerTest {
    @TempDir
    Path dir;

    @Test
    void boardCutsTheHeaterWithinItsWatchdogTimeoutWhenTheControllerIsKilled() throws Exception {
        SimulatedBoard board = SimulatedBoards.mixingChamber(4);
        try (BoardServer server = new BoardServer(board, 0);
             RealTimeRunner plant = new RealTimeRunner(board, 1.0, 0.005, System::nanoTime).start()) {
            String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-cp", cp, "cryo.workstation.cli.CryoMain", "run",
                    "--board", "tcp://127.0.0.1:" + server.port(), "--embedded-port", "0", "--quiet",
                    "--state-dir", dir.resolve("state").toString()); // its own alarm journal, not ~/.cryo's
            Process controller = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("controller.log").toFile()).start();
            try {
                await(() -> board.heaterPowerWatts(SimulatedBoards.MXC_HEATER) > 0, 60, "controller regulating");
                assertTrue(board.relayClosed());
                controller.destroyForcibly();
                assertTrue(controller.waitFor(10, TimeUnit.SECONDS));
                long killedTicks = board.clock().nowTicks();
                await(() -> board.heaterPowerWatts(SimulatedBoards.MXC_HEATER) == 0.0, 10, "board cuts the heater");
                double cutAfterSeconds = (board.clock().nowTicks() - killedTicks) * 1e-9;
                assertTrue(cutAfterSeconds <= 3.0 + 0.2, "cut " + cutAfterSeconds + " s of board time after the kill (watchdog 3 s)");
                assertTrue((board.faultFlags() & CryoCmosRegisters.FAULT_WATCHDOG) != 0, "the watchdog, not the controller, cut it");
                assertEquals(0.0, board.heaterPowerWatts(SimulatedBoards.MXC_HEATER));
            } finally {
                controller.destroyForcibly();
            }
        }
    }

    private static void await(BooleanSupplier condition, int seconds, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            LockSupport.parkNanos(5_000_000L);
        }
    }
}
