package cryo.bench;

import com.lmax.disruptor.WaitStrategy;
import cryo.controller.app.Controller;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;

/** Builds the measured controller: the real stage chain on an in-process simulated board. */
final class Chains {
    private Chains() {
    }

    static Controller controller(LatencyProbe probe, WaitStrategy waitStrategy) throws Exception {
        SimulatedBoard board = SimulatedBoards.mixingChamber(1);
        ControllerConfig cfg = DefaultConfig.mixingChamber("bench", board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve());
        return Controller.create(cfg, board, board.clock(), waitStrategy, (c, ok, why, t) -> { }, probe);
    }

    static int sensors(Controller c) {
        return c.config().sensors().size();
    }
}
