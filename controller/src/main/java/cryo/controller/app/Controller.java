package cryo.controller.app;

import com.lmax.disruptor.WaitStrategy;
import cryo.controller.board.BoardInputStage;
import cryo.controller.board.SafeState;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.LoopConfig;
import cryo.controller.config.OverTemperatureLimit;
import cryo.controller.heater.HeaterLoop;
import cryo.controller.heater.HeaterLoopStage;
import cryo.controller.interlock.Interlock;
import cryo.controller.interlock.InterlockStage;
import cryo.controller.interlock.OverTemperatureDetector;
import cryo.controller.ring.CommandSink;
import cryo.controller.ring.ControlRing;
import cryo.controller.ring.RingStage;
import cryo.controller.sequencer.PulseSequencerStage;
import cryo.controller.sequencer.SequencerConfig;
import cryo.controller.telemetry.StatusChannel;
import cryo.controller.telemetry.TelemetryStage;
import cryo.hal.bus.BusException;
import cryo.hal.bus.RegisterBus;
import cryo.hal.calibration.CalibrationCurve;
import cryo.hal.cmos.CmosHeater;
import cryo.hal.cmos.CmosInterlockRelay;
import cryo.hal.cmos.CmosPulseEngine;
import cryo.hal.cmos.CmosThermometer;
import cryo.hal.cmos.CmosWatchdog;
import cryo.hal.cmos.CryoCmosBoard;
import cryo.hal.device.BoardClock;
import cryo.hal.device.Heater;
import cryo.hal.device.Thermometer;
import cryo.hal.pulse.PulseEngineDriver;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.v1.Command;
import java.util.List;

/**
 * The firmware assembled: the driver on a register bus, the devices, the stages in their fixed
 * order and the ring. The same object runs in lock-step simulation ({@link #step}) and in real
 * time (a {@link ControlTimer} publishes ticks).
 */
public final class Controller implements AutoCloseable {
    private final ControllerConfig config;
    private final CryoCmosBoard board;
    private final ControlRing ring;
    private final StatusChannel statusChannel;
    private final InterlockStage interlockStage;
    private final HeaterLoopStage heaterStage;
    private final BoardClock clock;
    private final List<RingStage> stages;
    private PulseSequencerStage sequencer;

    private Controller(ControllerConfig config, CryoCmosBoard board, ControlRing ring, StatusChannel statusChannel,
                       InterlockStage interlockStage, HeaterLoopStage heaterStage, BoardClock clock, List<RingStage> stages) {
        this.stages = stages;
        this.config = config;
        this.board = board;
        this.ring = ring;
        this.statusChannel = statusChannel;
        this.interlockStage = interlockStage;
        this.heaterStage = heaterStage;
        this.clock = clock;
    }

    /**
     * Builds the controller and puts the board in its safe state with the watchdog armed. The
     * ring is not running until {@link #start}.
     *
     * @throws BusException when the board does not answer or is not the expected board
     */
    public static Controller create(ControllerConfig config, RegisterBus bus, BoardClock clock,
                                    WaitStrategy waitStrategy, CommandSink results) throws BusException {
        return create(config, bus, clock, waitStrategy, results, null);
    }

    /**
     * As {@link #create(ControllerConfig, RegisterBus, BoardClock, WaitStrategy, CommandSink)}, with
     * an extra stage after telemetry ({@code probe}, may be null): benchmarks measure the chain with it.
     */
    public static Controller create(ControllerConfig config, RegisterBus bus, BoardClock clock,
                                    WaitStrategy waitStrategy, CommandSink results, RingStage probe) throws BusException {
        return create(config, SequencerConfig.defaults(config.tickIntervalSeconds()), bus, clock, waitStrategy, results, probe);
    }

    /** As {@link #create(ControllerConfig, RegisterBus, BoardClock, WaitStrategy, CommandSink)} with the pulse sequencer's settings. */
    public static Controller create(ControllerConfig config, SequencerConfig sequencerConfig, RegisterBus bus, BoardClock clock,
                                    WaitStrategy waitStrategy, CommandSink results) throws BusException {
        return create(config, sequencerConfig, bus, clock, waitStrategy, results, null);
    }

    private static Controller create(ControllerConfig config, SequencerConfig sequencerConfig, RegisterBus bus, BoardClock clock,
                                     WaitStrategy waitStrategy, CommandSink results, RingStage probe) throws BusException {
        if (sequencerConfig.lookaheadTicks() <= BoardClock.fromSeconds(config.tickIntervalSeconds())) {
            throw new IllegalArgumentException("sequencer.lookaheadTicks " + sequencerConfig.lookaheadTicks()
                    + " must exceed the control tick of " + BoardClock.fromSeconds(config.tickIntervalSeconds())
                    + " ticks (the ring writes pulses once a tick; a shorter lookahead makes every entry late)");
        }
        CryoCmosBoard board = new CryoCmosBoard(bus);
        board.verifyIdentity();
        int n = config.sensors().size();
        Thermometer[] thermometers = new Thermometer[n];
        CalibrationCurve[] curves = new CalibrationCurve[n];
        for (int i = 0; i < n; i++) {
            var s = config.sensors().get(i);
            thermometers[i] = new CmosThermometer(board, s.sensorId(), s.channel());
            curves[i] = s.curve();
        }
        List<LoopConfig> loopConfigs = config.loops();
        HeaterLoop[] loops = new HeaterLoop[loopConfigs.size()];
        Heater[] loopHeaters = new Heater[loops.length];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new HeaterLoop(loopConfigs.get(i));
            loopHeaters[i] = new CmosHeater(board, loopConfigs.get(i).loopId(), loopConfigs.get(i).heaterChannel());
        }
        Heater[] allHeaters = new Heater[CryoCmosRegisters.HEATER_CHANNELS];
        for (int h = 0; h < allHeaters.length; h++) {
            allHeaters[h] = new CmosHeater(board, "heater" + h, h);
        }
        CmosInterlockRelay relay = new CmosInterlockRelay(board);
        CmosWatchdog watchdog = new CmosWatchdog(board);
        SafeState safeState = new SafeState(allHeaters, relay, new CmosPulseEngine(board));
        if (!safeState.apply()) {
            throw new BusException("could not put the board in its safe state at start-up");
        }
        watchdog.arm(config.watchdogTimeoutMillis());

        Interlock interlock = new Interlock(safeState);
        List<OverTemperatureLimit> ot = config.overTemperature();
        OverTemperatureDetector[] detectors = new OverTemperatureDetector[ot.size()];
        int[] detectorSensor = new int[ot.size()];
        for (int i = 0; i < ot.size(); i++) {
            detectors[i] = new OverTemperatureDetector(ot.get(i).limitKelvin(), ot.get(i).debounceSamples());
            detectorSensor[i] = ot.get(i).sensorIndex();
        }
        InterlockStage interlockStage = new InterlockStage(interlock, detectors, detectorSensor, config.staleTicks(), relay, watchdog);
        HeaterLoopStage heaterStage = new HeaterLoopStage(loops, loopHeaters, interlock);
        StatusChannel channel = new StatusChannel(64, n, loops.length);
        TelemetryStage telemetry = new TelemetryStage(channel, n, loops, interlockStage,
                BoardClock.fromSeconds(config.statusIntervalSeconds()));
        PulseSequencerStage sequencer = new PulseSequencerStage(new PulseEngineDriver(board), board, interlock, sequencerConfig);
        telemetry.setSequencer(sequencer);
        List<RingStage> stages = new java.util.ArrayList<>(List.of(
                new BoardInputStage(thermometers, curves),
                interlockStage,
                heaterStage,
                sequencer,
                telemetry));
        if (probe != null) {
            stages.add(probe);
        }
        ControlRing ring = new ControlRing(1024, n, waitStrategy, stages, results);
        Controller controller = new Controller(config, board, ring, channel, interlockStage, heaterStage, clock, List.copyOf(stages));
        controller.sequencer = sequencer;
        return controller;
    }

    public Controller start() {
        ring.start();
        return this;
    }

    /** Lock-step: one control tick at {@code boardTicks}, returning once every stage has run. */
    public void step(long boardTicks) {
        long seq = ring.publishTick(boardTicks, 0L);
        ring.awaitProcessed(seq);
    }

    /** Queues an operator command for the ring; false when the ring is full. */
    public boolean submit(Command command) {
        sequencer.prepare(command); // a StartSequence is compiled here, off the ring thread
        boolean queued = ring.tryPublishCommand(command, clock.nowTicks());
        if (!queued) {
            sequencer.forget(command);
        }
        return queued;
    }

    public PulseSequencerStage sequencer() {
        return sequencer;
    }

    /** Lock-step: waits until every command submitted so far has been applied. */
    public void awaitIdle() {
        ring.awaitProcessed(ring.cursor());
    }

    /** The stages in ring order (benchmarks run them on other threads to build the queue baseline). */
    public List<RingStage> stages() {
        return stages;
    }

    public ControlRing ring() {
        return ring;
    }

    public ControllerConfig config() {
        return config;
    }

    public StatusChannel statusChannel() {
        return statusChannel;
    }

    public Interlock interlock() {
        return interlockStage.interlock();
    }

    public HeaterLoop[] loops() {
        return heaterStage.loops();
    }

    public CryoCmosBoard board() {
        return board;
    }

    public BoardClock clock() {
        return clock;
    }

    @Override
    public void close() {
        ring.close();
    }
}
