package cryo.controller.sequencer;

import cryo.controller.app.Controller;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.interlock.SafetyOptions;
import cryo.controller.ring.ControlRing;
import cryo.hal.bus.BusException;
import cryo.hal.bus.Frame;
import cryo.hal.bus.RegisterBus;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.sim.board.LockStepDriver;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.sim.plant.MixingChamberPlant;
import cryo.sim.plant.Plant;
import cryo.v1.AlarmCause;
import cryo.v1.Command;
import cryo.v1.PulseSequence;
import cryo.v1.StartSequence;
import java.util.ArrayList;
import java.util.List;

/**
 * The controller on a simulated board in lock-step virtual time, with the pulse sequencer's
 * alarms and command results collected, and a bus that can be slowed (a deliberately slow host).
 */
final class SequencerHarness implements AutoCloseable {
    final SimulatedBoard board;
    final Controller controller;
    final LockStepDriver driver;
    final PulseSequencerStage sequencer;
    final List<String> results = new ArrayList<>();
    final List<String> alarms = new ArrayList<>();
    /** Every alarm event the dispatcher delivered (after the journal, when there is one). */
    final java.util.concurrent.ConcurrentLinkedQueue<cryo.v1.AlarmEvent> alarmEvents = new java.util.concurrent.ConcurrentLinkedQueue<>();
    final SlowBus bus;
    private int ids;

    SequencerHarness(SequencerConfig sc) throws BusException {
        this(sc, MixingChamberPlant.typical());
    }

    SequencerHarness(SequencerConfig sc, Plant plant) throws BusException {
        this(sc, plant, 0.1);
    }

    SequencerHarness(SequencerConfig sc, Plant plant, double tickSeconds) throws BusException {
        this(sc, plant, tickSeconds, null);
    }

    /** @param journal the alarm journal (null: in memory); alarm events reach {@link #alarmEvents} either way */
    SequencerHarness(SequencerConfig sc, Plant plant, double tickSeconds, java.nio.file.Path journal) throws BusException {
        board = SimulatedBoards.mixingChamber(plant, 11);
        board.pulseEngine().recordPlayed(200_000);
        bus = new SlowBus(board);
        ControllerConfig base = DefaultConfig.mixingChamber("seq-1", board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve());
        ControllerConfig cfg = new ControllerConfig(base.nodeId(), base.firmwareVersion(), tickSeconds,
                Math.max(tickSeconds, base.statusIntervalSeconds()), base.watchdogTimeoutMillis(),
                base.sensors(), base.loops(), base.overTemperature());
        controller = Controller.create(cfg, sc, bus, board.clock(), ControlRing.defaultWaitStrategy(),
                (c, ok, why, t) -> {
                    synchronized (results) {
                        results.add((ok ? "accepted: " : "refused: ") + why);
                    }
                }, null, new SafetyOptions(journal, alarmEvents::add, null)).start();
        sequencer = controller.sequencer();
        SequencerAlarms wired = sequencer.alarms(); // the controller's: into the alarm set
        sequencer.setAlarms((AlarmCause cause, String message, double value, double limit, long ticks) -> {
            wired.raise(cause, message, value, limit, ticks);
            synchronized (alarms) {
                alarms.add(cause + ": " + message);
            }
        });
        driver = new LockStepDriver(board, cfg.tickIntervalSeconds(), controller::step);
    }

    /** Submits a command and waits until the ring has answered it; returns the answer. */
    String command(Command.Builder c) {
        int before;
        synchronized (results) {
            before = results.size();
        }
        if (!controller.submit(c.setCorrelationId("c" + ++ids).build())) {
            throw new IllegalStateException("ring full");
        }
        controller.awaitIdle();
        synchronized (results) {
            if (results.size() != before + 1) {
                throw new IllegalStateException("no answer: " + results);
            }
            return results.get(before);
        }
    }

    String start(PulseSequence s, int loops) {
        return start(s, loops, false);
    }

    String start(PulseSequence s, int loops, boolean throttle) {
        return command(Command.newBuilder().setStartSequence(StartSequence.newBuilder().setSequence(s).setLoops(loops).setThrottle(throttle)));
    }

    String stop() {
        return command(Command.newBuilder().setStopSequence(cryo.v1.StopSequence.getDefaultInstance()));
    }

    String abort() {
        return command(Command.newBuilder().setAbortSequence(cryo.v1.AbortSequence.getDefaultInstance()));
    }

    /**
     * Overheats the mixing chamber's thermometer (8 K) and steps until the interlock trips, at most
     * 50 ticks; the caller asserts what that same pass did.
     */
    void overheatUntilTripped() {
        board.mockTemperatureKelvin(SimulatedBoards.MXC_THERMOMETER, 8.0);
        for (int steps = 0; !controller.interlock().tripped() && steps < 50; steps++) {
            driver.step();
        }
    }

    @Override
    public void close() {
        controller.close();
    }

    /** A register bus that can take {@code delaySeconds} of board time for every pulse-entry burst (a slow host link). */
    static final class SlowBus implements RegisterBus {
        private final SimulatedBoard board;
        volatile double delaySeconds;

        SlowBus(SimulatedBoard board) {
            this.board = board;
        }

        @Override
        public int transfer(byte[] request, int requestLength, byte[] response) throws BusException {
            if (delaySeconds > 0 && (request[0] & 0xFF) == Frame.CMD_WRITE && Frame.address(request) == CryoCmosRegisters.PULSE_SLOT_BASE) {
                board.update(delaySeconds);
            }
            return board.transfer(request, requestLength, response);
        }

        @Override
        public void close() {
        }
    }
}
