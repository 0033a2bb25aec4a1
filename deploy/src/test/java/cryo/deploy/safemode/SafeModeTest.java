package cryo.deploy.safemode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import cryo.deploy.boot.Loader;
import cryo.deploy.boot.StepResult;
import cryo.deploy.cli.SystemLoaderClock;
import cryo.deploy.fs.RealFileStore;
import cryo.deploy.harness.RealNode;
import cryo.deploy.slot.SlotName;
import cryo.deploy.testfirmware.FakeFirmware;
import cryo.hal.bus.TcpRegisterBus;
import cryo.hal.cmos.CmosHeater;
import cryo.hal.cmos.CmosInterlockRelay;
import cryo.hal.cmos.CryoCmosBoard;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.sim.server.BoardServer;
import cryo.v1.Command;
import cryo.v1.CommandEnvelope;
import cryo.v1.CommandResult;
import cryo.v1.InstallBundle;
import cryo.v1.NodeMode;
import cryo.v1.Status;
import cryo.controller.mqtt.MosquittoProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both slots bad: the loader drives the simulated board (its own TCP board server, as a separate
 * board would be) to the safe state, publishes SAFE over a real MQTT broker, and recovers when a
 * good bundle arrives by MQTT (authorised by HMAC) or through the inbox.
 */
class SafeModeTest {
    static final String NODE = "sim-1";
    static final byte[] OPERATOR_KEY = "operator-secret-key".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final AtomicBoolean stop = new AtomicBoolean();
    private MosquittoProcess broker;
    private java.net.Socket heldPort;
    private BoardServer boardServer;

    @AfterEach
    void tearDown() throws Exception {
        stop.set(true);
        executor.shutdown();
        assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS), "safe mode did not stop");
        if (broker != null) {
            broker.close();
        }
        if (heldPort != null) {
            heldPort.close();
        }
        if (boardServer != null) {
            boardServer.close();
        }
    }


    /** A node whose only firmware crashes, and a board with a heater on and the relay closed. */
    private Loader nodeInSafeMode(RealNode node) throws Exception {
        Loader loader = node.start();
        loader.install("1.0.0.cryob", node.bundle("1.0.0", 1, FakeFirmware.CrashAtStart.class));
        StepResult r;
        int steps = 0;
        do {
            r = loader.step(() -> false);
            assertTrue(++steps < 10, "no safe mode after 10 steps");
        } while (!(r instanceof StepResult.SafeModeRequired));
        return loader;
    }

    private SimulatedBoard boardWithHeaterOn() throws Exception {
        SimulatedBoard board = SimulatedBoards.mixingChamber(1);
        CryoCmosBoard driver = new CryoCmosBoard(board);
        new CmosInterlockRelay(driver).setClosed(true);
        CmosHeater heater = new CmosHeater(driver, "mxc", SimulatedBoards.MXC_HEATER);
        heater.setRange(1);
        heater.setOutputWatts(1e-4);
        board.update(0.1);
        assertTrue(board.heaterPowerWatts(SimulatedBoards.MXC_HEATER) > 0, "test setup: heater should be on");
        boardServer = new BoardServer(board, 0);
        return board;
    }

    private void assertBoardSafe(SimulatedBoard board) throws Exception {
        board.update(0.1);
        CryoCmosBoard driver = new CryoCmosBoard(board);
        for (int ch = 0; ch < CryoCmosRegisters.HEATER_CHANNELS; ch++) {
            assertEquals(0.0, board.heaterPowerWatts(ch), "heater " + ch + " delivered power");
            assertEquals(0.0f, driver.readFloat(CryoCmosRegisters.heater(ch, CryoCmosRegisters.HEATER_OUTPUT)), "heater " + ch + " output");
            assertEquals(0, driver.readRegister(CryoCmosRegisters.heater(ch, CryoCmosRegisters.HEATER_RANGE)), "heater " + ch + " range");
        }
        assertFalse(board.relayClosed(), "relay still closed");
    }

    private Future<SlotName> startSafeMode(Loader loader, RealNode node, SafeModeLink link, BlockingQueue<InstallRequest> installs) {
        BoardConnector connector = () -> new TcpRegisterBus("127.0.0.1", boardServer.port(), 1000);
        SafeMode safeMode = new SafeMode(loader, connector, link, installs,
                new Inbox(new RealFileStore(), node.layout, line -> { }), new SystemLoaderClock(), NODE, 200, line -> { });
        return executor.submit(() -> safeMode.run("no bootable slot (test)", stop::get));
    }

    @Test
    void safeModeOverMqttThenRecoveryByAuthorisedInstallCommand() throws Exception {
        assumeTrue(MosquittoProcess.available(), "mosquitto not installed"); // under CI=true a missing one fails
        broker = MosquittoProcess.start(dir.resolve("broker"), "");
        String url = broker.uri();

        BlockingQueue<Status> statuses = new LinkedBlockingQueue<>();
        BlockingQueue<CommandResult> results = new LinkedBlockingQueue<>();
        MqttClient supervisor = new MqttClient(url, "supervisor", new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setConnectionTimeout(5);
        supervisor.connect(options);
        supervisor.subscribe("cryo/v1/" + NODE + "/status", 0, (t, m) -> statuses.add(Status.parseFrom(m.getPayload())));
        supervisor.subscribe("cryo/v1/" + NODE + "/cmd/result", 1, (t, m) -> results.add(CommandResult.parseFrom(m.getPayload())));

        RealNode node = new RealNode(dir);
        Loader loader = nodeInSafeMode(node);
        SimulatedBoard board = boardWithHeaterOn();
        BlockingQueue<InstallRequest> installs = new LinkedBlockingQueue<>();
        MqttSafeModeLink link = new MqttSafeModeLink(url, NODE, new OperatorKeys(Map.of("alice", OPERATOR_KEY)), installs,
                line -> { }, 2);
        Future<SlotName> running = startSafeMode(loader, node, link, installs);

        Status safe = statuses.poll(15, TimeUnit.SECONDS);
        assertNotNull(safe, "no status received over MQTT");
        assertEquals(NodeMode.NODE_MODE_SAFE, safe.getMode());
        assertTrue(safe.getModeReason().contains("board safe"), safe.getModeReason());
        assertBoardSafe(board);

        byte[] good = node.bundle("2.0.0", 1, FakeFirmware.ConfirmThenExit.class);
        // a forged command is refused and changes nothing
        supervisor.publish("cryo/v1/" + NODE + "/cmd", envelope("c-1", good, "not-the-key".getBytes(StandardCharsets.UTF_8)).toByteArray(), 1, false);
        CommandResult refused = results.poll(10, TimeUnit.SECONDS);
        assertNotNull(refused, "no answer to the forged command");
        assertFalse(refused.getAccepted());
        assertTrue(refused.getReason().contains("hmac_sha256"), refused.getReason());
        assertFalse(running.isDone());

        supervisor.publish("cryo/v1/" + NODE + "/cmd", envelope("c-2", good, OPERATOR_KEY).toByteArray(), 1, false);
        SlotName slot = running.get(15, TimeUnit.SECONDS);
        assertNotNull(slot);
        CommandResult accepted = results.poll(10, TimeUnit.SECONDS);
        assertNotNull(accepted);
        assertTrue(accepted.getAccepted(), accepted.getReason());
        link.close();
        supervisor.disconnect();
        supervisor.close();

        StepResult.Booted booted = assertInstanceOf(StepResult.Booted.class, loader.step(() -> false));
        assertTrue(booted.outcome().confirmed(), booted.outcome().description() + node.log(slot.id()));
        assertEquals("2.0.0", booted.version());
    }

    @Test
    void safeModeWithoutBrokerRecoversFromInbox() throws Exception {
        RealNode node = new RealNode(dir);
        Loader loader = nodeInSafeMode(node);
        SimulatedBoard board = boardWithHeaterOn();
        BlockingQueue<InstallRequest> installs = new LinkedBlockingQueue<>();
        // nobody listens on this port (bound by a socket that never listens, held to the end):
        // publishing fails fast and safe mode carries on
        java.net.Socket held = new java.net.Socket();
        held.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0));
        heldPort = held;
        MqttSafeModeLink link = new MqttSafeModeLink("tcp://127.0.0.1:" + held.getLocalPort(), NODE, OperatorKeys.none(), installs, line -> { }, 1);
        Future<SlotName> running = startSafeMode(loader, node, link, installs);

        // the relay opens first and the watchdog is armed last (hal's SafeState, then BoardSafing): wait for the last step
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        CryoCmosBoard probe = new CryoCmosBoard(board);
        while (probe.readRegister(CryoCmosRegisters.WATCHDOG_TIMEOUT_MS) != BoardSafing.WATCHDOG_TIMEOUT_MILLIS
                && System.nanoTime() < deadline) {
            assertFalse(running.isDone());
            Thread.onSpinWait();
        }
        assertBoardSafe(board);

        Files.write(node.layout.inboxDir().resolve("bad.cryob"), "not a bundle".getBytes(StandardCharsets.UTF_8));
        Path tmp = node.layout.inboxDir().resolve("good.cryob.tmp");
        Files.write(tmp, node.bundle("2.0.0", 1, FakeFirmware.ConfirmThenExit.class));
        Files.move(tmp, node.layout.inboxDir().resolve("good.cryob"));
        SlotName slot = running.get(15, TimeUnit.SECONDS);
        assertNotNull(slot);
        assertTrue(Files.exists(node.layout.rejectedDir().resolve("bad.cryob")), "refused bundle kept in inbox/rejected");
        assertFalse(Files.exists(node.layout.inboxDir().resolve("good.cryob")), "installed bundle left in the inbox");
        link.close();
        StepResult.Booted booted = assertInstanceOf(StepResult.Booted.class, loader.step(() -> false));
        assertTrue(booted.outcome().confirmed(), booted.outcome().description());
    }

    private static CommandEnvelope envelope(String id, byte[] bundle, byte[] key) {
        Command c = Command.newBuilder().setCorrelationId(id).setOperatorId("alice").setTargetNode(NODE)
                .setInstallBundle(InstallBundle.newBuilder().setBundle(ByteString.copyFrom(bundle))).build();
        byte[] bytes = c.toByteArray();
        return CommandEnvelope.newBuilder().setCommand(ByteString.copyFrom(bytes)).setKeyId("alice")
                .setHmacSha256(ByteString.copyFrom(OperatorKeys.hmac(key, bytes))).build();
    }
}
