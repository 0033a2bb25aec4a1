package cryo.controller.app;

import cryo.controller.config.ControllerConfig;
import cryo.controller.interlock.SafetyOptions;
import cryo.controller.jobs.JobStore;
import cryo.controller.mqtt.AlarmOutboxSink;
import cryo.controller.mqtt.AuditLog;
import cryo.controller.mqtt.CommandAdapter;
import cryo.controller.mqtt.CommandGate;
import cryo.controller.mqtt.CommandLedger;
import cryo.controller.mqtt.Outbox;
import cryo.controller.mqtt.StatusPublisher;
import cryo.controller.ring.ControlRing;
import cryo.controller.telemetry.StatusBuilder;
import cryo.hal.bus.BusException;
import cryo.hal.bus.RegisterBus;
import cryo.hal.device.BoardClock;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.v1.Status;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One controller node as it runs: its state directory (locked for this run; outbox, command
 * ledger, audit log, alarm journal), the controller on a board bus, the control timer and the MQTT session. The one
 * assembly behind the firmware's {@link FirmwareMain} and the workstation's {@code cryo run}; what
 * differs between them (a real or simulated board, an external or embedded broker, a console line)
 * stays with the caller.
 *
 * <p>Thread contract: {@link #open}, {@link #start}, {@link #awaitFirstConnect}, {@link #selfTest}
 * and {@link #close} are called from one thread, the one that assembles the node. The ring, the
 * timer and the MQTT session run on their own threads once started.
 */
public final class Node implements AutoCloseable {
    private final ControllerConfig config;
    private final Outbox outbox;
    private final CommandLedger ledger;
    private final AuditLog audit;
    private final CommandAdapter commands;
    private final Controller controller;
    private final StatusPublisher publisher;
    private final BoardClock clock;
    private final StateDirLock lock;
    private final CountDownLatch firstStatus = new CountDownLatch(1);
    private ControlTimer timer;
    private JobStore jobStore;
    private boolean closed;

    private Node(ControllerConfig config, Outbox outbox, CommandLedger ledger, AuditLog audit, CommandAdapter commands,
                 Controller controller, StatusPublisher publisher, BoardClock clock, StateDirLock lock) {
        this.lock = lock;
        this.config = config;
        this.outbox = outbox;
        this.ledger = ledger;
        this.audit = audit;
        this.commands = commands;
        this.controller = controller;
        this.publisher = publisher;
        this.clock = clock;
        publisher.addListener(s -> firstStatus.countDown());
    }

    /**
     * Opens the state directory and creates the controller on the board (which checks the board's
     * identity and register map and arms its watchdog and comparators); nothing runs until
     * {@link #start}.
     *
     * @param supervision the MQTT session, or null to run with supervision off (statuses are still
     *                    built for local listeners; alarm events wait in the outbox)
     * @throws NodeStartException with one line naming what failed (state directory or board)
     */
    public static Node open(ControllerConfig config, Path stateDir, RegisterBus bus, BoardClock clock, Supervision supervision) {
        return open(config, cryo.controller.sequencer.SequencerConfig.defaults(config.tickIntervalSeconds()), stateDir, bus, clock, supervision);
    }

    /** The same with the pulse sequencer's settings (its lookahead measured on this host: {@link cryo.controller.sequencer.HostStalls}). */
    public static Node open(ControllerConfig config, cryo.controller.sequencer.SequencerConfig sequencer, Path stateDir, RegisterBus bus,
                            BoardClock clock, Supervision supervision) {
        StateDirLock lock;
        try {
            lock = StateDirLock.acquire(stateDir); // one controller per state directory
        } catch (IllegalStateException e) {
            throw new NodeStartException(NodeStartException.Part.STATE, e.getMessage());
        } catch (IOException e) {
            throw new NodeStartException(NodeStartException.Part.STATE, "state directory " + stateDir + ": " + e.getMessage());
        }
        Outbox outbox;
        CommandLedger ledger;
        AuditLog audit;
        AlarmOutboxSink alarmSink;
        try {
            outbox = Outbox.open(stateDir, 10_000);
            ledger = CommandLedger.open(stateDir, 4096);
            audit = AuditLog.open(stateDir.resolve("audit.log"), System::currentTimeMillis);
            // the interlock's alarm events go journal -> outbox -> cryo/v1/NODE/alarm (caught up from the journal here)
            alarmSink = AlarmOutboxSink.open(outbox, stateDir.resolve("alarms.journal"));
        } catch (IOException | RuntimeException e) {
            closeQuietly(lock);
            throw new NodeStartException(NodeStartException.Part.STATE, "state directory " + stateDir + ": " + e.getMessage());
        }
        String node = config.nodeId();
        CommandAdapter commands = supervision == null ? null : new CommandAdapter(node,
                new CommandGate(node, supervision.keys(), supervision.requireSigned(), supervision.signatureWindowMillis(),
                        System::currentTimeMillis),
                ledger, audit);
        Controller controller;
        try {
            // alarms are journalled beside the outbox: an uncleared trip survives a restart
            controller = Controller.create(config, sequencer, bus, clock, ControlRing.defaultWaitStrategy(),
                    (c, ok, why, t) -> {
                        if (commands != null) {
                            commands.onResult(c, ok, why, t);
                        }
                    }, null,
                    new SafetyOptions(stateDir.resolve("alarms.journal"), alarmSink, null, System::currentTimeMillis));
        } catch (BusException e) {
            closeQuietly(outbox, ledger, audit, lock);
            throw new NodeStartException(NodeStartException.Part.BOARD, "board: " + e.getMessage());
        }
        // the job queue comes back before the ring runs: waiting jobs wait on, a running one is reported interrupted
        JobStore.Loaded loaded = JobStore.load(stateDir);
        controller.jobs().restore(loaded.state());
        JobStore jobStore = JobStore.open(stateDir, l -> audit.record("job", l.jobId(), l.owner(), "-", "JOB", l.verdict(), l.detail()));
        if (!loaded.warning().isEmpty()) {
            jobStore.audit(new JobStore.AuditLine("-", "-", "warning", loaded.warning()));
        }
        controller.jobs().setStore(jobStore); // audits and stores what the restore changed (a running job now interrupted)
        StatusPublisher publisher;
        if (supervision != null) {
            commands.submitTo(controller::submit).start();
            publisher = new StatusPublisher(supervision.broker(), config, controller.statusChannel(),
                    new StatusBuilder(config), System::nanoTime).outbox(outbox).alarms(alarmSink).commands(commands);
        } else {
            publisher = StatusPublisher.offline(config, controller.statusChannel(), new StatusBuilder(config), System::nanoTime)
                    .outbox(outbox).alarms(alarmSink);
        }
        Node n = new Node(config, outbox, ledger, audit, commands, controller, publisher, clock, lock);
        n.jobStore = jobStore;
        return n;
    }

    /** Adds a listener for every status the node builds (call before {@link #start}). */
    public Node onStatus(Consumer<Status> listener) {
        publisher.addListener(listener);
        return this;
    }

    /**
     * Told once, with one line, when the session will not run because another live node has this
     * node's id on the broker (seen before connecting, or it took the session over); control goes
     * on (call before {@link #start}).
     */
    public Node onRefused(Consumer<String> listener) {
        publisher.onRefused(listener);
        return this;
    }

    /** Starts the ring, the control timer and the MQTT session. */
    public Node start() {
        controller.start();
        timer = new ControlTimer(controller, clock, config.tickIntervalSeconds()).start();
        publisher.start();
        return this;
    }

    /**
     * Waits up to {@code timeoutMillis} for the first connection to the broker; false as soon as
     * the session reports an error (see {@link StatusPublisher#lastError}).
     */
    public boolean awaitFirstConnect(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            if (publisher.connected()) {
                return true;
            }
            if (!publisher.lastError().isEmpty()) {
                return false;
            }
            Thread.sleep(20);
        }
        return publisher.connected();
    }

    /**
     * The trial boot's self-test for the safe-mode loader: the board answered with the right map
     * ({@link #open}), the interlock armed and a first status built within 10 s; then HEALTHY and
     * heartbeats that follow the ring's progress.
     *
     * @return null when it passed, else the reason (already sent to the loader)
     */
    public String selfTest(LoaderHandshake loader) throws IOException, InterruptedException {
        if (!firstStatus.await(10, TimeUnit.SECONDS) || controller.interlock().tripped()) {
            String why = controller.interlock().tripped() ? "interlock tripped: " + controller.interlock().cause() : "no status within 10 s";
            loader.selfTestFailed(why);
            return why;
        }
        loader.selfTestPassed("board id and register map v" + CryoCmosRegisters.REGMAP_VERSION
                + ", watchdog armed, interlock armed, first status built");
        // heartbeats stop once the ring stops, or once a stage threw (a trial boot then fails)
        loader.healthy(config.firmwareVersion(), controller::healthProgress);
        return null;
    }

    public Controller controller() {
        return controller;
    }

    public StatusPublisher publisher() {
        return publisher;
    }

    public ControllerConfig config() {
        return config;
    }

    /** Stops timer, ring and session, then closes the state files (each forced to disk as written). */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // the job store after the ring (its last state written) and before the audit log it writes to
        closeQuietly(timer, controller, jobStore, commands, publisher, outbox, ledger, audit, lock);
    }

    private static void closeQuietly(AutoCloseable... all) {
        for (AutoCloseable c : all) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // shutting down: each part is closed whatever the one before it did
                }
            }
        }
    }
}
