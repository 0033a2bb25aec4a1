package cryo.controller.cli;

import cryo.controller.app.ControlTimer;
import cryo.controller.app.Controller;
import cryo.controller.app.LoaderHandshake;
import cryo.hal.bus.RegisterBus;
import cryo.hal.bus.TcpRegisterBus;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.mqtt.AlarmOutboxSink;
import cryo.controller.mqtt.AuditLog;
import cryo.controller.mqtt.BrokerOptions;
import cryo.controller.mqtt.CommandAdapter;
import cryo.controller.mqtt.CommandGate;
import cryo.controller.mqtt.CommandLedger;
import cryo.controller.mqtt.EmbeddedBroker;
import cryo.controller.mqtt.OperatorKeys;
import cryo.controller.mqtt.Outbox;
import cryo.controller.mqtt.StatusPublisher;
import cryo.controller.ring.ControlRing;
import cryo.controller.telemetry.StatusBuilder;
import cryo.hal.bus.BusException;
import cryo.hal.device.BoardClock;
import cryo.sim.board.RealTimeRunner;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.LoopStatus;
import cryo.v1.StageStatus;
import cryo.v1.Status;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cryo run}: the controller on the simulated board, with an embedded or external broker. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the controller on the simulated board and publish status over MQTT.")
public final class RunCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--broker", paramLabel = "tcp://HOST:PORT", description = "external MQTT broker (default: start an embedded one)")
    String broker;

    @Option(names = "--embedded-port", defaultValue = "1883", description = "port of the embedded broker on 127.0.0.1 (default ${DEFAULT-VALUE})")
    int embeddedPort;

    static final String DEFAULT_NODE = "sim-1";

    @Option(names = "--node", description = "node id (default: the --config file's nodeId, else " + DEFAULT_NODE + ")")
    String node;

    @Option(names = "--speed", defaultValue = "1", description = "simulated plant speed, times real time (default ${DEFAULT-VALUE})")
    double speed;

    @Option(names = "--seed", defaultValue = "1", description = "seed of the simulated sensor noise (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--duration", defaultValue = "0", description = "stop after this many wall seconds (0 = run until interrupted)")
    double durationSeconds;

    @Option(names = "--quiet", description = "no status line on stdout")
    boolean quiet;

    @Mixin
    BrokerAuthOptions auth;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "outbox, command ledger and audit log (default ~/.cryo/state/NODE)")
    Path stateDir;

    @Option(names = "--operator-keys", paramLabel = "FILE", description = "operator HMAC keys: lines 'KEY_ID OPERATOR_ID HEX_SECRET'")
    Path operatorKeys;

    @Option(names = "--require-signed", description = "refuse commands without a valid HMAC-SHA256 signature (needs --operator-keys)")
    boolean requireSigned;

    @Option(names = "--signature-window", defaultValue = "30", description = "max age of a signed command, seconds (default ${DEFAULT-VALUE})")
    double signatureWindowSeconds;

    @Option(names = "--board", paramLabel = "tcp://HOST:PORT", description = "a simulated board served by 'cryo board' (default: one in this process)")
    String boardUri;

    @Option(names = "--config", paramLabel = "FILE", description = "controller configuration (YAML, see controller/README.md); --node, when given, overrides its nodeId (default: cryo-cryostat.yaml from the jar on the in-process cryostat; with --board, the built-in cryo-default.yaml)")
    java.nio.file.Path configFile;

    @Override
    public Integer call() throws Exception {
        if (!(speed > 0) || speed > 100_000) {
            throw new UserError("--speed " + speed + " outside (0, 100000]");
        }
        // supervision is not control: a mistake in the MQTT options turns supervision off, not control
        String mqttOff = supervisionProblem();
        ControllerConfig fileConfig = null;
        if (configFile != null) {
            try {
                fileConfig = cryo.controller.config.ConfigLoader.load(configFile);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        } else if (boardUri == null) {
            // the in-process cryostat is regulated by the shipped cryo-cryostat.yaml
            fileConfig = cryo.controller.config.ConfigLoader.loadShipped(cryo.controller.config.ConfigLoader.CRYOSTAT_RESOURCE);
        }
        String node = nodeId(this.node, fileConfig);
        Path state = stateDir != null ? stateDir : Path.of(System.getProperty("user.home"), ".cryo", "state", node);
        Outbox outbox;
        CommandLedger ledger;
        AuditLog audit;
        try {
            outbox = Outbox.open(state, 10_000);
            ledger = CommandLedger.open(state, 4096);
            audit = AuditLog.open(state.resolve("audit.log"), System::currentTimeMillis);
        } catch (IOException | RuntimeException e) {
            throw new UserError("--state-dir " + state + ": " + e.getMessage());
        }
        CommandAdapter commands = mqttOff != null ? null : new CommandAdapter(node,
                new CommandGate(node, keys, requireSigned, Math.round(signatureWindowSeconds * 1000), System::currentTimeMillis),
                ledger, audit);
        PrintWriter out = spec.commandLine().getOut();
        LoaderHandshake loader = LoaderHandshake.fromEnvironment();
        if (loader != null && mqttOff != null) {
            // on a trial boot the loader decides: no supervision fails the self-test
            loader.selfTestFailed("MQTT: " + mqttOff);
            loader.close();
            throw new UserError(mqttOff);
        }
        // in this process: the five-stage cryostat, cold, regulated by the shipped cryo-cryostat.yaml;
        // a board from 'cryo board' is the mixing chamber alone, regulated by the built-in default
        SimulatedBoard board = boardUri == null ? SimulatedBoards.cryostatAtBase(seed) : SimulatedBoards.mixingChamber(seed);
        ControllerConfig config;
        try {
            String firmware = LoaderHandshake.firmwareVersion(DefaultConfig.FIRMWARE_VERSION);
            if (fileConfig != null) {
                config = fileConfig.withNodeId(node).withFirmwareVersion(firmware);
            } else {
                config = DefaultConfig.mixingChamber(node, board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve(), firmware);
            }
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
        RegisterBus bus = board;
        BoardClock clock = board.clock();
        if (boardUri != null) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("tcp://([^\\s/:]+):(\\d{1,5})").matcher(boardUri);
            if (!m.matches()) {
                throw new UserError("--board '" + boardUri + "' is not a board URI like tcp://HOST:PORT");
            }
            try {
                bus = new TcpRegisterBus(m.group(1), Integer.parseInt(m.group(2)), 1000);
            } catch (BusException e) {
                throw new UserError("board: " + e.getMessage());
            }
            long origin = System.nanoTime();
            clock = () -> System.nanoTime() - origin; // a remote board: the host's monotonic clock
        }
        EmbeddedBroker embedded = null;
        String uri = broker;
        if (uri == null && mqttOff == null) {
            try {
                embedded = EmbeddedBroker.start(embeddedPort);
                uri = embedded.uri();
            } catch (IOException e) {
                if (loader != null) {
                    loader.selfTestFailed("MQTT: " + e.getMessage());
                    loader.close();
                    throw new UserError(e.getMessage());
                }
                mqttOff = "--embedded-port: " + e.getMessage();
            }
        }
        Controller controller;
        AlarmOutboxSink alarmSink;
        try {
            // the interlock's alarm events go journal -> outbox -> cryo/v1/NODE/alarm (caught up from the journal here)
            alarmSink = AlarmOutboxSink.open(outbox, state.resolve("alarms.journal"));
        } catch (IOException e) {
            closeQuietly(embedded);
            throw new UserError("--state-dir " + state + ": " + e.getMessage());
        }
        try {
            // alarms are journalled beside the outbox: an uncleared trip survives a restart
            controller = Controller.create(config, bus, clock, ControlRing.defaultWaitStrategy(),
                    (c, ok, why, t) -> {
                        if (commands != null) {
                            commands.onResult(c, ok, why, t);
                        }
                    },
                    new cryo.controller.interlock.SafetyOptions(state.resolve("alarms.journal"), alarmSink, null,
                            System::currentTimeMillis));
        } catch (BusException e) {
            closeQuietly(embedded);
            if (loader != null) {
                loader.selfTestFailed("board: " + e.getMessage());
                loader.close();
            }
            throw new UserError("board: " + e.getMessage());
        }
        StatusPublisher publisher;
        if (mqttOff == null) {
            BrokerOptions brokerOptions = embedded != null ? BrokerOptions.plain(uri) : auth.unchecked(uri);
            commands.submitTo(controller::submit).start();
            publisher = new StatusPublisher(brokerOptions, config, controller.statusChannel(),
                    new StatusBuilder(config), System::nanoTime).outbox(outbox).alarms(alarmSink).commands(commands);
        } else {
            // statuses still feed the console line; alarm events wait in the outbox for a later run
            publisher = StatusPublisher.offline(config, controller.statusChannel(), new StatusBuilder(config), System::nanoTime)
                    .outbox(outbox).alarms(alarmSink);
        }
        RealTimeRunner plant = boardUri == null ? new RealTimeRunner(board, speed, 0.01, System::nanoTime).start() : null;
        controller.start();
        ControlTimer timer = new ControlTimer(controller, clock, config.tickIntervalSeconds()).start();
        StatusLine line = new StatusLine(out, quiet);
        publisher.addListener(line::print);
        CountDownLatch firstStatus = new CountDownLatch(1);
        publisher.addListener(s -> firstStatus.countDown());
        publisher.start();
        if (mqttOff != null) {
            spec.commandLine().getErr().println("cryo: " + mqttOff + "; MQTT supervision off (statuses not published, no commands), controlling anyway");
            spec.commandLine().getErr().flush();
        } else if (!awaitFirstConnect(publisher)) {
            String why = publisher.lastError();
            if (loader == null) {
                // supervision is not control: keep controlling and keep retrying the broker
                spec.commandLine().getErr().println("cryo: cannot reach MQTT broker " + uri + ": " + why + "; controlling anyway and retrying");
                spec.commandLine().getErr().flush();
            } else {
                // on a trial boot the loader decides: an unreachable broker fails the self-test
                timer.close();
                closeQuietly(plant);
                controller.close();
                closeQuietly(commands);
                publisher.close();
                closeQuietly(embedded);
                loader.selfTestFailed("MQTT broker " + uri + " unreachable: " + why);
                loader.close();
                throw new UserError("cannot reach MQTT broker " + uri + ": " + why);
            }
        }
        if (loader != null) {
            // self-test: the board answered with the right map (create), comparators/watchdog and
            // interlock armed (create + first ticks), a first status built
            if (!firstStatus.await(10, TimeUnit.SECONDS) || controller.interlock().tripped()) {
                loader.selfTestFailed(controller.interlock().tripped() ? "interlock tripped: " + controller.interlock().cause() : "no status within 10 s");
                loader.close();
                throw new UserError("self-test failed");
            }
            loader.selfTestPassed("board id and register map v" + cryo.hal.regmap.CryoCmosRegisters.REGMAP_VERSION
                    + ", watchdog armed, interlock armed, first status built");
            loader.healthy(config.firmwareVersion(), () -> controller.ring().processedSequence());
        }
        if (mqttOff == null) {
            out.printf("cryo: node %s running on the simulated board, status on %s at cryo/v1/%s/status (Ctrl-C stops)%n", node, uri, node);
        } else {
            out.printf("cryo: node %s running on the simulated board, without MQTT (Ctrl-C stops)%n", node);
        }
        out.flush();
        CountDownLatch stop = new CountDownLatch(1);
        EmbeddedBroker embeddedFinal = embedded;
        Thread hook = new Thread(() -> {
            timer.close();
            closeQuietly(plant);
            if (loader != null) {
                loader.close();
            }
            controller.close();
            closeQuietly(commands);
            publisher.close();
            try {
                outbox.close();
                ledger.close();
                audit.close();
            } catch (IOException ignored) {
                // everything was forced to disk as it was written
            }
            closeQuietly(embeddedFinal);
            stop.countDown();
        }, "cryo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (durationSeconds > 0) {
            stop.await((long) (durationSeconds * 1000), TimeUnit.MILLISECONDS);
            Runtime.getRuntime().removeShutdownHook(hook);
            hook.run();
            if (publisher.connects() == 0) {
                return 1; // a timed run that never reached its broker (said so on stderr at start): control ran, supervision did not
            }
        } else {
            stop.await();
        }
        return 0;
    }

    private OperatorKeys keys;

    /**
     * Checks the options that only concern supervision (broker URI, TLS files, credentials,
     * operator keys, signature window); null when they are fine, else one line naming the option.
     */
    private String supervisionProblem() {
        if (broker != null) {
            try {
                auth.unchecked(broker).validate();
            } catch (IllegalArgumentException e) {
                return e.getMessage();
            }
        }
        if (!(signatureWindowSeconds >= 1 && signatureWindowSeconds <= 3600)) {
            return "--signature-window " + signatureWindowSeconds + " outside 1..3600 s";
        }
        if (operatorKeys != null) {
            try {
                keys = OperatorKeys.load(operatorKeys);
            } catch (IllegalArgumentException | IOException e) {
                return "--operator-keys: " + e.getMessage();
            }
        } else if (requireSigned) {
            return "--require-signed needs --operator-keys FILE";
        }
        return null;
    }

    /** The node id: --node when given, else the configuration file's, else {@value #DEFAULT_NODE}. */
    static String nodeId(String nodeOption, ControllerConfig fileConfig) {
        if (nodeOption != null) {
            return nodeOption;
        }
        return fileConfig != null ? fileConfig.nodeId() : DEFAULT_NODE;
    }

    private static boolean awaitFirstConnect(StatusPublisher p) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (p.connected()) {
                return true;
            }
            if (!p.lastError().isEmpty()) {
                return false;
            }
            Thread.sleep(20);
        }
        return p.connected();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c != null) {
            try {
                c.close();
            } catch (Exception ignored) {
                // shutting down
            }
        }
    }

    /** One status line a wall second: time, stage temperatures, heater outputs, interlock. */
    static final class StatusLine {
        private final PrintWriter out;
        private final boolean quiet;
        private long lastNanos;

        StatusLine(PrintWriter out, boolean quiet) {
            this.out = out;
            this.quiet = quiet;
        }

        void print(Status s) {
            long now = System.nanoTime();
            if (quiet || now - lastNanos < 990_000_000L) {
                return;
            }
            lastNanos = now;
            out.println(format(s));
            out.flush();
        }
    }

    static String format(Status s) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("t=%9.1fs", BoardClock.toSeconds(s.getBoardTimeTicks())));
        for (StageStatus st : s.getStagesList()) {
            b.append(' ').append(st.getStageId()).append('=').append(Kelvin.format(st.getTemperatureKelvin()));
        }
        for (LoopStatus l : s.getLoopsList()) {
            b.append(String.format(" heater[%s]=%.3gW", l.getLoopId(), l.getOutputWatts()));
        }
        b.append(" interlock=").append(s.getInterlock().getState().name().replace("INTERLOCK_", ""));
        if (!s.getInterlock().getCause().isEmpty()) {
            b.append('(').append(s.getInterlock().getCause()).append(')');
        }
        return b.toString();
    }
}
