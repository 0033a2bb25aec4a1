package cryo.controller.mqtt;

import cryo.controller.app.Controller;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.interlock.SafetyOptions;
import cryo.controller.ring.ControlRing;
import cryo.controller.telemetry.StatusBuilder;
import cryo.sim.board.LockStepDriver;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.Status;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * A live node as `cryo run` wires it (simulated board, ring, MQTT session), for tests.
 *
 * <p>The board and the controller move in lock-step, paced to the wall clock: a board step, then
 * the control tick at the new board time, one tick period of wall time apart. A host that stalls
 * (a loaded machine, a GC) pauses board time with the controller instead of letting the board run
 * ahead of it, so a stall never reads as stale data or a board not answering. MQTT, the broker and
 * the test's own waits stay on the wall clock.
 */
public final class NodeFixture implements AutoCloseable {
    public final String node;
    public final SimulatedBoard board;
    public final Controller controller;
    private final Thread pacer;
    private volatile boolean running = true;
    public final Outbox outbox;
    public final CommandLedger ledger;
    public final CommandGate gate;
    public final CommandAdapter commands;
    public final AlarmOutboxSink alarmSink;
    public final StatusPublisher session;
    /** How many times the ring applied (answered) each correlation id. */
    public final Map<String, Integer> ringApplied = new ConcurrentHashMap<>();
    public final CopyOnWriteArrayList<String> auditLines = new CopyOnWriteArrayList<>();
    public final AtomicReference<Status> lastStatus = new AtomicReference<>();

    public NodeFixture(String node, BrokerOptions broker, Path stateDir, OperatorKeys keys, boolean requireSigned, double statusSeconds)
            throws Exception {
        this.node = node;
        board = SimulatedBoards.mixingChamber(1);
        ControllerConfig d = DefaultConfig.mixingChamber(node, board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve());
        ControllerConfig config = new ControllerConfig(node, d.firmwareVersion(), d.tickIntervalSeconds(), statusSeconds,
                d.watchdogTimeoutMillis(), d.sensors(), d.loops(), d.overTemperature());
        outbox = Outbox.open(stateDir, 10_000);
        ledger = CommandLedger.open(stateDir, 4096);
        gate = new CommandGate(node, keys, requireSigned, 30_000, System::currentTimeMillis);
        commands = new CommandAdapter(node, gate, ledger, AuditLog.toSink(System::currentTimeMillis, auditLines::add));
        // as cryo run: alarms journalled in the state directory, the journal's events go to the outbox
        Path journal = stateDir.resolve("alarms.journal");
        alarmSink = AlarmOutboxSink.open(outbox, journal);
        controller = Controller.create(config, board, board.clock(), ControlRing.defaultWaitStrategy(), (c, ok, why, t) -> {
            ringApplied.merge(c.getCorrelationId(), 1, Integer::sum);
            commands.onResult(c, ok, why, t);
        }, new SafetyOptions(journal, alarmSink, null));
        commands.submitTo(controller::submit);
        session = new StatusPublisher(broker, config, controller.statusChannel(), new StatusBuilder(config), System::nanoTime)
                .outbox(outbox).alarms(alarmSink).commands(commands);
        session.addListener(lastStatus::set);
        controller.start();
        LockStepDriver driver = new LockStepDriver(board, config.tickIntervalSeconds(), controller::step);
        long periodNanos = Math.round(config.tickIntervalSeconds() * 1e9);
        pacer = new Thread(() -> {
            long next = System.nanoTime();
            while (running) {
                driver.step();
                // the next step one period after this one was due; after a stall, one period from now (no burst)
                next = Math.max(next + periodNanos, System.nanoTime());
                while (running && System.nanoTime() < next) {
                    LockSupport.parkNanos(Math.min(next - System.nanoTime(), 5_000_000L));
                }
            }
        }, "node-fixture-lockstep-" + node);
        pacer.setDaemon(true);
        pacer.start();
        commands.start();
        session.start();
    }

    public boolean tripped() {
        Status s = lastStatus.get();
        return s != null && s.getInterlock().getState() != cryo.v1.InterlockState.INTERLOCK_ARMED;
    }

    @Override
    public void close() throws Exception {
        running = false;
        pacer.join(10_000);
        controller.close();
        commands.close();
        session.close();
        outbox.close();
        ledger.close();
    }
}
