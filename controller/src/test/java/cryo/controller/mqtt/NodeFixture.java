package cryo.controller.mqtt;

import cryo.controller.app.ControlTimer;
import cryo.controller.app.Controller;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.interlock.SafetyOptions;
import cryo.controller.ring.ControlRing;
import cryo.controller.telemetry.StatusBuilder;
import cryo.sim.board.RealTimeRunner;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.Status;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/** A live node as `cryo run` wires it (simulated board in real time, ring, MQTT session), for tests. */
public final class NodeFixture implements AutoCloseable {
    public final String node;
    public final SimulatedBoard board;
    public final Controller controller;
    public final RealTimeRunner plant;
    public final ControlTimer timer;
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
        plant = new RealTimeRunner(board, 1.0, 0.01, System::nanoTime).start();
        controller.start();
        timer = new ControlTimer(controller, board.clock(), config.tickIntervalSeconds()).start();
        commands.start();
        session.start();
    }

    public boolean tripped() {
        Status s = lastStatus.get();
        return s != null && s.getInterlock().getState() != cryo.v1.InterlockState.INTERLOCK_ARMED;
    }

    @Override
    public void close() throws Exception {
        timer.close();
        plant.close();
        controller.close();
        commands.close();
        session.close();
        outbox.close();
        ledger.close();
    }
}
