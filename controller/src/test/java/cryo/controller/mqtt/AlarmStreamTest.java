package cryo.controller.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cryo.controller.app.Controller;
import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.interlock.SafetyOptions;
import cryo.controller.ring.ControlRing;
import cryo.controller.ring.RingStage;
import cryo.controller.telemetry.StatusBuilder;
import cryo.controller.telemetry.TelemetryStage;
import cryo.hal.device.BoardClock;
import cryo.sim.board.LockStepDriver;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.AcknowledgeAlarm;
import cryo.v1.Alarm;
import cryo.v1.AlarmEvent;
import cryo.v1.AlarmEventKind;
import cryo.v1.Command;
import cryo.v1.Status;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alarm events come from the interlock's own event stream (AlarmSink → outbox → cryo/v1/NODE/alarm),
 * not from successive statuses: an alarm raised and cleared between two statuses still arrives as
 * its events, and events stored while the broker is away survive a controller restart and arrive
 * once each, in order, flagged historical. Lock-step board time; a real Mosquitto.
 */
class AlarmStreamTest {
    private static final String NODE = "stream-1";
    private static final double STATUS_SECONDS = 60;

    @TempDir
    Path tmp;

    @Test
    void anAlarmRaisedAndClearedWithinOneStatusPeriodArrivesAsItsEvents() throws Exception {
        assumeTrue(MosquittoProcess.available(), "mosquitto not installed");
        try (MosquittoProcess broker = MosquittoProcess.start(tmp.resolve("broker"), "");
             TestSubscriber sub = new TestSubscriber(broker.uri(), NODE)) {
            try (LockStepNode n = new LockStepNode(broker.uri(), tmp.resolve("state"))) {
                assertTrue(TestSubscriber.await(10, n.session::connected), "session up");
                n.driver.run(1.0);
                long startTicks = n.board.clock().nowTicks();
                n.trip();
                n.clear("alice");
                long endTicks = n.board.clock().nowTicks();
                assertTrue(endTicks - startTicks < BoardClock.fromSeconds(STATUS_SECONDS),
                        "raised and cleared within one status period: " + BoardClock.toSeconds(endTicks - startTicks) + " s");
                assertTrue(TestSubscriber.await(10, () -> kinds(sub).contains(AlarmEventKind.ALARM_CLEARED_EVENT)),
                        () -> "cleared event arrives: " + kinds(sub));
                for (Status s : sub.copy(sub.statuses)) {
                    assertFalse(s.getBoardTimeTicks() > startTicks && s.getBoardTimeTicks() <= endTicks,
                            "no status between raise and clear (cadence " + STATUS_SECONDS + " s, no report by exception)");
                }
            }
            List<AlarmEvent> ev = sub.copy(sub.alarms);
            assertEquals(AlarmEventKind.ALARM_RAISED, ev.get(0).getKind(), "first event: " + kinds(sub));
            assertEquals(AlarmEventKind.ALARM_CLEARED_EVENT, ev.get(ev.size() - 1).getKind(), "last event: " + kinds(sub));
            long alarmId = ev.get(0).getAlarm().getAlarmId();
            for (int i = 0; i < ev.size(); i++) {
                AlarmEvent e = ev.get(i);
                assertEquals(alarmId, e.getAlarm().getAlarmId(), "one alarm");
                assertFalse(e.getHistorical(), "live, not historical: " + e);
                assertEquals(NODE, e.getNodeId());
                if (i > 0) {
                    assertEquals(ev.get(i - 1).getEventId() + 1, e.getEventId(), "consecutive event ids");
                    assertTrue(e.getBoardTicks() >= ev.get(i - 1).getBoardTicks(), "board time does not go back");
                }
            }
            assertTrue(ev.get(ev.size() - 1).getBoardTicks() > ev.get(0).getBoardTicks(), "raised and cleared at their own board times");
            // and no status the supervisor saw ever showed it: statuses alone would have missed it
            for (Status s : sub.copy(sub.statuses)) {
                for (Alarm a : s.getActiveAlarmsList()) {
                    assertTrue(a.getAlarmId() != alarmId, "status " + s.getSeq() + " shows the alarm");
                }
            }
        }
    }

    @Test
    void eventsStoredDuringAnOutageSurviveAControllerRestartAndArriveOnceInOrder() throws Exception {
        assumeTrue(MosquittoProcess.available(), "mosquitto not installed");
        String persistence = "persistence true\npersistence_location " + tmp.resolve("broker") + "/\n"
                + "autosave_interval 1\nautosave_on_changes true\n";
        Path state = tmp.resolve("state");
        try (MosquittoProcess broker = MosquittoProcess.start(tmp.resolve("broker"), persistence);
             TestSubscriber sub = new TestSubscriber(broker.uri(), NODE, "supervisor-stream", true, null)) {
            long liveEvents;
            try (LockStepNode a = new LockStepNode(broker.uri(), state)) {
                assertTrue(TestSubscriber.await(10, a.session::connected), "session up");
                a.trip();
                assertTrue(TestSubscriber.await(10, () -> kinds(sub).contains(AlarmEventKind.ALARM_RAISED)), "raised live");
                liveEvents = sub.copy(sub.alarms).size();
                broker.kill();
                assertTrue(TestSubscriber.await(10, () -> !a.session.connected()), "session notices the outage");
                a.clear("alice"); // cause gone, acknowledged, cleared: stored, not published
                a.trip();         // a second alarm raised during the outage
                assertTrue(TestSubscriber.await(10, () -> a.sink.appended() >= liveEvents + 4), "events stored: " + a.sink.appended());
            } // the controller stops with the broker still away
            try (LockStepNode b = new LockStepNode(broker.uri(), state)) {
                // its Birth (published when the broker returns) lists the alarm restored from the journal
                assertTrue(b.session.birth().getAlarmsCount() >= 1, "restored alarm in the Birth: " + b.session.birth().getAlarmsList());
                // the restarted controller restored the latched alarm from its journal; clearing it
                // adds more events, still during the outage, numbered on from the journal
                b.driver.run(1.0);
                b.clear("bob");
                broker.restart();
                sub.connect();
                assertTrue(TestSubscriber.await(15, () -> b.outbox.pending() == 0), () -> "outbox drained: " + b.outbox.pending());
                long expected = b.outbox.lastKindSeq(Outbox.ALARM_EVENT);
                assertTrue(TestSubscriber.await(10, () -> {
                    List<AlarmEvent> got = sub.copy(sub.alarms);
                    return !got.isEmpty() && got.get(got.size() - 1).getEventId() == expected;
                }), () -> "every stored event arrives, up to " + expected + ": " + kinds(sub));
            }
            List<AlarmEvent> ev = sub.copy(sub.alarms);
            Set<Long> ids = new HashSet<>();
            for (int i = 0; i < ev.size(); i++) {
                AlarmEvent e = ev.get(i);
                assertTrue(ids.add(e.getEventId()), "event " + e.getEventId() + " delivered once: " + kinds(sub));
                if (i > 0) {
                    assertEquals(ev.get(i - 1).getEventId() + 1, e.getEventId(), "in order, none lost, at " + i + ": " + kinds(sub));
                }
                assertEquals(i >= liveEvents, e.getHistorical(), "stored during the outage = historical, at " + i);
            }
            // a trip may raise more than one alarm (e.g. over-temperature and a sensor jump); each
            // raised one is cleared exactly once, after it was raised
            Set<Long> raised = new HashSet<>();
            Set<Long> cleared = new HashSet<>();
            for (AlarmEvent e : ev) {
                long id = e.getAlarm().getAlarmId();
                if (e.getKind() == AlarmEventKind.ALARM_RAISED) {
                    assertTrue(raised.add(id), "raised once: " + id);
                } else if (e.getKind() == AlarmEventKind.ALARM_CLEARED_EVENT) {
                    assertTrue(raised.contains(id) && cleared.add(id), "cleared once, after raised: " + id);
                }
            }
            assertTrue(raised.size() >= 2, "an alarm before and one during the outage: " + kinds(sub));
            assertEquals(raised, cleared, "every raised alarm cleared: " + kinds(sub));
        }
    }

    private static List<AlarmEventKind> kinds(TestSubscriber sub) {
        List<AlarmEventKind> k = new ArrayList<>();
        for (AlarmEvent e : sub.copy(sub.alarms)) {
            k.add(e.getKind());
        }
        return k;
    }

    /** The node as `cryo run` wires it, in lock-step board time; statuses only every minute of board time. */
    private static final class LockStepNode implements AutoCloseable {
        final SimulatedBoard board = SimulatedBoards.mixingChamber(3);
        final Outbox outbox;
        final AlarmOutboxSink sink;
        final Controller controller;
        final LockStepDriver driver;
        final StatusPublisher session;

        LockStepNode(String uri, Path state) throws Exception {
            ControllerConfig d = DefaultConfig.mixingChamber(NODE, board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve());
            ControllerConfig config = new ControllerConfig(NODE, d.firmwareVersion(), d.tickIntervalSeconds(), STATUS_SECONDS,
                    d.watchdogTimeoutMillis(), d.sensors(), d.loops(), d.overTemperature());
            outbox = Outbox.open(state, 1000);
            Path journal = state.resolve("alarms.journal");
            sink = AlarmOutboxSink.open(outbox, journal);
            controller = Controller.create(config, board, board.clock(), ControlRing.defaultWaitStrategy(), (c, ok, w, t) -> { },
                    new SafetyOptions(journal, sink, null));
            for (RingStage s : controller.stages()) {
                if (s instanceof TelemetryStage t) {
                    t.setDeadbandFraction(0); // statuses only at the cadence: nothing reports the alarm in between
                }
            }
            controller.start();
            driver = new LockStepDriver(board, config.tickIntervalSeconds(), controller::step);
            session = new StatusPublisher(BrokerOptions.plain(uri), config, controller.statusChannel(), new StatusBuilder(config),
                    System::nanoTime).outbox(outbox).alarms(sink).start();
        }

        void trip() {
            board.mockTemperatureKelvin(SimulatedBoards.MXC_THERMOMETER, 6.0);
            for (int i = 0; i < 100 && !controller.interlock().tripped(); i++) {
                driver.run(0.1);
            }
            assertTrue(controller.interlock().tripped(), "interlock trips");
        }

        /** Brings the reading back in range and acknowledges until the interlock re-arms (cause gone). */
        void clear(String operator) {
            board.mockTemperatureKelvin(SimulatedBoards.MXC_THERMOMETER, 3.0);
            for (int i = 0; i < 50 && controller.interlock().tripped(); i++) {
                driver.run(0.2);
                controller.submit(Command.newBuilder().setCorrelationId(operator + "-ack-" + i).setOperatorId(operator)
                        .setTargetNode(NODE).setAcknowledgeAlarm(AcknowledgeAlarm.newBuilder()).build());
                driver.run(0.1);
            }
            assertFalse(controller.interlock().tripped(), "re-armed after acknowledgement");
        }

        @Override
        public void close() throws Exception {
            controller.close(); // the dispatcher delivers what is queued to the sink first
            session.close();
            outbox.close();
        }
    }
}
