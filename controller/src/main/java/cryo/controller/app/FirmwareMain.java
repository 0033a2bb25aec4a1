package cryo.controller.app;

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
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The firmware's own main, what a bundle runs on the single-board computer: configuration, board
 * bus (SPI or TCP), controller, MQTT. No simulator, no embedded broker, no workstation CLI; its
 * few options are parsed here so the firmware carries no command-line library. Errors are one
 * line on stderr and exit 2; on a loader trial boot they are also the failed self-test.
 */
public final class FirmwareMain {
    static final String USAGE = "usage: cryo-firmware --config FILE [--board spi:BUS.CS[@HZ]|tcp://HOST:PORT] [--broker URI]"
            + " [--node ID] [--state-dir DIR] [--cafile F] [--cert F] [--key F] [--username U] [--password-file F]"
            + " [--operator-keys F] [--require-signed] [--signature-window S]";

    private FirmwareMain() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args, System.out, System.err, new CountDownLatch(1)));
    }

    /**
     * Runs the node until {@code stop} counts down or the JVM shuts down; returns the exit code.
     * Tests call this with their own latch.
     */
    static int run(String[] args, PrintStream out, PrintStream err, CountDownLatch stop) throws Exception {
        FirmwareOptions o;
        try {
            o = FirmwareOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("cryo-firmware: " + e.getMessage());
            return 2;
        }
        if (o.help()) {
            out.println(USAGE);
            return 0;
        }
        LoaderHandshake loader = LoaderHandshake.fromEnvironment();
        ControllerConfig config;
        RegisterBus bus;
        String boardUri;
        try {
            ControllerConfig file = ConfigLoader.load(o.config());
            config = (o.node() != null ? file.withNodeId(o.node()) : file)
                    .withFirmwareVersion(LoaderHandshake.firmwareVersion(DefaultConfig.FIRMWARE_VERSION));
            boardUri = o.board() != null ? o.board() : config.boardUri();
            if (boardUri == null) {
                throw new IllegalArgumentException("--board: no board given (spi:BUS.CS[@HZ] or tcp://HOST:PORT, or 'board:' in "
                        + o.config() + ")");
            }
            BoardUri uri = BoardUri.parse(boardUri);
            if (uri.spi()) {
                BusTraffic.checkSpi(config, uri.clockHz()); // a configuration whose ticks cannot fit the bus is refused
            }
            bus = BoardBuses.open(uri, BoardBuses.DEFAULT_TCP_TIMEOUT_MILLIS);
        } catch (IllegalArgumentException | BusException e) {
            return fail(err, loader, e.getMessage());
        }
        Supervision supervision = null;
        String mqttOff = null;
        try {
            supervision = o.supervision();
        } catch (IllegalArgumentException | IOException e) {
            mqttOff = e.getMessage();
            if (loader != null) {
                closeQuietly(bus);
                return fail(err, loader, "MQTT: " + mqttOff);
            }
        }
        long origin = System.nanoTime();
        BoardClock clock = () -> System.nanoTime() - origin; // the host's monotonic clock, in board ticks (ns)
        // the streaming lookahead is measured on this host, not assumed (issue 17): 1 s of a bare thread parking every 1 ms
        long worstStall = cryo.controller.sequencer.HostStalls.worstStallNanos(0.001, 1.0);
        cryo.controller.sequencer.SequencerConfig sequencer = cryo.controller.sequencer.SequencerConfig.measured(config.tickIntervalSeconds(), worstStall);
        Node node;
        try {
            node = Node.open(config, sequencer, o.stateDir(config.nodeId()), bus, clock, supervision);
        } catch (NodeStartException e) {
            closeQuietly(bus);
            return fail(err, loader, e.getMessage());
        }
        node.onRefused(why -> err.println("cryo-firmware: " + why)).start();
        err.println("cryo-firmware: sequencer " + cryo.controller.sequencer.HostStalls.describe(config.tickIntervalSeconds(), 1.0, worstStall));
        if (mqttOff != null) {
            err.println("cryo-firmware: " + mqttOff + "; MQTT supervision off, controlling anyway");
        } else if (!node.awaitFirstConnect(5_000)) {
            String why = node.publisher().lastError();
            if (loader != null) {
                node.close();
                closeQuietly(bus);
                return fail(err, loader, "MQTT broker " + supervision.broker().uri() + " unreachable: " + why);
            }
            if (node.publisher().refusal() == null) {
                err.println("cryo-firmware: cannot reach MQTT broker " + supervision.broker().uri() + ": " + why + "; controlling anyway and retrying");
            }
        }
        if (loader != null && node.selfTest(loader) != null) {
            node.close();
            closeQuietly(bus);
            loader.close();
            err.println("cryo-firmware: self-test failed");
            return 1;
        }
        out.printf("cryo-firmware: node %s on %s, firmware %s%n", config.nodeId(), boardUri, config.firmwareVersion());
        Thread hook = new Thread(() -> {
            if (loader != null) {
                loader.close();
            }
            node.close();
            closeQuietly(bus);
            stop.countDown();
        }, "cryo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        stop.await();
        if (Runtime.getRuntime().removeShutdownHook(hook)) {
            hook.run();
        }
        return 0;
    }

    private static int fail(PrintStream err, LoaderHandshake loader, String line) throws IOException {
        err.println("cryo-firmware: " + line);
        if (loader != null) {
            loader.selfTestFailed(line);
            loader.close();
        }
        return 2;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // shutting down
        }
    }

    /** Which option gave what; every check names the option. */
    record FirmwareOptions(Path config, String board, String broker, String node, Path stateDir, Path caFile, Path certFile,
                           Path keyFile, String username, Path passwordFile, Path operatorKeys, boolean requireSigned,
                           double signatureWindowSeconds, boolean help) {

        static FirmwareOptions parse(String[] args) {
            Path config = null;
            String board = null;
            String broker = "tcp://127.0.0.1:1883";
            String node = null;
            Path stateDir = null;
            Path ca = null;
            Path cert = null;
            Path key = null;
            String user = null;
            Path password = null;
            Path operators = null;
            boolean requireSigned = false;
            double window = 30;
            boolean help = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--help", "-h" -> help = true;
                    case "--require-signed" -> requireSigned = true;
                    default -> {
                        if (!a.startsWith("--")) {
                            throw new IllegalArgumentException("unexpected argument '" + a + "' (" + USAGE + ")");
                        }
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(a + ": expected a value");
                        }
                        String v = args[++i];
                        switch (a) {
                            case "--config" -> config = Path.of(v);
                            case "--board" -> board = v;
                            case "--broker" -> broker = v;
                            case "--node" -> node = v;
                            case "--state-dir" -> stateDir = Path.of(v);
                            case "--cafile" -> ca = Path.of(v);
                            case "--cert" -> cert = Path.of(v);
                            case "--key" -> key = Path.of(v);
                            case "--username" -> user = v;
                            case "--password-file" -> password = Path.of(v);
                            case "--operator-keys" -> operators = Path.of(v);
                            case "--signature-window" -> window = number(a, v);
                            default -> throw new IllegalArgumentException("unknown option '" + a + "' (" + USAGE + ")");
                        }
                    }
                }
            }
            if (config == null && !help) {
                throw new IllegalArgumentException("--config: required (the node's YAML configuration)");
            }
            return new FirmwareOptions(config, board, broker, node, stateDir, ca, cert, key, user, password, operators,
                    requireSigned, window, help);
        }

        private static double number(String option, String v) {
            try {
                return Double.parseDouble(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": expected a number, found '" + v + "'");
            }
        }

        Path stateDir(String nodeId) {
            return stateDir != null ? stateDir : Path.of(System.getProperty("user.home"), ".cryo", "state", nodeId);
        }

        /** The MQTT session as given; a mistake is one line naming the option. */
        Supervision supervision() throws IOException {
            BrokerOptions b = new BrokerOptions(broker, username, passwordFile, caFile, certFile, keyFile);
            b.check();
            if (!(signatureWindowSeconds >= 1 && signatureWindowSeconds <= 3600)) {
                throw new IllegalArgumentException("--signature-window " + signatureWindowSeconds + " outside 1..3600 s");
            }
            OperatorKeys keys = null;
            if (operatorKeys != null) {
                try {
                    keys = OperatorKeys.load(operatorKeys);
                } catch (IllegalArgumentException | IOException e) {
                    throw new IllegalArgumentException("--operator-keys: " + e.getMessage());
                }
            }
            return new Supervision(b, keys, requireSigned, Math.round(signatureWindowSeconds * 1000));
        }
    }
}
