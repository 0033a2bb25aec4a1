package cryo.workstation.cli;

import cryo.controller.app.LoaderHandshake;
import cryo.controller.app.Node;
import cryo.controller.app.NodeStartException;
import cryo.controller.app.Supervision;
import cryo.controller.config.ConfigLoader;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.mqtt.BrokerOptions;
import cryo.controller.mqtt.OperatorKeys;
import cryo.hal.bus.BusException;
import cryo.hal.bus.RegisterBus;
import cryo.hal.bus.BoardBuses;
import cryo.hal.bus.BoardUri;
import cryo.controller.board.BusTraffic;
import cryo.hal.device.BoardClock;
import cryo.sim.board.RealTimeRunner;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.LoopStatus;
import cryo.v1.StageStatus;
import cryo.v1.Status;
import cryo.workstation.broker.EmbeddedBroker;
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

    @Option(names = "--board", paramLabel = "URI", description = "spi:BUS.CS[@HZ] for a real board on this machine's SPI, tcp://HOST:PORT for one served by 'cryo board' (default: a simulated board in this process)")
    String boardUri;

    @Option(names = "--config", paramLabel = "FILE", description = "controller configuration (YAML, see controller/README.md); --node, when given, overrides its nodeId (default: cryo-cryostat.yaml from the jar on the in-process cryostat; with --board, the built-in cryo-default.yaml)")
    java.nio.file.Path configFile;

    @Override
    public Integer call() throws Exception {
        if (!(speed > 0) || speed > 100_000) {
            throw new UserError("--speed " + speed + " outside (0, 100000]");
        }
        if (!(durationSeconds >= 0) || durationSeconds > 1e9) {
            throw new UserError("--duration " + durationSeconds + " outside 0..1e9 s (0 runs until interrupted)");
        }
        // supervision is not control: a mistake in the MQTT options turns supervision off, not control
        String mqttOff = supervisionProblem();
        ControllerConfig fileConfig = null;
        if (configFile != null) {
            try {
                fileConfig = ConfigLoader.load(configFile);
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
        } else if (boardUri == null) {
            // the in-process cryostat is regulated by the shipped cryo-cryostat.yaml
            fileConfig = ConfigLoader.loadShipped(ConfigLoader.CRYOSTAT_RESOURCE);
        }
        // --board, else the configuration's board: key, else a simulated board in this process
        String boardUri = this.boardUri != null ? this.boardUri : fileConfig != null ? fileConfig.boardUri() : null;
        String node = nodeId(this.node, fileConfig);
        Path state = stateDir != null ? stateDir : Path.of(System.getProperty("user.home"), ".cryo", "state", node);
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
            try {
                BoardUri uri = BoardUri.parse(boardUri);
                if (uri.spi()) {
                    BusTraffic.checkSpi(config, uri.clockHz()); // a configuration whose ticks cannot fit the bus is refused
                }
                bus = BoardBuses.open(uri, BoardBuses.DEFAULT_TCP_TIMEOUT_MILLIS);
            } catch (IllegalArgumentException e) {
                throw new UserError("--board: " + e.getMessage());
            } catch (BusException e) {
                throw new UserError("board: " + e.getMessage());
            }
            long origin = System.nanoTime();
            clock = () -> System.nanoTime() - origin; // a board of its own: the host's monotonic clock
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
        Supervision supervision = mqttOff != null ? null : new Supervision(
                embedded != null ? BrokerOptions.plain(uri) : auth.unchecked(uri), keys, requireSigned,
                Math.round(signatureWindowSeconds * 1000));
        // the streaming lookahead is measured on this host, not assumed (issue 17): 1 s of a bare thread parking every 1 ms
        long worstStall = cryo.controller.sequencer.HostStalls.worstStallNanos(0.001, 1.0);
        cryo.controller.sequencer.SequencerConfig sequencer = cryo.controller.sequencer.SequencerConfig.measured(config.tickIntervalSeconds(), worstStall);
        Node running;
        try {
            running = Node.open(config, sequencer, state, bus, clock, supervision);
        } catch (NodeStartException e) {
            closeQuietly(embedded);
            if (loader != null && e.part() == NodeStartException.Part.BOARD) {
                loader.selfTestFailed(e.getMessage());
                loader.close();
            }
            throw new UserError(e.getMessage());
        }
        RealTimeRunner plant = boardUri == null ? new RealTimeRunner(board, speed, 0.01, System::nanoTime).start() : null;
        StatusLine line = new StatusLine(out, quiet);
        java.io.PrintWriter err = spec.commandLine().getErr();
        running.onStatus(line::print).onRefused(why -> {
            err.println("cryo: " + why); // another live node has this id: said once, never fought
            err.flush();
        }).start();
        if (mqttOff != null) {
            spec.commandLine().getErr().println("cryo: " + mqttOff + "; MQTT supervision off (statuses not published, no commands), controlling anyway");
            spec.commandLine().getErr().flush();
        } else if (!running.awaitFirstConnect(5_000)) {
            String why = running.publisher().lastError();
            if (loader == null && running.publisher().refusal() != null) {
                // said by the refusal listener
            } else if (loader == null) {
                // supervision is not control: keep controlling and keep retrying the broker
                spec.commandLine().getErr().println("cryo: cannot reach MQTT broker " + uri + ": " + why + "; controlling anyway and retrying");
                spec.commandLine().getErr().flush();
            } else {
                // on a trial boot the loader decides: an unreachable broker fails the self-test
                closeQuietly(plant);
                running.close();
                closeQuietly(embedded);
                loader.selfTestFailed("MQTT broker " + uri + " unreachable: " + why);
                loader.close();
                throw new UserError("cannot reach MQTT broker " + uri + ": " + why);
            }
        }
        if (loader != null && running.selfTest(loader) != null) {
            loader.close();
            throw new UserError("self-test failed");
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
            closeQuietly(plant);
            if (loader != null) {
                loader.close();
            }
            running.close();
            closeQuietly(embeddedFinal);
            stop.countDown();
        }, "cryo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        if (durationSeconds > 0) {
            stop.await((long) (durationSeconds * 1000), TimeUnit.MILLISECONDS);
            Runtime.getRuntime().removeShutdownHook(hook);
            hook.run();
            if (running.publisher().connects() == 0) {
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
