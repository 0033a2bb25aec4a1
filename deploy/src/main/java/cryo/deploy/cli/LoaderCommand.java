package cryo.deploy.cli;

import cryo.deploy.boot.ChildProcessLauncher;
import cryo.deploy.boot.ChildProcessSettings;
import cryo.deploy.boot.Loader;
import cryo.deploy.boot.LoaderSettings;
import cryo.deploy.boot.StepResult;
import cryo.deploy.bundle.BundleLimits;
import cryo.deploy.bundle.BundleRefusedException;
import cryo.deploy.bundle.ManifestChecks;
import cryo.deploy.bundle.TrustedKeys;
import cryo.deploy.bundle.Versions;
import cryo.deploy.fs.AtomicFiles;
import cryo.deploy.fs.RealFileStore;
import cryo.deploy.safemode.BoardConnector;
import cryo.deploy.safemode.Inbox;
import cryo.deploy.safemode.InstallRequest;
import cryo.deploy.safemode.MqttSafeModeLink;
import cryo.deploy.safemode.OperatorKeys;
import cryo.deploy.safemode.SafeMode;
import cryo.deploy.slot.SlotLayout;
import cryo.deploy.slot.SlotName;
import cryo.deploy.state.LoaderState;
import cryo.deploy.state.SlotRecord;
import cryo.deploy.systemd.ServiceNotifier;
import cryo.hal.bus.BoardBuses;
import cryo.hal.bus.BoardUri;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "loader", mixinStandardHelpOptions = true, description = "The safe-mode loader (A/B slots, trial boot, rollback, safe mode).",
        subcommands = {LoaderCommand.Run.class, LoaderCommand.Status.class, LoaderCommand.Install.class, LoaderCommand.Rollback.class})
final class LoaderCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "expected run, status, install or rollback");
    }

    /** Options every loader subcommand shares. */
    static final class Common {
        @Option(names = "--root", defaultValue = "/var/lib/cryo", paramLabel = "DIR", description = "state, slots, inbox, logs (default ${DEFAULT-VALUE})")
        Path root;

        @Option(names = "--trusted", defaultValue = "/etc/cryo/trusted-keys", paramLabel = "DIR", description = "public keys bundles must be signed by (default ${DEFAULT-VALUE})")
        Path trusted;

        @Option(names = "--tries", defaultValue = "3", description = "boots a slot gets without confirmation (default ${DEFAULT-VALUE})")
        int tries;

        SlotLayout layout() {
            return new SlotLayout(root);
        }

        TrustedKeys trustedKeys() throws UserError {
            try {
                return TrustedKeys.load(trusted);
            } catch (IOException e) {
                throw new UserError("--trusted: " + e.getMessage());
            }
        }

        LoaderSettings settings() throws UserError {
            if (tries < 1 || tries > 100) {
                throw new UserError("--tries: expected 1..100, found " + tries);
            }
            return new LoaderSettings(tries, BundleLimits.DEFAULT);
        }

        void prepareDirectories() throws UserError {
            SlotLayout l = layout();
            try {
                RealFileStore fs = new RealFileStore();
                AtomicFiles.createDirectories(fs, l.stateDir());
                AtomicFiles.createDirectories(fs, l.slotsDir());
                AtomicFiles.createDirectories(fs, l.inboxDir());
            } catch (IOException e) {
                throw new UserError("--root " + root + ": cannot create the loader's directories: " + e.getMessage());
            }
        }

        /** The running loader holds this lock; other subcommands must not write state beside it. */
        FileLock tryLock() throws UserError {
            try {
                FileChannel ch = FileChannel.open(layout().stateDir().resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = ch.tryLock();
                if (lock == null) {
                    ch.close();
                }
                return lock;
            } catch (IOException e) {
                throw new UserError("--root " + root + ": cannot open the lock file: " + e.getMessage());
            }
        }
    }

    static void log(String line) {
        System.err.println("cryo-loader: " + line);
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Boot the active slot, supervise it, roll back, or run safe mode. Runs until stopped.")
    static final class Run implements Callable<Integer> {
        @Mixin
        Common common;

        @Option(names = "--node", defaultValue = "sim-1", description = "node id for MQTT topics (default ${DEFAULT-VALUE})")
        String node;

        @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "MQTT broker for safe-mode status (default ${DEFAULT-VALUE})")
        String broker;

        @Option(names = "--board", defaultValue = "tcp://127.0.0.1:7600", paramLabel = "URI",
                description = "the board's register bus, spi:BUS.CS[@HZ] or tcp://HOST:PORT, for safe mode and (with --config) the firmware"
                        + " (default ${DEFAULT-VALUE})")
        String board;

        @Option(names = "--config", paramLabel = "FILE",
                description = "the node's YAML configuration: the firmware is started with --config FILE --board --broker --node"
                        + " --state-dir ROOT/firmware, then any --controller-arg")
        Path config;

        @Option(names = "--operator-keys", paramLabel = "DIR", description = "HMAC keys (<id>.hmac, hex) allowed to install bundles over MQTT")
        Path operatorKeys;

        @Option(names = "--health-timeout-ms", defaultValue = "30000")
        long healthTimeoutMillis;

        @Option(names = "--heartbeat-timeout-ms", defaultValue = "10000")
        long heartbeatTimeoutMillis;

        @Option(names = "--soak-ms", defaultValue = "60000")
        long soakMillis;

        @Option(names = "--safe-status-period-ms", defaultValue = "5000")
        long safeStatusPeriodMillis;

        @Option(names = "--java-opt", paramLabel = "OPT", description = "JVM option for the controller (repeatable)")
        List<String> javaOptions = new ArrayList<>();

        @Option(names = "--controller-arg", paramLabel = "ARG", description = "argument after the controller's main class (repeatable)")
        List<String> controllerArgs = new ArrayList<>();

        @Option(names = "--safe-mode-only", description = "skip booting: go straight to safe mode (systemd fallback unit)")
        boolean safeModeOnly;

        @Override
        public Integer call() throws Exception {
            TrustedKeys keys = common.trustedKeys();
            LoaderSettings settings = common.settings();
            common.prepareDirectories();
            FileLock lock = common.tryLock();
            if (lock == null) {
                throw new UserError("another loader is running on " + common.root + " (state/lock is held)");
            }
            BoardConnector connector = boardConnector(board);
            OperatorKeys operators;
            try {
                operators = operatorKeys == null ? OperatorKeys.none() : OperatorKeys.load(operatorKeys);
            } catch (IOException e) {
                throw new UserError("--operator-keys: " + e.getMessage());
            }
            List<String> firmwareArgs = new ArrayList<>();
            if (config != null) {
                if (!Files.isRegularFile(config)) {
                    throw new UserError("--config: expected the node's configuration file, found nothing at " + config);
                }
                firmwareArgs.addAll(List.of("--config", config.toAbsolutePath().toString(), "--board", board, "--broker", broker,
                        "--node", node, "--state-dir", common.root.toAbsolutePath().resolve("firmware").toString()));
            }
            firmwareArgs.addAll(controllerArgs);
            ChildProcessSettings child;
            try {
                child = new ChildProcessSettings(ChildProcessSettings.currentJava(), javaOptions, firmwareArgs, Map.of(),
                        healthTimeoutMillis, heartbeatTimeoutMillis, soakMillis, 10_000, 500, common.layout().logsDir());
            } catch (IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            SystemLoaderClock clock = new SystemLoaderClock();
            RealFileStore fs = new RealFileStore();
            ServiceNotifier systemd = ServiceNotifier.fromEnvironment(System.getenv(), ProcessHandle.current().pid(), System::nanoTime,
                    LoaderCommand::log);
            Consumer<String> say = line -> {
                log(line);
                systemd.status(line);
            };
            Loader loader = new Loader(common.layout(), fs, keys, settings, new ChildProcessLauncher(child, clock, say), clock);
            for (String alarm : loader.alarms()) {
                log("ALARM " + alarm);
            }
            LoaderState st = loader.state();
            SlotRecord active = st.slot(st.active());
            String started = "loader " + Versions.LOADER_VERSION + " on " + common.root + ": active slot " + st.active().id() + " "
                    + active.state().id() + (active.version().isEmpty() ? "" : " " + active.version()) + ", security counter "
                    + st.securityCounter() + (systemd.watchdogEnabled() ? ", systemd watchdog on" : "");
            log(started);
            systemd.ready(started);
            AtomicBoolean stopping = new AtomicBoolean();
            CountDownLatch finished = new CountDownLatch(1);
            // on SIGTERM the loop stops the controller (SIGTERM, grace, SIGKILL) and records the outcome before the JVM exits
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stopping.set(true);
                try {
                    finished.await(child.stopGraceMillis() + 5_000, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "loader-shutdown"));
            Inbox inbox = new Inbox(fs, common.layout(), say);
            BlockingQueue<InstallRequest> mqttInstalls = new LinkedBlockingQueue<>();
            // every loop the loader runs asks these, so they carry its liveness to systemd's watchdog
            BooleanSupplier stop = () -> {
                systemd.alive();
                return stopping.get();
            };
            BooleanSupplier stopOrUpdate = () -> stop.getAsBoolean() || inboxReady(loader, inbox);
            try (MqttSafeModeLink link = new MqttSafeModeLink(broker, node, operators, mqttInstalls, LoaderCommand::log, 3)) {
                SafeMode safeMode = new SafeMode(loader, connector, link, mqttInstalls, inbox, clock, node, safeStatusPeriodMillis, say);
                if (safeModeOnly) {
                    safeMode.run("started with --safe-mode-only (the loader service failed repeatedly)", stop);
                }
                while (!stop.getAsBoolean()) {
                    inbox.installNext(loader);
                    StepResult r = loader.step(stopOrUpdate);
                    if (r instanceof StepResult.Booted) {
                        StepResult.Booted b = (StepResult.Booted) r;
                        say.accept("slot " + b.slot().id() + " " + b.version() + ": " + b.outcome().description());
                    } else if (r instanceof StepResult.Changed) {
                        say.accept(((StepResult.Changed) r).description());
                    } else {
                        safeMode.run(((StepResult.SafeModeRequired) r).reason(), stop);
                    }
                }
                systemd.stopping();
                log("stopped");
            } finally {
                finished.countDown();
            }
            return 0;
        }

        /** An update may interrupt a confirmed controller, never a trial. */
        private static boolean inboxReady(Loader loader, Inbox inbox) {
            LoaderState s = loader.state();
            return s.slot(s.active()).state() == cryo.deploy.slot.SlotState.GOOD && inbox.hasBundles();
        }

        static BoardConnector boardConnector(String url) throws UserError {
            BoardUri uri;
            try {
                uri = BoardUri.parse(url);
            } catch (IllegalArgumentException e) {
                throw new UserError("--board: " + e.getMessage());
            }
            return () -> BoardBuses.open(uri, 2000);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show slots, versions, states, tries and the last boot's outcome.")
    static final class Status implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() throws Exception {
            if (!Files.isDirectory(common.layout().stateDir())) {
                throw new UserError("--root " + common.root + ": expected a loader root with state/, found none");
            }
            // status only reads the record: it works without the trusted keys
            TrustedKeys keys = new TrustedKeys("(not needed for status)", List.of());
            Loader loader = new Loader(common.layout(), new RealFileStore(), keys, common.settings(), (r, c) -> {
                throw new IllegalStateException("status never boots");
            }, new SystemLoaderClock());
            LoaderState s = loader.state();
            System.out.println("root " + common.root + "  generation " + s.generation() + "  security counter " + s.securityCounter()
                    + "  active slot " + s.active().id());
            for (SlotName n : SlotName.values()) {
                SlotRecord r = s.slot(n);
                System.out.printf("slot %s%s  %-5s  %-12s  tries %d  counter %d  %s%n", n.id(), n == s.active() ? "*" : " ",
                        r.state().id(), r.version().isEmpty() ? "-" : r.version(), r.triesLeft(), r.securityCounter(), r.note());
            }
            System.out.println("last boot: " + (s.lastBootSlot().isEmpty() ? "none" : "slot " + s.lastBootSlot() + " at "
                    + Instant.ofEpochMilli(s.lastBootUnixMillis()) + ": " + s.lastBootOutcome()));
            for (String a : loader.alarms()) {
                System.out.println("ALARM " + a);
            }
            return 0;
        }
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Install a bundle into the inactive slot (next boot is its trial). With a loader running, queue it in its inbox.")
    static final class Install implements Callable<Integer> {
        @Mixin
        Common common;

        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(names = "--allow-counter-jump", description = "let this bundle raise the node's security counter by more than "
                + ManifestChecks.MAX_COUNTER_STEP + " (a deliberate step; the loader must be stopped)")
        boolean allowCounterJump;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(file)) {
                throw new UserError("bundle file: expected a file, found " + (Files.exists(file) ? "a directory" : "nothing") + " at " + file);
            }
            TrustedKeys keys = common.trustedKeys();
            common.prepareDirectories();
            FileLock lock = common.tryLock();
            Loader loader = new Loader(common.layout(), new RealFileStore(), keys, common.settings(), (r, c) -> {
                throw new IllegalStateException("install never boots");
            }, new SystemLoaderClock());
            String name = file.getFileName().toString();
            try {
                if (lock == null) {
                    if (allowCounterJump) {
                        throw new UserError("--allow-counter-jump: expected the loader stopped (systemctl stop cryo-loader), found it running on "
                                + common.root + "; the inbox never takes a counter jump");
                    }
                    loader.check(name, file, false); // refuse bad bundles here, not silently in the running loader
                    Path inbox = common.layout().inboxDir();
                    // NAME.tmp first, then a rename: the loader skips *.tmp, so it never reads half a bundle
                    try (InputStream in = Files.newInputStream(file)) {
                        AtomicFiles.replace(new RealFileStore(), inbox.resolve(name), in, Files.size(file));
                    }
                    System.out.println("bundle '" + name + "' verified and queued in " + inbox + " for the running loader");
                    return 0;
                }
                SlotName slot = loader.install(name, file, allowCounterJump);
                System.out.println("bundle '" + name + "' installed into slot " + slot.id() + "; it boots on trial at the next loader run");
                return 0;
            } catch (BundleRefusedException e) {
                throw new UserError(e.getMessage());
            } finally {
                if (lock != null) {
                    lock.channel().close();
                }
            }
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, description = "Boot the other good slot next (stop the loader first).")
    static final class Rollback implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() throws Exception {
            TrustedKeys keys = common.trustedKeys();
            FileLock lock = common.tryLock();
            if (lock == null) {
                throw new UserError("the loader is running on " + common.root + ": stop it first (systemctl stop cryo-loader)");
            }
            try {
                Loader loader = new Loader(common.layout(), new RealFileStore(), keys, common.settings(), (r, c) -> {
                    throw new IllegalStateException("rollback never boots");
                }, new SystemLoaderClock());
                SlotName slot = loader.rollback();
                System.out.println("slot " + slot.id() + " (" + loader.state().slot(slot).version() + ") boots next");
                return 0;
            } catch (Loader.RefusedException e) {
                throw new UserError(e.getMessage());
            } finally {
                lock.channel().close();
            }
        }
    }
}
