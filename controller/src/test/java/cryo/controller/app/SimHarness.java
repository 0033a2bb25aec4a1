package cryo.controller.app;

import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.ring.ControlRing;
import cryo.hal.bus.BusException;
import cryo.sim.board.LockStepDriver;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import java.util.ArrayList;
import java.util.List;

/** Test wiring: the default controller on a simulated mixing-chamber board, in lock-step virtual time. */
public final class SimHarness implements AutoCloseable {
    public final SimulatedBoard board;
    public final Controller controller;
    public final LockStepDriver driver;
    public final List<String> results = new ArrayList<>();

    public SimHarness(long seed) throws BusException {
        this(seed, cfg -> cfg);
    }

    public SimHarness(long seed, java.util.function.UnaryOperator<ControllerConfig> tweak) throws BusException {
        board = SimulatedBoards.mixingChamber(seed);
        ControllerConfig cfg = tweak.apply(DefaultConfig.mixingChamber("test-1",
                board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve()));
        controller = Controller.create(cfg, board, board.clock(), ControlRing.defaultWaitStrategy(),
                (c, ok, why, t) -> {
                    synchronized (results) {
                        results.add((ok ? "accepted: " : "refused: ") + why);
                    }
                }).start();
        driver = new LockStepDriver(board, cfg.tickIntervalSeconds(), controller::step);
    }

    public double mxcKelvin() {
        return board.plant().temperatureKelvin(cryo.hal.device.StageId.MXC);
    }

    @Override
    public void close() {
        controller.close();
    }
}
