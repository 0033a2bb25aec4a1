package cryo.workstation.cli;

import cryo.sim.board.RealTimeRunner;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.sim.server.BoardServer;
import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code cryo board}: the simulated board as a process of its own, serving its register bus on
 * loopback TCP, so a controller (or the loader's safe mode) can connect, die and reconnect while
 * the board — and its watchdog — keeps running, as on real hardware.
 */
@Command(name = "board", mixinStandardHelpOptions = true, description = "Serve a simulated board on 127.0.0.1 (for --board tcp://...).")
public final class BoardCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "7700", description = "TCP port on 127.0.0.1 (default ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--speed", defaultValue = "1", description = "plant speed, times real time")
    double speed;

    @Option(names = "--seed", defaultValue = "1", description = "sensor noise seed")
    long seed;

    @Option(names = "--duration", defaultValue = "0", description = "stop after this many wall seconds (0 = until interrupted)")
    double durationSeconds;

    @Override
    public Integer call() throws Exception {
        if (!(speed > 0) || speed > 100_000) {
            throw new UserError("--speed " + speed + " outside (0, 100000]");
        }
        if (!(durationSeconds >= 0) || durationSeconds > 1e9) {
            throw new UserError("--duration " + durationSeconds + " outside 0..1e9 s (0 runs until interrupted)");
        }
        if (port < 0 || port > 65_535) {
            throw new UserError("--port " + port + " outside 0..65535 (0 = any free port)");
        }
        SimulatedBoard board = SimulatedBoards.mixingChamber(seed);
        BoardServer server;
        try {
            server = new BoardServer(board, port);
        } catch (java.io.IOException e) {
            throw new UserError("cannot serve the board on 127.0.0.1:" + port + ": " + e.getMessage());
        }
        RealTimeRunner runner = new RealTimeRunner(board, speed, 0.01, System::nanoTime).start();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("cryo: simulated board on tcp://127.0.0.1:%d%n", server.port());
        out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            runner.close();
            server.close();
            stop.countDown();
        }));
        if (durationSeconds > 0) {
            stop.await((long) (durationSeconds * 1000), TimeUnit.MILLISECONDS);
        } else {
            stop.await();
        }
        runner.close();
        server.close();
        return 0;
    }
}
