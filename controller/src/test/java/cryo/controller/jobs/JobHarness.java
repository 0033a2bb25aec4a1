package cryo.controller.jobs;

import cryo.controller.app.Controller;
import cryo.controller.app.Node;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.ring.ControlRing;
import cryo.controller.sequencer.SequencerConfig;
import cryo.controller.telemetry.StatusBuilder;
import cryo.controller.telemetry.StatusChannel;
import cryo.controller.telemetry.StatusSnapshot;
import cryo.hal.bus.BusException;
import cryo.sim.board.LockStepDriver;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.CancelJob;
import cryo.v1.Command;
import cryo.v1.Job;
import cryo.v1.Status;
import cryo.v1.SubmitJob;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The controller with its job queue on the simulated mixing-chamber board, in lock-step virtual
 * time: either bare (in memory) or as a whole {@link Node} on a state directory (its ring stepped
 * here instead of by the control timer, so a restart is a real close and open of the node).
 */
final class JobHarness implements AutoCloseable {
    final SimulatedBoard board;
    final Controller controller;
    final LockStepDriver driver;
    final Node node;
    final ControllerConfig config;
    private int ids;

    private JobHarness(SimulatedBoard board, ControllerConfig config, Controller controller, Node node) {
        this.board = board;
        this.config = config;
        this.controller = controller;
        this.node = node;
        this.driver = new LockStepDriver(board, config.tickIntervalSeconds(), controller::step);
    }

    static ControllerConfig config(SimulatedBoard board, JobsConfig jobs) {
        return DefaultConfig.mixingChamber("jobs-1", board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve()).withJobs(jobs);
    }

    /** In memory: command results collected in {@link #results}. */
    static JobHarness bare(long seed, JobsConfig jobs) throws BusException {
        SimulatedBoard board = SimulatedBoards.mixingChamber(seed);
        ControllerConfig cfg = config(board, jobs);
        List<String> results = new ArrayList<>();
        Controller c = Controller.create(cfg, SequencerConfig.defaults(cfg.tickIntervalSeconds()), board, board.clock(),
                ControlRing.defaultWaitStrategy(), (cmd, ok, why, t) -> {
                    synchronized (results) {
                        results.add((ok ? "accepted: " : "refused: ") + why);
                    }
                });
        c.start();
        JobHarness h = new JobHarness(board, cfg, c, null);
        h.sink = results;
        return h;
    }

    /** A whole node on {@code stateDir}, on {@code board} (supervision off: results are read from the queue). */
    static JobHarness node(SimulatedBoard board, Path stateDir, JobsConfig jobs) {
        ControllerConfig cfg = config(board, jobs);
        Node n = Node.open(cfg, stateDir, board, board.clock(), null);
        n.controller().start();
        return new JobHarness(board, cfg, n.controller(), n);
    }

    private List<String> sink;

    /** Submits a command and waits until the ring has applied it; the answer (bare harness), else "". */
    String command(Command.Builder c) {
        int before = sink == null ? 0 : size();
        if (!controller.submit(c.setCorrelationId("c" + ++ids).setOperatorId("tester").build())) {
            throw new IllegalStateException("ring full");
        }
        controller.awaitIdle();
        if (sink == null) {
            return "";
        }
        synchronized (sink) {
            if (sink.size() != before + 1) {
                throw new IllegalStateException("no answer: " + sink);
            }
            return sink.get(before);
        }
    }

    private int size() {
        synchronized (sink) {
            return sink.size();
        }
    }

    String submit(Job.Builder job) {
        return command(Command.newBuilder().setSubmitJob(SubmitJob.newBuilder().setJob(job)));
    }

    String cancel(String id) {
        return command(Command.newBuilder().setCancelJob(CancelJob.newBuilder().setJobId(id)));
    }

    JobStage jobs() {
        return controller.jobs();
    }

    /** The newest status the ring produced since the last call (null when none). */
    Status status() {
        StatusChannel ch = controller.statusChannel();
        StatusSnapshot s;
        Status last = null;
        StatusBuilder b = new StatusBuilder(config);
        while ((s = ch.poll()) != null) {
            last = b.build(s, 0, 0);
            ch.release();
        }
        return last;
    }

    void run(double seconds) {
        driver.run(seconds);
    }

    @Override
    public void close() {
        if (node != null) {
            node.close();
        } else {
            controller.close();
        }
    }
}
