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
    private static final double STEP_SECONDS = 0.005;

    @TempDir
    Path dir;

    @Test
    void boardCutsTheHeaterWithinItsWatchdogTimeoutWhenTheControllerIsKilled() throws Exception {
        SimulatedBoard board = SimulatedBoards.mixingChamber(4);
        try (BoardServer server = new BoardServer(board, 0);
             RealTimeRunner plant = new RealTimeRunner(board, 1.0, STEP_SECONDS, System::nanoTime).start()) {
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
                long killTicks = board.clock().nowTicks();
                controller.destroyForcibly();
                assertTrue(controller.waitFor(10, TimeUnit.SECONDS));
                await(() -> board.heaterPowerWatts(SimulatedBoards.MXC_HEATER) == 0.0, 10, "board cuts the heater");
                // judged on the board's own record (its last kick, when its watchdog fired), not on when
                // this thread got to look: a descheduled test thread changes nothing. A signal lands a
                // moment after the call returns, so the child may kick once more; the board guarantees
                // the cut within its timeout of the last kick, plus one step of the runner (it checks once a step)
                long lastKick = board.lastKickTicks();
                long fired = board.watchdogFiredTicks();
                assertTrue(fired != Long.MIN_VALUE && fired > lastKick, "the board's watchdog fired");
                assertTrue(fired >= killTicks, "the watchdog fired after the kill, not before");
                double cutAfterSeconds = (fired - lastKick) * 1e-9;
                assertTrue(cutAfterSeconds <= 3.0 + STEP_SECONDS,
                        "cut " + cutAfterSeconds + " s of board time after the last kick (watchdog 3 s)");
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
