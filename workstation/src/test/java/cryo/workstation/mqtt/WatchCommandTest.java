package cryo.workstation.mqtt;

import cryo.controller.mqtt.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cryo.workstation.cli.CryoMain;
import cryo.v1.Alarm;
import cryo.v1.AlarmCause;
import cryo.v1.AlarmEvent;
import cryo.v1.AlarmEventKind;
import cryo.v1.AlarmState;
import cryo.v1.InterlockState;
import cryo.v1.InterlockStatus;
import cryo.v1.Quality;
import cryo.v1.Severity;
import cryo.v1.StageStatus;
import cryo.v1.Status;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cryo watch} against a mosquitto, fed crafted Status and AlarmEvent payloads: stale and bad values marked, alarms shown. */
class WatchCommandTest {
    private static final String NODE = "w-1";

    @TempDir
    Path tmp;

    private static final Alarm TRIP = Alarm.newBuilder().setAlarmId(1).setCause(AlarmCause.OVER_TEMPERATURE)
            .setSeverity(Severity.SEVERITY_CRITICAL).setStageId("mxc").setState(AlarmState.ALARM_ACTIVE)
            .setMessage("mxc above 5 K").build();

    private static byte[] status(int seq) {
        return Status.newBuilder().setNodeId(NODE).setSeq(seq).setBoardTimeTicks(seq * 1_000_000_000L)
                .addStages(StageStatus.newBuilder().setStageId("mxc").setTemperatureKelvin(0.02).setQuality(Quality.QUALITY_STALE))
                .addStages(StageStatus.newBuilder().setStageId("still").setTemperatureKelvin(Double.NaN).setQuality(Quality.QUALITY_BAD))
                .addStages(StageStatus.newBuilder().setStageId("4k").setTemperatureKelvin(4.1).setQuality(Quality.QUALITY_GOOD))
                .setInterlock(InterlockStatus.newBuilder().setState(InterlockState.INTERLOCK_ARMED))
                .addActiveAlarms(TRIP).build().toByteArray();
    }

    @Test
    void staleAndBadValuesAreMarkedAQuietNodeIsMarkedStaleAndAlarmsAreShown() throws Exception {
        assumeTrue(MosquittoProcess.available(), "mosquitto not installed");
        try (MosquittoProcess broker = MosquittoProcess.start(tmp.resolve("broker"), "");
             TestSubscriber pub = new TestSubscriber(broker.uri(), NODE)) {
            StringWriter out = new StringWriter();
            int[] code = {-1};
            Thread watch = new Thread(() -> code[0] = CryoMain.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                    "watch", "--broker", broker.uri(), "--stale-after", "0.5", "--count", "20", "--timeout", "30"));
            watch.start();
            int seq = 0;
            // until watch has subscribed, statuses go nowhere: send until one is printed
            while (seq < 100) {
                pub.publish(Topics.status(NODE), status(seq++));
                if (TestSubscriber.await(0.2, () -> out.toString().contains(NODE))) {
                    break;
                }
            }
            pub.publish(Topics.alarm(NODE), AlarmEvent.newBuilder().setNodeId(NODE).setEventId(7).setKind(AlarmEventKind.ALARM_RAISED)
                    .setAlarm(TRIP).build().toByteArray());
            assertTrue(TestSubscriber.await(10, () -> out.toString().contains("ALARM RAISED")), "the alarm event is shown: " + out);
            // quiet: the node is marked stale after 0.5 s without a status
            assertTrue(TestSubscriber.await(10, () -> out.toString().contains(NODE + "        STALE: no status for")), "node marked stale: " + out);
            while (watch.isAlive() && seq < 200) { // then statuses until --count is reached
                pub.publish(Topics.status(NODE), status(seq++));
                watch.join(50);
            }
            watch.join(10_000);
            assertFalse(watch.isAlive());
            assertEquals(0, code[0], out.toString());
            String text = out.toString();
            assertTrue(text.contains(" | mxc 20.00mK STALE | still BAD | 4k 4.100K | "), "stale and bad values marked, good ones not: " + text);
            assertTrue(text.contains(" | ARMED 1 alarm (1 unacked)"), "active alarms on the status line: " + text);
            assertTrue(text.contains("ALARM RAISED #1 CRITICAL OVER_TEMPERATURE stage=mxc ACTIVE"), "the alarm event line: " + text);
        }
    }

    /**
     * Issue 18.3: watch trusts the topic. A Death, a status and a CRITICAL alarm event claiming
     * node w-1 but published under another node's topics are flagged and not shown as w-1's.
     */
    @Test
    void aPayloadWhoseNodeIdDisagreesWithItsTopicIsFlaggedAndIgnored() throws Exception {
        assumeTrue(MosquittoProcess.available(), "mosquitto not installed");
        try (MosquittoProcess broker = MosquittoProcess.start(tmp.resolve("broker"), "");
             TestSubscriber pub = new TestSubscriber(broker.uri(), NODE)) {
            StringWriter out = new StringWriter();
            Thread watch = new Thread(() -> CryoMain.execute(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                    "watch", "--broker", broker.uri(), "--count", "1000", "--timeout", "30"));
            watch.setDaemon(true);
            watch.start();
            int seq = 0;
            while (seq < 100) {
                pub.publish(Topics.status(NODE), status(seq++));
                if (TestSubscriber.await(0.2, () -> out.toString().contains(NODE))) {
                    break;
                }
            }
            pub.publish(Topics.state("observer"), cryo.v1.NodeState.newBuilder().setDeath(cryo.v1.Death.newBuilder().setNodeId(NODE)
                    .setBdSeq(9)).build().toByteArray());
            pub.publish(Topics.status("observer"), status(77));
            pub.publish(Topics.alarm("observer"), AlarmEvent.newBuilder().setNodeId(NODE).setEventId(99).setKind(AlarmEventKind.ALARM_RAISED)
                    .setAlarm(TRIP).build().toByteArray());
            assertTrue(TestSubscriber.await(10, () -> out.toString().split("observer IGNORED", -1).length - 1 == 3), () -> "three flagged: " + out);
            String text = out.toString();
            assertFalse(text.contains(NODE + "        DEATH"), "no forged Death shown as w-1's: " + text);
            assertFalse(text.contains("ALARM RAISED"), "no forged alarm shown: " + text);
            assertFalse(text.contains("seq= 77"), "no forged status shown: " + text);
            assertTrue(text.contains("observer IGNORED: a NodeState on cryo/v1/observer/state claims node 'w-1' (forged or misrouted"), text);
        }
    }
}
