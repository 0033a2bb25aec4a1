package cryo.controller.interlock;

import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.sim.board.RealTimeRunner;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.sim.server.BoardServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The last layer for real: the controller runs as its own JVM against the simulated board served
 * over TCP from this process (as a real board outlives its host); SIGKILL it, or SIGSTOP it (a hung
 * JVM), and the board's hardware watchdog cuts the heater within its timeout, in board time.
 *
 * <p>Judged on the board's own record (its last kick, and when its watchdog fired), not on when this
 * test thread got to look: a loaded machine that descheduled the test for a while changes nothing.
 * The bound is the timeout plus one simulation step of the real-time runner (the board checks its
 * watchdog once a step).
 */
class KilledProcessTest {
    private static final int WATCHDOG_MS = 1000;
    private static final double STEP_SECONDS = 0.002;
    private static final long BOUND_TICKS = WATCHDOG_MS * 1_000_000L + Math.round(STEP_SECONDS * 1e9);

    /**
     * How long after the last kick the board cut the heaters, board time. The cut came after the
     * signal (a signal is delivered a moment after the call returns, so the child may still kick
     * once; what the board guarantees is the cut within the timeout of the last kick).
     */
    private static double cutAfterLastKickSeconds(SimulatedBoard board, long signalTicks) {
        long lastKick = board.lastKickTicks();
        long fired = board.watchdogFiredTicks();
        assertTrue(fired != Long.MIN_VALUE && fired > lastKick, "the board's watchdog fired");
        assertTrue(fired >= signalTicks, "the watchdog fired after the signal, not before");
        return (fired - lastKick) * 1e-9;
    }

    @Test
    void killingTheControllerProcessLeavesTheHeaterOffWithinTheWatchdogTimeout() throws Exception {
        SimulatedBoard board = SafetyHarness.board(31);
        try (BoardServer server = new BoardServer(board, 0);
             RealTimeRunner runner = new RealTimeRunner(board, 1.0, STEP_SECONDS, System::nanoTime).start()) {
            Process child = startRegulatingChild(server, board);
            try {
                assertTrue(board.relayClosed());
                child.destroyForcibly(); // SIGKILL: no shutdown hook, no safe state from the host
                long killTicks = board.clock().nowTicks();
                assertTrue(child.waitFor(10, TimeUnit.SECONDS), "child gone");
                awaitWall(() -> board.heaterPowerWatts(SimulatedBoards.MXC_HEATER) == 0.0, 10, "heater cut by the board");
                double cutAfterSeconds = cutAfterLastKickSeconds(board, killTicks);
                System.out.println("killed controller: heater cut " + cutAfterSeconds + " s (board time) after its last kick");
                assertTrue(cutAfterSeconds <= BOUND_TICKS * 1e-9,
                        "heater cut " + cutAfterSeconds + " s (board time) after the last kick; watchdog " + WATCHDOG_MS + " ms");
            } finally {
                child.destroyForcibly();
                child.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * A hung JVM (SIGSTOP: every thread stops, sockets stay open) is the same to the board: no
     * kicks. After SIGCONT the controller finds the board's watchdog latched while it was armed and
     * trips BOARD_WATCHDOG itself, so the heater stays off until an operator acknowledges.
     */
    @Test
    void aHungControllerProcessLeavesTheHeaterOffAndItStaysOffWhenTheProcessResumes() throws Exception {
        Path kill = Path.of("/bin/kill");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(kill), "needs /bin/kill for SIGSTOP");
        SimulatedBoard board = SafetyHarness.board(32);
        try (BoardServer server = new BoardServer(board, 0);
             RealTimeRunner runner = new RealTimeRunner(board, 1.0, STEP_SECONDS, System::nanoTime).start()) {
            Process child = startRegulatingChild(server, board);
            try {
                signal(kill, "-STOP", child.pid());
                long stopTicks = board.clock().nowTicks();
                awaitWall(() -> board.heaterPowerWatts(SimulatedBoards.MXC_HEATER) == 0.0, 10, "heater cut by the board");
                double cutAfterSeconds = cutAfterLastKickSeconds(board, stopTicks);
                System.out.println("hung controller: heater cut " + cutAfterSeconds + " s (board time) after its last kick");
                assertTrue(cutAfterSeconds <= BOUND_TICKS * 1e-9,
                        "heater cut " + cutAfterSeconds + " s (board time) after the last kick; watchdog " + WATCHDOG_MS + " ms");

                signal(kill, "-CONT", child.pid());
                awaitWall(() -> !board.relayClosed(), 10, "the resumed controller opens the relay (BOARD_WATCHDOG trip)");
                long resumed = System.nanoTime();
                awaitWall(() -> System.nanoTime() - resumed > 2_000_000_000L
                        || board.heaterPowerWatts(SimulatedBoards.MXC_HEATER) > 0, 5, "two seconds after resuming");
                assertTrue(board.heaterPowerWatts(SimulatedBoards.MXC_HEATER) == 0.0 && !board.relayClosed(),
                        "the heater stays off after the process resumes, until an operator acknowledges");
                assertTrue(child.isAlive(), "the controller runs on, tripped");
            } finally {
                child.destroyForcibly(); // SIGKILL ends a stopped process too
                child.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The controller in its own JVM against the served board, once it has the heater on. */
    private static Process startRegulatingChild(BoardServer server, SimulatedBoard board) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(java.toString(), "-XX:+UseSerialGC", "-Xmx64m", "-cp", cp,
                ControllerChildMain.class.getName(), String.valueOf(server.port()), String.valueOf(WATCHDOG_MS))
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine(); // bounded: the child exits by itself after 60 s
            assertTrue("RUNNING".equals(first), "child started: " + first);
            awaitWall(() -> board.heaterPowerWatts(SimulatedBoards.MXC_HEATER) > 0, 30, "heater on under the child's control");
            return child;
        } catch (Exception | AssertionError e) {
            child.destroyForcibly();
            throw e;
        }
    }

    private static void signal(Path kill, String signal, long pid) throws Exception {
        Process p = new ProcessBuilder(kill.toString(), signal, Long.toString(pid)).redirectErrorStream(true).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "kill " + signal + " " + pid);
    }

    private static void awaitWall(java.util.function.BooleanSupplier c, int seconds, String what) {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
            }
            LockSupport.parkNanos(2_000_000L);
        }
    }
}
