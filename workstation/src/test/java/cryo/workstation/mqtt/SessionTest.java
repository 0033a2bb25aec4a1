package cryo.workstation.mqtt;

import cryo.controller.mqtt.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cryo.controller.config.DefaultConfig;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.Alarm;
import cryo.v1.Birth;
import cryo.v1.StageInfo;
import cryo.v1.NodeState;
import cryo.v1.Status;
import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Birth, statuses with consecutive seq, and Death (clean stop and the will on a kill), on real brokers. */
class SessionTest {
    @TempDir
    Path tmp;

    @Test
    void mosquittoBirthStatusesAndCleanDeath() throws Exception {
        assumeTrue(MosquittoProcess.available(), "mosquitto not installed");
        try (MosquittoProcess broker = MosquittoProcess.start(tmp.resolve("broker"), "")) {
            birthStatusesCleanDeath(broker.uri(), "mos-1");
        }
    }

    private void birthStatusesCleanDeath(String uri, String node) throws Exception {
        try (TestSubscriber sub = new TestSubscriber(uri, node)) {
            NodeFixture n = new NodeFixture(node, BrokerOptions.plain(uri), tmp.resolve("state-" + node), null, false, 0.2);
            try {
                assertTrue(TestSubscriber.await(10, () -> sub.copy(sub.statuses).size() >= 8), "statuses arrive");
                List<NodeState> states = sub.copy(sub.states);
                NodeState first = states.get(0);
                assertTrue(first.hasBirth(), "first state is a Birth");
                Birth b = first.getBirth();
                long bd = b.getBdSeq();
                assertEquals(0, bd);
                assertEquals(node, b.getNodeId());
                assertEquals(DefaultConfig.FIRMWARE_VERSION, b.getFirmwareVersion());
                assertTrue(b.getConfigSummary().startsWith("1 sensor(s), 1 loop(s), tick 0.1 s, status 0.2 s"), b.getConfigSummary());
                assertEquals(StageInfo.newBuilder().setStageId("mxc").setSensorId("sim-ruox-mxc").setSensorUnits("ohm")
                        .setMaxKelvin(5.0).build(), b.getStages(0), "units from the curve, limit from the over-temperature trip");
                assertEquals("mxc", b.getLoops(0).getLoopId());
                assertEquals("heater3", b.getLoops(0).getHeaterId());
                assertEquals(1.0, b.getLoops(0).getSetpointLimitKelvin());
                assertEquals(9, b.getLoops(0).getRangeMaxWattsCount(), "range 0..8 maxima");
                assertEquals(List.of("thermometer:sim-ruox-mxc@4", "heater:heater3@3", "pulse:pulse0@0"),
                        b.getChannelsList().subList(0, 3).stream().map(c -> c.getKind() + ":" + c.getName() + "@" + c.getBoardChannel()).toList());
                assertEquals(0, b.getAlarmsCount(), "no alarm at start");
                assertEquals(0.2, b.getStatusIntervalSeconds(), 1e-9);
                List<Status> st = sub.copy(sub.statuses);
                for (int i = 1; i < st.size(); i++) {
                    assertEquals((st.get(i - 1).getSeq() + 1) & 0xFF, st.get(i).getSeq(), "consecutive seq at " + i);
                    assertEquals(bd, st.get(i).getBdSeq());
                }
                // the alarm set: after a trip, a rebirth lists the trip's alarm
                n.board.mockTemperatureKelvin(SimulatedBoards.MXC_THERMOMETER, 6.0);
                assertTrue(TestSubscriber.await(5, n::tripped), "interlock trips");
                assertTrue(TestSubscriber.await(5, () -> !n.lastStatus.get().getActiveAlarmsList().isEmpty()), "the status lists the alarm");
                Alarm trip = n.lastStatus.get().getActiveAlarms(0);
                // the Birth's set is folded from the alarm event stream, stored by the dispatcher thread a moment later
                assertTrue(TestSubscriber.await(5, () -> !n.alarmSink.activeAlarms().isEmpty()), "the alarm event is stored");
                n.session.requestRebirth();
                assertTrue(TestSubscriber.await(5, () -> sub.copy(sub.states).stream()
                        .anyMatch(x -> x.hasBirth() && x.getBirth().getAlarmsList().stream().anyMatch(a -> a.getAlarmId() == trip.getAlarmId()
                                && a.getCause() == trip.getCause() && a.getSeverity() == trip.getSeverity()))),
                        "a Birth after the trip carries its alarm " + trip + ": " + sub.copy(sub.states));
                assertTrue(sub.copy(sub.states).stream().filter(NodeState::hasBirth).reduce((older, newer) -> newer).orElseThrow()
                        .getBirth().getBoardTimeTicks() > 0, "a Birth after statuses carries the board time of the newest one");
            } finally {
                n.close();
            }
            assertTrue(TestSubscriber.await(5, () -> {
                List<NodeState> s = sub.copy(sub.states);
                return s.get(s.size() - 1).hasDeath();
            }), "Death after a clean stop");
            List<NodeState> s = sub.copy(sub.states);
            assertTrue(s.get(s.size() - 1).getDeath().getClean(), "published by the node itself");
            assertEquals(sub.copy(sub.statuses).get(0).getBdSeq(), s.get(s.size() - 1).getDeath().getBdSeq(), "the Death closes the session of the statuses");
        }
        // retained: a supervisor arriving later sees the node is dead
        try (TestSubscriber late = new TestSubscriber(uri, node)) {
            assertTrue(TestSubscriber.await(5, () -> !late.copy(late.states).isEmpty()));
            assertTrue(late.copy(late.states).get(0).hasDeath(), "retained Death");
        }
    }

    @Test
    void killedControllerProcessLeavesItsWillAsDeath() throws Exception {
        assumeTrue(MosquittoProcess.available(), "mosquitto not installed");
        try (MosquittoProcess broker = MosquittoProcess.start(tmp.resolve("broker"), "");
             TestSubscriber sub = new TestSubscriber(broker.uri(), "kill-1")) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                    "cryo.workstation.cli.CryoMain", "run", "--broker", broker.uri(), "--node", "kill-1", "--quiet",
                    "--state-dir", tmp.resolve("state").toString())
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("node.log").toFile()).start();
            try {
                assertTrue(TestSubscriber.await(30, () -> sub.copy(sub.statuses).size() >= 2), "child node publishes statuses");
                assertTrue(sub.copy(sub.states).get(0).hasBirth());
            } finally {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
            // keep-alive 5 s: the broker notices within 1.5 keep-alives at most
            assertTrue(TestSubscriber.await(15, () -> {
                List<NodeState> s = sub.copy(sub.states);
                return s.get(s.size() - 1).hasDeath();
            }), "the will is delivered after a kill");
            List<NodeState> s = sub.copy(sub.states);
            assertFalse(s.get(s.size() - 1).getDeath().getClean(), "a will, not a clean Death");
            assertEquals(s.get(0).getBirth().getBdSeq(), s.get(s.size() - 1).getDeath().getBdSeq());
        }
    }

    static String classpath() {
        return System.getProperty("java.class.path").replace(':', File.pathSeparatorChar);
    }
}
