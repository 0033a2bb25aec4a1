package cryo.controller.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.DynamicMessage;
import cryo.v1.AlarmEvent;
import cryo.v1.AlarmEventKind;
import cryo.v1.Command;
import cryo.v1.ConfigDigest;
import cryo.v1.Death;
import cryo.v1.FirmwareManifest;
import cryo.v1.NodeState;
import cryo.v1.PulseSequence;
import cryo.v1.SetSetpoint;
import cryo.v1.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: every message type of cryo.v1, on every node topic, retained and not, QoS 0 and 1,
 * from the unprivileged observer account, against Mosquitto on the documented configuration
 * and ACL (docs/mosquitto, read in place). None of it reaches anyone: an operator reading
 * cryo/v1/# sees only the node's own messages, nothing is left retained but the node's Birth,
 * the node runs no command of the observer's and goes on publishing.
 */
class UnprivilegedPublishTest {
    private static final String NODE = "sim-1"; // the node account of docs/mosquitto/acl

    @TempDir
    Path tmp;

    @Test
    void everyMessageTypeOnEveryNodeTopicFromTheObserverReachesNoOne() throws Exception {
        assumeTrue(MosquittoProcess.available() && TestPki.available(), "mosquitto and openssl needed");
        Path dir = tmp.resolve("broker");
        Path pki = tmp.resolve("pki");
        TestPki.make(pki, "broker");
        Files.createDirectories(dir);
        Path passwd = dir.resolve("passwd");
        for (String[] up : new String[][] {{NODE, "nodepw"}, {"alice", "alicepw"}, {"observer", "obspw"}}) {
            List<String> cmd = new ArrayList<>(List.of("mosquitto_passwd", "-b"));
            if (!Files.exists(passwd)) {
                cmd.add("-c");
            }
            cmd.addAll(List.of(passwd.toString(), up[0], up[1]));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            assertTrue(p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) && p.exitValue() == 0, "mosquitto_passwd");
        }
        MosquittoProcess.PortsConfig conf = (plainPort, tlsPort) -> ExampleMosquittoConf.adapted(Map.of(
                "password_file", passwd.toString(),
                "acl_file", ExampleMosquittoConf.repoFile("docs/mosquitto/acl").toString(),
                "persistence_location", dir + "/",
                "cafile", pki.resolve("ca.crt").toString(),
                "certfile", pki.resolve("broker.crt").toString(),
                "keyfile", pki.resolve("broker.key").toString()), tlsPort, plainPort);
        Path nodePw = tmp.resolve("node.pw");
        Files.writeString(nodePw, "nodepw\n");
        try (MosquittoProcess broker = MosquittoProcess.startWithConfig(dir, conf);
             NodeFixture n = new NodeFixture(NODE, new BrokerOptions(broker.uri(), NODE, nodePw, null, null, null), tmp.resolve("state"),
                     null, false, 0.2);
             TestSubscriber everything = new TestSubscriber(broker.uri(), "+", "alice-all", false, creds("alice", "alicepw"));
             TestSubscriber alice = new TestSubscriber(broker.uri(), NODE, "alice-1", false, creds("alice", "alicepw"))) {
            assertTrue(TestSubscriber.await(10, () -> n.session.connected() && !everything.copy(everything.statuses).isEmpty()),
                    "the node publishes: " + n.session.lastError());
            int sent = 0;
            try (RawMqtt observer = new RawMqtt(broker.port(), "observer-1", "observer", "obspw")) {
                Map<String, byte[]> messages = everyMessage();
                for (String node : new String[] {NODE, "observer", "sim-2"}) {
                    for (String leaf : new String[] {"state", "status", "alarm", "cmd", "cmd/result"}) {
                        for (byte[] m : messages.values()) {
                            for (int qos = 0; qos <= 1; qos++) {
                                observer.publish(Topics.ROOT + node + "/" + leaf, m, qos, false);
                                observer.publish(Topics.ROOT + node + "/" + leaf, m, qos, true);
                                sent += 2;
                            }
                        }
                    }
                }
                observer.flush();
                int expectedAcks = sent / 2;
                assertTrue(TestSubscriber.await(10, () -> observer.pubacks() == expectedAcks), "the broker took them all (and dropped them)");
            }
            // a fence: an operator's command, published after everything above, answered
            Command fence = Command.newBuilder().setCorrelationId("fence-1").setOperatorId("alice").setTargetNode(NODE)
                    .setIssuedUnixMillis(System.currentTimeMillis())
                    .setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(0.05)).build();
            alice.publish(Topics.cmd(NODE), Envelopes.wrap(fence, null));
            assertTrue(TestSubscriber.await(10, () -> everything.result("fence-1") != null), "the fence is answered");
            List<String> topics = everything.copy(everything.topics);
            assertTrue(topics.stream().allMatch(t -> t.startsWith(Topics.ROOT + NODE + "/")), () -> "only the node's topics: "
                    + new java.util.TreeSet<>(topics));
            assertEquals(1, topics.stream().filter(Topics.cmd(NODE)::equals).count(), "one command on cmd: the operator's fence");
            assertEquals(1, everything.copy(everything.results).size(), "one result: the fence's; no observer command ran");
            assertTrue(everything.copy(everything.alarms).isEmpty(), "no forged alarm");
            assertTrue(everything.copy(everything.states).stream().allMatch(s -> s.hasBirth() && s.getBirth().getNodeId().equals(NODE)),
                    "only the node's Birth: " + everything.copy(everything.states));
            assertTrue(everything.copy(everything.statuses).stream().allMatch(s -> s.getNodeId().equals(NODE) && s.getStagesCount() > 0),
                    "only the node's statuses");
            assertEquals(1, n.ringApplied.size(), "the ring ran the fence only");
            // retained: a late subscriber finds the node's Birth and nothing else
            try (TestSubscriber late = new TestSubscriber(broker.uri(), "+", "alice-late", false, creds("alice", "alicepw"))) {
                assertTrue(TestSubscriber.await(5, () -> !late.copy(late.statuses).isEmpty()));
                assertEquals(1, late.copy(late.states).size(), "one retained state: " + late.copy(late.states));
                assertTrue(late.copy(late.states).get(0).hasBirth());
                assertTrue(late.copy(late.topics).stream().allMatch(t -> t.startsWith(Topics.ROOT + NODE + "/")), () -> late.copy(late.topics).toString());
            }
            System.out.println("unprivileged: " + sent + " publishes of " + everyMessage().size() + " message types on 15 topics, 0 delivered");
            assertTrue(n.commands.alive() && n.session.alive());
        }
    }

    /** One payload of every cryo.v1 message type: node ids set to the node, plus pointed forgeries. */
    private static Map<String, byte[]> everyMessage() {
        Map<String, byte[]> out = new LinkedHashMap<>();
        List<FileDescriptor> files = new ArrayList<>();
        for (FileDescriptor f : new FileDescriptor[] {Status.getDescriptor().getFile(), NodeState.getDescriptor().getFile(),
                AlarmEvent.getDescriptor().getFile(), Command.getDescriptor().getFile(), PulseSequence.getDescriptor().getFile(),
                FirmwareManifest.getDescriptor().getFile(), ConfigDigest.getDescriptor().getFile()}) {
            collect(f, files);
        }
        for (FileDescriptor f : files) {
            for (Descriptor d : f.getMessageTypes()) {
                DynamicMessage.Builder b = DynamicMessage.newBuilder(d);
                for (FieldDescriptor fd : d.getFields()) {
                    if (fd.getType() == FieldDescriptor.Type.STRING && !fd.isRepeated()) {
                        b.setField(fd, NODE);
                    }
                }
                out.put(d.getFullName(), b.build().toByteArray());
            }
        }
        out.put("forged Death", NodeState.newBuilder().setDeath(Death.newBuilder().setNodeId(NODE).setBdSeq(99)).build().toByteArray());
        out.put("forged alarm", AlarmEvent.newBuilder().setKind(AlarmEventKind.ALARM_RAISED).setEventId(1_000_000).build().toByteArray());
        Command c = Command.newBuilder().setCorrelationId("obs-1").setOperatorId("observer").setTargetNode(NODE)
                .setIssuedUnixMillis(System.currentTimeMillis())
                .setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(0.9)).build();
        out.put("observer's command", Envelopes.wrap(c, null));
        return out;
    }

    private static void collect(FileDescriptor f, List<FileDescriptor> into) {
        if (into.contains(f)) {
            return;
        }
        into.add(f);
        for (FileDescriptor d : f.getDependencies()) {
            if (d.getPackage().equals("cryo.v1")) {
                collect(d, into);
            }
        }
    }

    private static MqttConnectOptions creds(String user, String password) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setUserName(user);
        o.setPassword(password.toCharArray());
        return o;
    }
}
