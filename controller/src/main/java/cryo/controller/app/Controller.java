package cryo.controller.app;

import com.lmax.disruptor.WaitStrategy;
import cryo.controller.board.BoardInputStage;
import cryo.hal.safe.SafeState;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.LoopConfig;
import cryo.controller.heater.HeaterLoop;
import cryo.controller.heater.HeaterLoopStage;
import cryo.controller.interlock.Interlock;
import cryo.controller.interlock.InterlockStage;
import cryo.controller.interlock.WarmupMode;
import cryo.controller.alarm.AlarmDispatcher;
import cryo.controller.alarm.AlarmEventChannel;
import cryo.controller.alarm.AlarmJournal;
import cryo.controller.alarm.AlarmNames;
import cryo.controller.alarm.AlarmSet;
import cryo.controller.interlock.BoardFaults;
import cryo.controller.interlock.SafetyOptions;
import java.io.IOException;
import java.util.ArrayList;
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
    private cryo.controller.jobs.JobStage jobs;
    private AlarmDispatcher alarmDispatcher;

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
        return create(config, SequencerConfig.defaults(config.tickIntervalSeconds()), bus, clock, waitStrategy, results, null,
                SafetyOptions.IN_MEMORY);
    }

    /**
     * As {@link #create(ControllerConfig, RegisterBus, BoardClock, WaitStrategy, CommandSink)}, with
     * an extra stage after telemetry ({@code probe}, may be null): benchmarks measure the chain with it.
     */
    public static Controller create(ControllerConfig config, RegisterBus bus, BoardClock clock,
                                    WaitStrategy waitStrategy, CommandSink results, RingStage probe) throws BusException {
        return create(config, SequencerConfig.defaults(config.tickIntervalSeconds()), bus, clock, waitStrategy, results, probe,
                SafetyOptions.IN_MEMORY);
    }

    /** As {@link #create(ControllerConfig, RegisterBus, BoardClock, WaitStrategy, CommandSink)} with the pulse sequencer's settings. */
    public static Controller create(ControllerConfig config, SequencerConfig sequencerConfig, RegisterBus bus, BoardClock clock,
                                    WaitStrategy waitStrategy, CommandSink results) throws BusException {
        return create(config, sequencerConfig, bus, clock, waitStrategy, results, null, SafetyOptions.IN_MEMORY);
    }

    /**
     * As {@link #create(ControllerConfig, RegisterBus, BoardClock, WaitStrategy, CommandSink)},
     * with the alarm journal and sink: the journal is replayed first (alarm and event ids continue,
     * and an uncleared critical alarm keeps the interlock tripped across the restart), and the
     * board's over-temperature comparators are programmed from the configuration and verified.
     *
     * @throws BusException when the board does not answer, a comparator does not read back, or the journal cannot be opened
     */
    public static Controller create(ControllerConfig config, RegisterBus bus, BoardClock clock,
                                    WaitStrategy waitStrategy, CommandSink results, SafetyOptions safety) throws BusException {
        return create(config, SequencerConfig.defaults(config.tickIntervalSeconds()), bus, clock, waitStrategy, results, null, safety);
    }

    /** Every setting at once: sequencer, an optional trailing probe stage (benchmarks), and safety (journal, sink). */
    public static Controller create(ControllerConfig config, SequencerConfig sequencerConfig, RegisterBus bus, BoardClock clock,
                                    WaitStrategy waitStrategy, CommandSink results, RingStage probe, SafetyOptions safety) throws BusException {
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
            LoopConfig lc = loopConfigs.get(i);
            loops[i] = new HeaterLoop(lc, config.sensors().get(lc.sensorIndex()).curve().setpointLimitKelvin(),
                    setpointFloorKelvin(config, lc));
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

        programComparators(config, loopHeaters);

        String[] stageIds = new String[n];
        String[] sensorIds = new String[n];
        for (int i = 0; i < n; i++) {
            stageIds[i] = config.sensors().get(i).stageId();
            sensorIds[i] = config.sensors().get(i).sensorId();
        }
        String[] loopIds = new String[loops.length];
        for (int i = 0; i < loops.length; i++) {
            loopIds[i] = loops[i].loopId();
        }
        AlarmNames names = new AlarmNames(stageIds, sensorIds, loopIds);
        AlarmEventChannel alarmChannel = new AlarmEventChannel(1024);
        AlarmSet alarms = new AlarmSet(safety.alarmCapacity(), alarmChannel, names.sensorKeys(), loopIds);
        AlarmJournal journal = null;
        if (safety.alarmJournal() != null) {
            try {
                journal = AlarmJournal.open(safety.alarmJournal());
            } catch (IOException e) {
                throw new BusException("cannot open the alarm journal " + safety.alarmJournal() + ": " + e.getMessage(), e);
            }
            alarms.restore(journal.replayed(), safety.wallClockMillis() == null ? 0 : safety.wallClockMillis().getAsLong(),
                    clock.nowTicks());
        }
        Interlock interlock = new Interlock(safeState, alarms);
        for (int i = 0; i < alarms.count(); i++) {
            if (alarms.get(i).severity() == cryo.v1.Severity.SEVERITY_CRITICAL) {
                interlock.latchRestored(alarms.get(i).cause(), alarms.get(i).sensorIndex(), clock.nowTicks());
                break;
            }
        }
        BoardFaults faults = new BoardFaults() {
            @Override
            public int faultFlags() throws BusException {
                return board.readRegister(CryoCmosRegisters.FAULT_FLAGS);
            }

            @Override
            public int comparatorTripped() throws BusException {
                return board.readRegister(CryoCmosRegisters.COMPARATOR_TRIPPED);
            }

            @Override
            public void clearLatches() throws BusException {
                board.writeRegister(CryoCmosRegisters.COMPARATOR_TRIPPED, 0xFFFF);
                board.writeRegister(CryoCmosRegisters.FAULT_FLAGS,
                        CryoCmosRegisters.FAULT_WATCHDOG | CryoCmosRegisters.FAULT_COMPARATOR);
            }

            @Override
            public void clearFlags(int bits) throws BusException {
                board.writeRegister(CryoCmosRegisters.FAULT_FLAGS, bits);
            }

            @Override
            public double supplyVolts() throws BusException {
                return board.readFloat(CryoCmosRegisters.SUPPLY_VOLTS);
            }

            @Override
            public double dieKelvin() throws BusException {
                return board.readFloat(CryoCmosRegisters.DIE_TEMPERATURE);
            }

            @Override
            public long crcErrors() {
                return board.crcErrors();
            }

            @Override
            public long transfers() {
                return board.transfers();
            }
        };
        Heater[] interlockHeaters = new Heater[loops.length];
        for (int i = 0; i < loops.length; i++) {
            interlockHeaters[i] = new CmosHeater(board, loopConfigs.get(i).loopId(), loopConfigs.get(i).heaterChannel());
        }
        WarmupMode warmup = new WarmupMode(config);
        InterlockStage interlockStage = new InterlockStage(config, interlock, loops, interlockHeaters, relay, watchdog, faults, warmup);
        HeaterLoopStage heaterStage = new HeaterLoopStage(loops, loopHeaters, interlock, warmup);
        StatusChannel channel = new StatusChannel(64, n, loops.length);
        TelemetryStage telemetry = new TelemetryStage(channel, n, loops, interlockStage,
                BoardClock.fromSeconds(config.statusIntervalSeconds()));
        PulseSequencerStage sequencer = new PulseSequencerStage(new PulseEngineDriver(board), board, interlock, sequencerConfig);
        telemetry.setSequencer(sequencer);
        cryo.controller.jobs.JobStage jobs = jobStage(config, sequencerConfig, sequencer, interlock, loops);
        telemetry.setJobs(jobs);
        telemetry.setDeadbandFraction(config.deadbandFraction());
        // sequencer aborts that deserve an alarm (underflow) latch in the alarm set: Status, journal, sink
        sequencer.setAlarms(PulseSequencerStage.alarmsTo(alarms));
        telemetry.reportAlarmChannel(alarmChannel);
        List<RingStage> stages = new ArrayList<>(List.of(
                new BoardInputStage(thermometers, curves, clock),
                interlockStage,
                heaterStage,
                sequencer,
                jobs,
                interlockStage.finish(),
                telemetry));
        if (safety.testHook() != null) {
            stages.add(safety.testHook());
        }
        if (probe != null) {
            stages.add(probe);
        }
        // a stage that throws trips through the one trip path, in the same pass, and the ring lives on
        ControlRing ring = new ControlRing(1024, n, waitStrategy, stages, results,
                (event, stage, error) -> interlock.stageFailed(stage, error, event.boardTicks));
        Controller c = new Controller(config, board, ring, channel, interlockStage, heaterStage, clock, List.copyOf(stages));
        c.sequencer = sequencer;
        c.jobs = jobs;
        c.alarmDispatcher = new AlarmDispatcher(alarmChannel, journal, safety.alarmSink(), config.nodeId(), names,
                safety.wallClockMillis());
        return c;
    }

    /**
     * The job queue's stage: it judges the mixing chamber (the "mxc" stage's first sensor, against
     * the loop on it and that loop's hold band) and the 4 K plate (the "4k" stage's first sensor).
     */
    private static cryo.controller.jobs.JobStage jobStage(ControllerConfig config, SequencerConfig sequencerConfig,
                                                          PulseSequencerStage sequencer, Interlock interlock, HeaterLoop[] loops) {
        int mxc = -1;
        int plate = -1;
        for (int i = config.sensors().size() - 1; i >= 0; i--) {
            String stage = config.sensors().get(i).stageId();
            if ("mxc".equals(stage)) {
                mxc = i;
            } else if ("4k".equals(stage)) {
                plate = i;
            }
        }
        HeaterLoop mxcLoop = null;
        double band = Double.NaN;
        for (HeaterLoop l : loops) {
            if (mxc >= 0 && l.sensorIndex() == mxc) {
                mxcLoop = l;
                band = config.interlocks().loop(l.loopId()).holdBandKelvin();
                break;
            }
        }
        return new cryo.controller.jobs.JobStage(config.jobs(), new cryo.controller.jobs.JobCompiler(sequencerConfig), sequencer,
                interlock, mxcLoop, band, mxc, plate);
    }

    /**
     * Switches every loop heater's over-temperature comparator off at start-up (written and read
     * back). The interlock stage programs each one from the configuration once its stage reads
     * inside its calibration curve and below the limit (a warm RuOx reads below its curve, which
     * a comparator takes for "too hot"); see InterlockStage.armComparator.
     */
    /** Under-temperature limit of the loop's sensor plus the loop's hold band; 0 without such a limit. */
    static double setpointFloorKelvin(ControllerConfig config, LoopConfig loop) {
        double under = config.interlocks().sensor(loop.sensorIndex()).underTemperatureKelvin();
        return Double.isNaN(under) ? 0.0 : under + config.interlocks().loop(loop.loopId()).holdBandKelvin();
    }

    private static void programComparators(ControllerConfig config, Heater[] loopHeaters) throws BusException {
        for (int i = 0; i < loopHeaters.length; i++) {
            LoopConfig lc = config.loops().get(i);
            var sc = config.sensors().get(lc.sensorIndex());
            loopHeaters[i].setComparator(sc.channel(), 0.0, CryoCmosRegisters.COMP_MODE_OFF);
        }
    }

    public Controller start() {
        alarmDispatcher.start();
        ring.start();
        return this;
    }

    /**
     * Starts for lock-step in virtual time with the ring's stages on the caller's thread (see
     * {@link ControlRing#startInline}): {@link #step} and {@link #awaitIdle} run them, in the same
     * order and through the same trip path as the ring thread. Only for lock-step runs (the
     * simulator); a real-time node uses {@link #start}.
     */
    public Controller startLockStep() {
        alarmDispatcher.start();
        ring.startInline();
        return this;
    }

    /** Lock-step: one control tick at {@code boardTicks}, returning once every stage has run. */
    public void step(long boardTicks) {
        long seq = ring.publishTick(boardTicks, 0L);
        ring.awaitProcessed(seq);
    }

    /** Queues an operator command for the ring; false when the ring is full. */
    public boolean submit(Command command) {
        Object prepared = sequencer.prepare(command); // a StartSequence is compiled here, off the ring thread
        if (prepared == null) {
            prepared = jobs.prepare(command); // and a SubmitJob's sequence
        }
        boolean queued = ring.tryPublishCommand(command, prepared, clock.nowTicks());
        if (!queued) {
            sequencer.forget(command);
        }
        return queued;
    }

    public PulseSequencerStage sequencer() {
        return sequencer;
    }

    /** The job queue (issue 22): restore and store it before {@link #start}. */
    public cryo.controller.jobs.JobStage jobs() {
        return jobs;
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

    /**
     * Progress for the loader's heartbeats: the ring's processed sequence while no stage has
     * thrown; frozen once one has, so the heartbeats stop and a trial boot counts as failed.
     */
    public long healthProgress() {
        return interlockStage.interlock().stageFailures() == 0 ? ring.processedSequence() : -1L;
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

    public AlarmSet alarms() {
        return interlockStage.alarms();
    }

    public AlarmDispatcher alarmDispatcher() {
        return alarmDispatcher;
    }

    public InterlockStage interlockStage() {
        return interlockStage;
    }

    @Override
    public void close() {
        ring.close();
        alarmDispatcher.close();
    }
}
