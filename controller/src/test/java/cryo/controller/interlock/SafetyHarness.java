package cryo.controller.interlock;

import cryo.controller.app.Controller;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.ring.ControlRing;
import cryo.controller.ring.RingStage;
import cryo.controller.telemetry.StatusBuilder;
import cryo.controller.telemetry.StatusSnapshot;
import cryo.hal.bus.BusException;
import cryo.hal.device.StageId;
import cryo.sim.board.LockStepDriver;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.AlarmEvent;
import cryo.v1.Command;
import cryo.v1.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/** The default controller on a simulated mixing-chamber board in lock-step, with alarm sink, journal and hooks. */
final class SafetyHarness implements AutoCloseable {
    final SimulatedBoard board;
    final Controller controller;
    final LockStepDriver driver;
    final List<String> results = new ArrayList<>();
    final ConcurrentLinkedQueue<AlarmEvent> alarmEvents = new ConcurrentLinkedQueue<>();
    private final StatusBuilder statusBuilder;
    private int commandSeq;

    SafetyHarness(long seed) throws BusException {
        this(board(seed), cfg -> cfg, null, null);
    }

    /**
     * The mixing-chamber board with a 4 µW parasitic load: base 9.8 mK, as a real fridge. The
     * default plant's 1 µW gives a 4.9 mK base, below the RuOx curve's 5 mK, so a mixing chamber
     * left without heat would read outside its curve (a sensor fault) after a trip.
     */
    static SimulatedBoard board(long seed) {
        return SimulatedBoards.mixingChamber(new cryo.sim.plant.MixingChamberPlant(1.0, 0.5e-3, 4e-6, 4.0), seed);
    }

    SafetyHarness(SimulatedBoard board, UnaryOperator<ControllerConfig> tweak, Path journal, RingStage hook) throws BusException {
        this(board, tweak.apply(DefaultConfig.mixingChamber("test-1",
                board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve())), journal, hook);
    }

    SafetyHarness(SimulatedBoard board, ControllerConfig cfg, Path journal, RingStage hook) throws BusException {
        this(board, cfg, journal, hook, null);
    }

    /** The mixing-chamber controller with a journal and a (test) wall clock stamped on journalled events. */
    SafetyHarness(SimulatedBoard board, Path journal, java.util.function.LongSupplier wallClockMillis) throws BusException {
        this(board, DefaultConfig.mixingChamber("test-1", board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve()),
                journal, null, wallClockMillis);
    }

    SafetyHarness(SimulatedBoard board, ControllerConfig cfg, Path journal, RingStage hook,
                  java.util.function.LongSupplier wallClockMillis) throws BusException {
        this(board, cfg, journal, hook, wallClockMillis, SafetyOptions.DEFAULT_ALARM_CAPACITY);
    }

    /** As the mixing-chamber harness with the active alarm set's capacity of {@code options} (tests fill it). */
    SafetyHarness(SimulatedBoard board, UnaryOperator<ControllerConfig> tweak, Path journal, RingStage hook,
                  SafetyOptions options) throws BusException {
        this(board, tweak.apply(DefaultConfig.mixingChamber("test-1",
                board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve())), journal, hook, null, options.alarmCapacity());
    }

    private SafetyHarness(SimulatedBoard board, ControllerConfig cfg, Path journal, RingStage hook,
                  java.util.function.LongSupplier wallClockMillis, int alarmCapacity) throws BusException {
        this.board = board;
        controller = Controller.create(cfg, board, board.clock(), ControlRing.defaultWaitStrategy(),
                (c, ok, why, t) -> {
                    synchronized (results) {
                        results.add((ok ? "accepted: " : "refused: ") + why);
                    }
                }, new SafetyOptions(journal, alarmEvents::add, hook, wallClockMillis, alarmCapacity)).start();
        driver = new LockStepDriver(board, cfg.tickIntervalSeconds(), controller::step);
        statusBuilder = new StatusBuilder(cfg);
    }

    /**
     * The five-stage cryostat already at base (still heater 15 mW open loop), with a second RuOx
     * on the mixing chamber (channel 6, cross-checked with channel 4), the shipped cryostat
     * configuration at a 1 s tick, and the mixing-chamber loop regulating in PID mode at
     * {@code mxcSetpointKelvin}, settled for {@code settleSeconds}.
     */
    static SafetyHarness cryostatAtBase(long seed, double mxcSetpointKelvin, double settleSeconds) throws BusException {
        SimulatedBoard b = SimulatedBoards.cryostatRedundantMxc(
                cryo.sim.plant.CryostatPlant.cooledToBase(cryo.sim.plant.PlantParameters.defaults(), 0.015), seed);
        cryo.hal.calibration.CalibrationCurve[] curves = new cryo.hal.calibration.CalibrationCurve[7];
        for (int ch = 0; ch < curves.length; ch++) {
            curves[ch] = b.wiring().sensor(ch).curve();
        }
        SafetyHarness h = new SafetyHarness(b, DefaultConfig.cryostat("test-cryostat", 1.0, curves), null, null);
        h.command(Command.newBuilder().setSetMode(cryo.v1.SetMode.newBuilder().setLoopId("still").setMode(cryo.v1.LoopMode.LOOP_MODE_OPEN_LOOP)));
        h.command(Command.newBuilder().setSetManualOutput(cryo.v1.SetManualOutput.newBuilder().setLoopId("still").setOutputWatts(0.015)));
        h.command(Command.newBuilder().setSetSetpoint(cryo.v1.SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(mxcSetpointKelvin)));
        h.command(Command.newBuilder().setSetMode(cryo.v1.SetMode.newBuilder().setLoopId("mxc").setMode(cryo.v1.LoopMode.LOOP_MODE_PID)));
        h.run(settleSeconds);
        return h;
    }

    double stageKelvin(StageId stage) {
        return board.plant().temperatureKelvin(stage);
    }

    private Status lastStatus;

    /** Runs virtual time, draining statuses as they come (the channel drops when nobody reads). */
    void run(double seconds) {
        long steps = Math.round(seconds / driver.dtSeconds());
        for (long i = 0; i < steps; i++) {
            driver.step();
            if (i % 8 == 0) {
                latestStatus();
            }
        }
    }

    double mxcKelvin() {
        return board.plant().temperatureKelvin(StageId.MXC);
    }

    double mxcHeaterWatts() {
        return board.heaterPowerWatts(SimulatedBoards.MXC_HEATER);
    }

    /** Submits a command, waits until the ring applied it, and returns the result line. */
    String command(Command.Builder c) {
        c.setCorrelationId("c" + (++commandSeq)).setOperatorId("test-operator");
        int before;
        synchronized (results) {
            before = results.size();
        }
        if (!controller.submit(c.build())) {
            throw new IllegalStateException("ring full");
        }
        controller.awaitIdle();
        awaitTrue(() -> {
            synchronized (results) {
                return results.size() > before;
            }
        }, "command result");
        synchronized (results) {
            return results.get(before);
        }
    }

    /**
     * Turns loop {@code loopId} on again in {@code mode}: after a trip (which switched it off) an
     * acknowledgement heats nothing; an operator does this.
     */
    String turnOn(String loopId, cryo.v1.LoopMode mode) {
        return command(Command.newBuilder().setSetMode(cryo.v1.SetMode.newBuilder().setLoopId(loopId).setMode(mode)));
    }

    /** The newest status the telemetry stage handed off (drains the channel). */
    Status latestStatus() {
        Status last = lastStatus;
        StatusSnapshot s;
        while ((s = controller.statusChannel().poll()) != null) {
            last = statusBuilder.build(s, 0, 0);
            controller.statusChannel().release();
        }
        lastStatus = last;
        return last;
    }

    /** Waits (bounded, no sleep) until the alarm dispatcher delivered an event matching the condition. */
    AlarmEvent awaitAlarmEvent(java.util.function.Predicate<AlarmEvent> match, String what) {
        AlarmEvent[] found = new AlarmEvent[1];
        awaitTrue(() -> {
            for (AlarmEvent e : alarmEvents) {
                if (match.test(e)) {
                    found[0] = e;
                    return true;
                }
            }
            return false;
        }, what);
        return found[0];
    }

    static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after 10 s waiting for " + what);
            }
            LockSupport.parkNanos(1_000_000L);
        }
    }

    @Override
    public void close() {
        controller.close();
    }
}
