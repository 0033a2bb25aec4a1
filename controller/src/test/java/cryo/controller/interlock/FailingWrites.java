package cryo.controller.interlock;

import cryo.hal.bus.BusException;
import cryo.hal.bus.Frame;
import cryo.hal.bus.RegisterBus;
import cryo.sim.board.SimulatedBoard;
import java.util.function.IntPredicate;

/** A bus in front of the simulated board on which chosen writes go unanswered (reads still work). */
final class FailingWrites implements RegisterBus {
    private final SimulatedBoard board;
    volatile IntPredicate failing = address -> false;

    FailingWrites(SimulatedBoard board) {
        this.board = board;
    }

    @Override
    public int transfer(byte[] request, int requestLength, byte[] response) throws BusException {
        if ((request[0] & 0xFF) == Frame.CMD_WRITE && failing.test(Frame.address(request))) {
            throw new BusException("write 0x" + Integer.toHexString(Frame.address(request)) + ": no answer");
        }
        return board.transfer(request, requestLength, response);
    }

    @Override
    public void close() {
    }
}
