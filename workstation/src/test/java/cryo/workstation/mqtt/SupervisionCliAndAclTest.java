package cryo.workstation.mqtt;

import cryo.controller.mqtt.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cryo.workstation.cli.CryoMain;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.Command;
import cryo.v1.CommandResult;
import cryo.v1.NodeState;
import cryo.v1.SetSetpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cmd and alarms command lines against a live node, and a mosquitto with passwords and ACLs. */
class SupervisionCliAndAclTest {
    private static final byte[] SECRET = HexFormat.of().parseHex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
    private static final OperatorKeys.Key ALICE = new OperatorKeys.Key("k-alice", "alice", SECRET);

    @TempDir
    Path tmp;

    @Test
    void cmdAndAlarmsCommandLines() throws Exception {
        assumeTrue(MosquittoProcess.available(), "mosquitto not installed"); // under CI=true: fails
        try (MosquittoProcess broker = MosquittoProcess.start(tmp.resolve("broker"), "");
             TestSubscriber sub = new TestSubscriber(broker.uri(), "cli-1")) {
            NodeFixture n = new NodeFixture("cli-1", BrokerOptions.plain(broker.uri()), tmp.resolve("state"), null, false, 0.2);
            try {
                assertTrue(TestSubscriber.await(10, () -> n.session.connected()));
                String b = broker.uri();
                assertEquals(0, CryoMain.execute("cmd", "cli-1", "setpoint", "mxc", "0.05", "--broker", b, "--operator", "alice"));
                assertEquals(3, CryoMain.execute("cmd", "cli-1", "setpoint", "mxc", "99", "--broker", b), "refused: over the limit");
                assertEquals(3, CryoMain.execute("cmd", "cli-1", "shelve", "1", "60", "--broker", b), "no alarm 1 to shelve: refused");
                assertEquals(0, CryoMain.execute("cmd", "cli-1", "mode", "mxc", "pid", "--broker", b));
                assertEquals(0, CryoMain.execute("cmd", "cli-1", "range", "mxc", "5", "--broker", b));
                assertEquals(0, CryoMain.execute("cmd", "cli-1", "gains", "mxc", "2e-3", "2e-3", "0", "--broker", b));
                assertEquals(0, CryoMain.execute("cmd", "cli-1", "zones", "mxc", "0.03,1e-3,1e-3,0,4", "0.2,2e-3,2e-3,0,5,0,0.01",
                        "1.0,3e-3,3e-3,0,7", "--broker", b), "a zone table from the command line");
                assertEquals(0, CryoMain.execute("cmd", "cli-1", "mode", "mxc", "zone", "--broker", b));
                assertTrue(TestSubscriber.await(5, () -> n.lastStatus.get().getLoops(0).getZone() == 1
                        && n.lastStatus.get().getLoops(0).getHeaterRange() == 5), "50 mK runs in the sent table's second zone (range 5)");
                assertEquals(3, CryoMain.execute("cmd", "cli-1", "zones", "mxc", "0.2,1e-3,1e-3,0,4", "0.03,1e-3,1e-3,0,4", "--broker", b),
                        "zones out of order: refused by the node");
                assertEquals(3, CryoMain.execute("cmd", "cli-1", "autotune", "mxc", "7", "1e-5", "1e-3", "600", "--broker", b),
                        "autotune of a zone the loop lacks: refused by the node");
                assertEquals(0, CryoMain.execute("cmd", "cli-1", "start-sequence", "../examples/ramsey.txtpb", "0", "--broker", b),
                        "a sequence file sent to the node");
                assertTrue(TestSubscriber.await(5, () -> n.lastStatus.get().getSequencer().getState().equals("running")),
                        "the node runs the sequence");
                assertEquals(0, CryoMain.execute("cmd", "cli-1", "abort-sequence", "--broker", b));
                assertTrue(TestSubscriber.await(5, () -> n.lastStatus.get().getSequencer().getState().equals("aborted")),
                        "and aborts it");
                long births = n.session.birthsPublished();
                assertEquals(0, CryoMain.execute("cmd", "cli-1", "rebirth", "--broker", b));
                assertTrue(TestSubscriber.await(5, () -> n.session.birthsPublished() > births), "Birth again on rebirth");
                assertEquals(3, CryoMain.execute("cmd", "cli-1", "warmup", "on", "--broker", b), "refused: the mixing chamber regulates");
                assertEquals(0, CryoMain.execute("cmd", "cli-1", "mode", "mxc", "off", "--broker", b));
                assertEquals(0, CryoMain.execute("cmd", "cli-1", "warmup", "on", "--broker", b));
                assertTrue(TestSubscriber.await(5, () -> n.lastStatus.get().getInterlock().getWarmup()), "Status.interlock.warmup");
                assertEquals(3, CryoMain.execute("cmd", "cli-1", "mode", "mxc", "zone", "--broker", b), "no heat on a cold stage during warm-up");
                assertEquals(0, CryoMain.execute("cmd", "cli-1", "warmup", "off", "--broker", b));
                assertTrue(TestSubscriber.await(5, () -> !n.lastStatus.get().getInterlock().getWarmup()));
                assertEquals(0, CryoMain.execute("cmd", "cli-1", "mode", "mxc", "zone", "--broker", b));
                assertEquals(2, CryoMain.execute("cmd", "cli-1"), "missing action: usage error");
                assertEquals(1, CryoMain.execute("cmd", "cli-1", "setpoint", "mxc", "abc", "--broker", b), "bad number: one line");
                assertEquals(1, CryoMain.execute("cmd", "cli-1", "setpoint", "mxc", "0.05", "--broker", "tcp:/nope"), "bad URI: one line");
                assertEquals(1, CryoMain.execute("cmd", "cli-1", "rebirth", "--broker", "ssl://127.0.0.1:1", "--cafile", tmp.resolve("missing.pem").toString()),
                        "missing CA file: one line");
                assertEquals(1, CryoMain.execute("cmd", "nobody", "rebirth", "--broker", b, "--timeout", "1"), "no answer: exit 1");

                assertEquals(0, CryoMain.execute("alarms", "cli-1", "--broker", b));
                n.board.mockTemperatureKelvin(SimulatedBoards.MXC_THERMOMETER, 6.0);
                assertTrue(TestSubscriber.await(5, n::tripped));
                assertTrue(TestSubscriber.await(5, () -> sub.copy(sub.alarms).stream().anyMatch(e -> e.getKind() == cryo.v1.AlarmEventKind.ALARM_RAISED)),
                        "the trip's alarm arrives over MQTT");
                assertEquals(0.0, n.board.heaterPowerWatts(SimulatedBoards.MXC_HEATER), "the heater reads zero on the board");
                assertEquals(0, CryoMain.execute("alarms", "cli-1", "--broker", b), "lists the trip");
                n.board.mockTemperatureKelvin(SimulatedBoards.MXC_THERMOMETER, 3.0);
                assertTrue(TestSubscriber.await(5, () -> n.lastStatus.get().getStages(0).getTemperatureKelvin() < 4.9));
                assertEquals(0, CryoMain.execute("alarms", "cli-1", "--ack-all", "--broker", b, "--operator", "alice"));
                assertTrue(TestSubscriber.await(5, () -> !n.tripped()), "acknowledged over MQTT re-arms");
                assertEquals(3, CryoMain.execute("alarms", "cli-1", "--ack-all", "--broker", b), "nothing to acknowledge: refused");
                assertTrue(n.auditLines.stream().anyMatch(l -> l.contains("operator=\"alice\"") && l.contains("SET_SETPOINT")), "audited with operator");
            } finally {
                n.close();
            }
        }
    }

    /**
     * The example configuration as documented (docs/mosquitto/mosquitto.conf with its paths and
     * ports pointed here, docs/mosquitto/acl read in place): the node over TLS (server
     * authentication) with its password, supervisors on the loopback listener.
     */
    @Test
    void exampleBrokerConfigurationKeepsObserversAndOtherNodesOutAndRefusesSignedReplays() throws Exception {
        assumeTrue(MosquittoProcess.available() && TestPki.available(), "mosquitto and openssl needed");
        Path dir = tmp.resolve("broker");
        Path pki = tmp.resolve("pki");
        TestPki.make(pki, "broker");
        Path passwd = dir.resolve("passwd");
        Files.createDirectories(dir);
        passwords(passwd, new String[][] {{"sim-1", "nodepw"}, {"alice", "alicepw"}, {"observer", "obspw"}});
        MosquittoProcess.PortsConfig conf = (plainPort, tlsPort) -> ExampleMosquittoConf.adapted(java.util.Map.of(
                "password_file", passwd.toString(),
                "acl_file", ExampleMosquittoConf.repoFile("docs/mosquitto/acl").toString(),
                "persistence_location", dir + "/",
                "cafile", pki.resolve("ca.crt").toString(),
                "certfile", pki.resolve("broker.crt").toString(),
                "keyfile", pki.resolve("broker.key").toString()), tlsPort, plainPort);
        try (MosquittoProcess broker = MosquittoProcess.startWithConfig(dir, conf)) {
            String tls = "ssl://127.0.0.1:" + broker.tlsPort();
            // wrong credentials: one clear line, and the node keeps controlling
            Path wrong = tmp.resolve("wrong.pw");
            Files.writeString(wrong, "nope\n");
            NodeFixture bad = new NodeFixture("sim-1", new BrokerOptions(tls, "sim-1", wrong, pki.resolve("ca.crt"), null, null),
                    tmp.resolve("state-bad"), null, false, 0.2);
            try {
                assertTrue(TestSubscriber.await(5, () -> !bad.session.lastError().isEmpty()));
                assertTrue(bad.session.lastError().toLowerCase().contains("password") || bad.session.lastError().toLowerCase().contains("authori"),
                        bad.session.lastError());
                long seq = bad.controller.ring().processedSequence();
                assertTrue(TestSubscriber.await(5, () -> bad.controller.ring().processedSequence() > seq + 10), "control goes on");
            } finally {
                bad.close();
            }

            Path nodePw = tmp.resolve("node.pw");
            Files.writeString(nodePw, "nodepw\n");
            NodeFixture n = new NodeFixture("sim-1", new BrokerOptions(tls, "sim-1", nodePw, pki.resolve("ca.crt"), null, null),
                    tmp.resolve("state"), OperatorKeys.of(ALICE), true, 0.2);
            try (TestSubscriber observer = new TestSubscriber(broker.uri(), "sim-1", "observer-1", false, creds("observer", "obspw"));
                 TestSubscriber everything = new TestSubscriber(broker.uri(), "+", "observer-all", false, creds("observer", "obspw"));
                 TestSubscriber alice = new TestSubscriber(broker.uri(), "sim-1", "alice-1", false, creds("alice", "alicepw"))) {
                assertTrue(TestSubscriber.await(10, () -> n.session.connected() && !observer.copy(observer.statuses).isEmpty()),
                        "the node publishes over TLS and the observer reads: " + n.session.lastError());

                // a node may write only its own topics: sim-1's credentials cannot speak for sim-2
                MqttClient forger = new MqttClient(broker.uri(), "sim-1-forger", new MemoryPersistence());
                forger.setTimeToWait(5000);
                forger.connect(creds("sim-1", "nodepw"));
                try {
                    byte[] death = NodeState.newBuilder().setDeath(cryo.v1.Death.newBuilder().setNodeId("sim-2")).build().toByteArray();
                    for (String t : new String[] {Topics.state("sim-2"), Topics.status("sim-2"), Topics.alarm("sim-2"), Topics.cmdResult("sim-2"),
                            Topics.cmd("sim-2")}) {
                        forger.publish(t, death, 1, false);
                    }
                    CommandResult fence = CommandResult.newBuilder().setCorrelationId("fence-forger").build();
                    forger.publish(Topics.cmdResult("sim-1"), fence.toByteArray(), 1, false); // its own topic, ordered after the forgeries
                    assertTrue(TestSubscriber.await(10, () -> alice.result("fence-forger") != null), "a node's write to its own topic arrives");
                    assertTrue(TestSubscriber.await(10, () -> everything.copy(everything.topics).contains(Topics.cmdResult("sim-1"))));
                    assertFalse(everything.copy(everything.topics).stream().anyMatch(t -> t.startsWith(Topics.ROOT + "sim-2/")),
                            "nothing written under another node's topics arrives: " + everything.copy(everything.topics));
                } finally {
                    forger.disconnect(1000);
                    forger.close();
                }

                byte[] fromObserver = Envelopes.wrap(setpoint("obs-1", 0.06), ALICE);
                observer.publish(Topics.cmd("sim-1"), fromObserver);
                byte[] signed = Envelopes.wrap(setpoint("op-1", 0.07), ALICE);
                alice.publish(Topics.cmd("sim-1"), signed);
                assertTrue(TestSubscriber.await(10, () -> alice.result("op-1") != null), "operator's command answered");
                assertTrue(alice.result("op-1").getAccepted(), alice.result("op-1").getReason());
                assertNull(alice.result("obs-1"), "the observer's command never reached the node");
                assertFalse(n.ringApplied.containsKey("obs-1"));

                alice.publish(Topics.cmd("sim-1"), signed); // replay of the same signed bytes
                assertTrue(TestSubscriber.await(10, () -> alice.copy(alice.results).stream().anyMatch(CommandResult::getDuplicate)));
                CommandResult replay = alice.copy(alice.results).stream().filter(CommandResult::getDuplicate).findFirst().orElseThrow();
                assertFalse(replay.getAccepted(), "a replayed signed command is refused");
                assertEquals("replay of command op-1: not executed again (first result: accepted: " + alice.result("op-1").getReason() + ")",
                        replay.getReason());
                assertEquals(alice.result("op-1"), replay.getFirstResult(), "carrying the original outcome");
                assertEquals(1, n.ringApplied.get("op-1"), "a replay is not executed again");
                assertTrue(n.auditLines.stream().anyMatch(l -> l.contains(" duplicate id=\"op-1\"") && l.contains("verdict=refused")),
                        "the refused replay is audited: " + n.auditLines);

                alice.publish(Topics.cmd("sim-1"), Envelopes.wrap(setpoint("unsigned-1", 0.07), null));
                assertTrue(TestSubscriber.await(10, () -> alice.result("unsigned-1") != null));
                assertTrue(alice.result("unsigned-1").getReason().startsWith("unsigned"));
                assertFalse(n.ringApplied.containsKey("unsigned-1"));

                // an operator may not speak for a node
                NodeState forged = NodeState.newBuilder().setDeath(cryo.v1.Death.newBuilder().setNodeId("sim-1")).build();
                alice.publish(Topics.state("sim-1"), forged.toByteArray());
                int states = observer.copy(observer.states).size();
                alice.publish(Topics.cmd("sim-1"), Envelopes.wrap(setpoint("fence-1", 0.05), ALICE)); // ordered after the forgery
                assertTrue(TestSubscriber.await(10, () -> alice.result("fence-1") != null));
                assertEquals(states, observer.copy(observer.states).size(), "an operator cannot write a node's state");
                assertNotNull(n.auditLines.stream().filter(l -> l.contains("unsigned")).findFirst().orElse(null), "refusal audited");
            } finally {
                n.close();
            }
        }
    }

    /** Writes a mosquitto password file with these {user, password} pairs. */
    static void passwords(Path passwd, String[][] users) throws Exception {
        for (String[] up : users) {
            java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("mosquitto_passwd", "-b"));
            if (!Files.exists(passwd)) {
                cmd.add("-c");
            }
            cmd.addAll(java.util.List.of(passwd.toString(), up[0], up[1]));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mosquitto_passwd");
        }
    }

    private static MqttConnectOptions creds(String user, String password) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        return o;
    }

    private static Command setpoint(String id, double kelvin) {
        return Command.newBuilder().setCorrelationId(id).setOperatorId("alice").setTargetNode("sim-1")
                .setIssuedUnixMillis(System.currentTimeMillis())
                .setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(kelvin)).build();
    }
}
