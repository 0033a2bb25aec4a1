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
    StatusLineOptions lineOptions;

    @Option(names = "--log", paramLabel = "FILE", description = "log every status as a CSV row to FILE (header first; see --rotate-mb, --rotate-daily)")
    Path logFile;

    @Mixin
    LogRotationOptions rotation;

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
        if (node != null && !node.matches("[A-Za-z0-9_-]{1,64}")) {
            // named by the flag the user typed, before the configuration (which would call it nodeId)
            throw new UserError("--node '" + node + "' must be 1..64 characters of A-Z a-z 0-9 _ - (it becomes an MQTT topic level)");
        }
        if (embeddedPort < 0 || embeddedPort > 65_535) {
            throw new UserError("--embedded-port " + embeddedPort + " outside 0..65535");
        }
        int columns = lineOptions.columns();
        StatusCsvLog csv = rotation.open("--log", logFile);
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
        String missing = boardUri == null ? unwiredSensors(config, board) : unconvertedSensors(config, bus);
        if (missing != null) {
            if (boardUri != null) {
                bus.close();
            }
            throw new UserError((configFile != null ? "--config " + configFile + ": " : "") + missing);
        }
        EmbeddedBroker embedded = null;
        String uri = broker;
        if (uri == null && mqttOff == null) {
            try {
                embedded = EmbeddedBroker.start(embeddedPort);
                uri = embedded.uri();
                if (embeddedPort == 0) {
                    // the kernel chose the port: say which at once, before the node connects, for whoever waits for it
                    out.printf("cryo: embedded MQTT broker on %s%n", uri);
                    out.flush();
                }
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
        StatusLine line = new StatusLine(out, quiet, columns, csv, spec.commandLine().getErr());
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
            closeQuietly(csv);
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

    /** The configured sensors the in-process board has no thermometer for; null when all are wired. */
    static String unwiredSensors(ControllerConfig config, SimulatedBoard board) {
        java.util.List<String> missing = new java.util.ArrayList<>();
        for (cryo.controller.config.SensorConfig sc : config.sensors()) {
            if (sc.channel() < 0 || sc.channel() >= cryo.hal.regmap.CryoCmosRegisters.THERMOMETER_CHANNELS || board.wiring().sensor(sc.channel()) == null) {
                missing.add(sc.stageId() + " (channel " + sc.channel() + ")");
            }
        }
        return missing.isEmpty() ? null : refusal(missing);
    }

    /**
     * The configured sensors whose channel on a remote board makes no conversions within 2 s (an
     * unwired channel's sample counter never moves); null when every one converts.
     */
    static String unconvertedSensors(ControllerConfig config, RegisterBus bus) {
        cryo.hal.cmos.CryoCmosBoard regs = new cryo.hal.cmos.CryoCmosBoard(bus); // not closed: it would close the bus Node uses
        int n = config.sensors().size();
        int[] first = new int[n];
        boolean[] moved = new boolean[n];
        try {
            for (int i = 0; i < n; i++) {
                first[i] = regs.readRegister(therm(config.sensors().get(i).channel()));
            }
            long deadline = System.nanoTime() + 2_000_000_000L;
            int left = n;
            while (left > 0 && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
                for (int i = 0; i < n; i++) {
                    if (!moved[i] && regs.readRegister(therm(config.sensors().get(i).channel())) != first[i]) {
                        moved[i] = true;
                        left--;
                    }
                }
            }
        } catch (BusException e) {
            return null; // the board not answering is Node.open's to report, with the part that failed
        }
        java.util.List<String> missing = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!moved[i]) {
                missing.add(config.sensors().get(i).stageId() + " (channel " + config.sensors().get(i).channel() + ")");
            }
        }
        return missing.isEmpty() ? null : refusal(missing);
    }

    private static int therm(int channel) {
        return cryo.hal.regmap.CryoCmosRegisters.THERM_BASE + channel * cryo.hal.regmap.CryoCmosRegisters.THERM_STRIDE
                + cryo.hal.regmap.CryoCmosRegisters.THERM_SAMPLE_COUNT;
    }

    private static String refusal(java.util.List<String> missing) {
        return "the configuration names " + (missing.size() == 1 ? "a sensor" : missing.size() + " sensors")
                + " the board does not have: " + String.join(", ", missing) + " (no thermometer converting on that channel)";
    }

    /**
     * Checks the options that only concern supervision (broker URI, TLS files, credentials,
     * operator keys, signature window); null when they are fine, else one line naming the option.
     */
    private String supervisionProblem() {
        if (broker != null) {
            try {
                auth.unchecked(broker).check();
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

    /**
     * One status line a wall second (see {@link StatusLineFormat}), stamped with the wall-clock time
     * it is printed; every status to the CSV log when there is one. A log that cannot be written is
     * said once on stderr and dropped: logging is not control.
     */
    static final class StatusLine {
        private final PrintWriter out;
        private final boolean quiet;
        private final int columns;
        private final PrintWriter err;
        private volatile StatusCsvLog csv;
        private long lastNanos;

        StatusLine(PrintWriter out, boolean quiet, int columns, StatusCsvLog csv, PrintWriter err) {
            this.out = out;
            this.quiet = quiet;
            this.columns = columns;
            this.csv = csv;
            this.err = err;
        }

        void print(Status s) {
            StatusCsvLog log = csv;
            if (log != null) {
                try {
                    log.write(s);
                } catch (RuntimeException e) {
                    csv = null;
                    closeQuietly(log);
                    err.println("cryo: --log: " + CryoMain.oneLine(e) + "; status log stopped, controlling on");
                    err.flush();
                }
            }
            long now = System.nanoTime();
            if (quiet || now - lastNanos < 990_000_000L) {
                return;
            }
            lastNanos = now;
            out.println(StatusLineFormat.format(s, java.time.LocalTime.now(), "", columns));
            out.flush();
        }
    }
}
