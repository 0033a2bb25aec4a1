package cryo.workstation.cli;

import com.google.protobuf.InvalidProtocolBufferException;
import cryo.controller.mqtt.Topics;
import cryo.v1.AlarmEvent;
import cryo.v1.NodeState;
import cryo.v1.Status;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code cryo watch}: subscribes to every node's status and session and prints them decoded. */
@Command(name = "watch", mixinStandardHelpOptions = true, description = "Print the decoded statuses of every node on a broker.")
public final class WatchCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "MQTT broker (default ${DEFAULT-VALUE})")
    String broker;

    @Mixin
    BrokerAuthOptions auth;

    @Option(names = "--stale-after", defaultValue = "3", description = "mark a node stale after this many seconds without a status (default ${DEFAULT-VALUE})")
    double staleAfterSeconds;

    @Option(names = "--count", defaultValue = "0", description = "exit after this many statuses (0 = forever)")
    long count;

    @Option(names = "--timeout", defaultValue = "0", description = "exit non-zero after this many seconds without --count statuses (0 = never)")
    double timeoutSeconds;

    @Mixin
    StatusLineOptions lineOptions;

    @Option(names = "--csv", paramLabel = "FILE", description = "log every status as a CSV row to FILE (header first; a node with other stages to FILE-NODE.csv; see --rotate-mb, --rotate-daily)")
    Path csvFile;

    @Mixin
    LogRotationOptions rotation;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        int columns = lineOptions.columns();
        if (count < 0) {
            throw new UserError("--count " + count + " is negative (0 = forever)");
        }
        if (!(timeoutSeconds >= 0) || timeoutSeconds > 1e9) {
            throw new UserError("--timeout " + timeoutSeconds + " outside 0..1e9 s (0 = never)");
        }
        if (!(staleAfterSeconds > 0) || staleAfterSeconds > 1e6) {
            throw new UserError("--stale-after " + staleAfterSeconds + " outside (0, 1e6] s");
        }
        StatusCsvLog csv = rotation.open("--csv", csvFile);
        java.util.concurrent.atomic.AtomicReference<String> logFailure = new java.util.concurrent.atomic.AtomicReference<>();
        Map<String, Long> lastSeenNanos = new ConcurrentHashMap<>();
        Map<String, Boolean> markedStale = new ConcurrentHashMap<>();
        AtomicLong seen = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        SupervisorClient client = new SupervisorClient(auth.toOptions(broker), "cryo-watch-");
        client.subscribe(Topics.ROOT + "+/status", 0, (topic, payload) -> {
            try {
                Status s = Status.parseFrom(payload);
                if (flagged(out, topic, s)) {
                    return;
                }
                String node = Topics.nodeOf(topic);
                lastSeenNanos.put(node, System.nanoTime());
                markedStale.remove(node);
                synchronized (out) {
                    out.println(StatusLineFormat.format(s, java.time.LocalTime.now(), node, columns));
                    if (csv != null && logFailure.get() == null) {
                        try {
                            csv.write(s);
                        } catch (RuntimeException e) {
                            logFailure.set("--csv: " + CryoMain.oneLine(e)); // a watch that was asked to log and cannot ends, saying why
                            done.countDown();
                        }
                    }
                    out.flush();
                }
                if (count > 0 && seen.incrementAndGet() >= count) {
                    done.countDown();
                }
            } catch (InvalidProtocolBufferException e) {
                synchronized (out) {
                    out.printf("%s: undecodable status (%d bytes)%n", topic, payload.length);
                }
            }
        });
        client.subscribe(Topics.ROOT + "+/state", 1, (topic, payload) -> {
            try {
                NodeState st = NodeState.parseFrom(payload);
                if (flagged(out, topic, st)) {
                    return;
                }
                String node = Topics.nodeOf(topic);
                synchronized (out) {
                    if (st.hasBirth()) {
                        out.printf("%s %-10s BIRTH bd_seq=%d firmware %s%n", now(), node, st.getBirth().getBdSeq(), st.getBirth().getFirmwareVersion());
                    } else if (st.hasDeath()) {
                        out.printf("%s %-10s DEATH bd_seq=%d %s%n", now(), node, st.getDeath().getBdSeq(), st.getDeath().getClean() ? "(clean)" : "(connection lost)");
                    }
                    out.flush();
                }
            } catch (InvalidProtocolBufferException e) {
                // not ours
            }
        });
        client.subscribe(Topics.ROOT + "+/alarm", 1, (topic, payload) -> {
            try {
                AlarmEvent e = AlarmEvent.parseFrom(payload);
                if (flagged(out, topic, e)) {
                    return;
                }
                String node = Topics.nodeOf(topic);
                synchronized (out) {
                    if (!firstDelivery(node, e)) {
                        return; // QoS 1 delivered it again after a broker restart: shown once
                    }
                    // wall-clock (the node's journal time) and board time: a lab log is read against both
                    out.printf("%s %-10s ALARM %s%s %s (board t=%.1fs)%n", wallTime(e), node,
                            e.getKind().name().replace("ALARM_", "").replace("_EVENT", ""), e.getHistorical() ? " (historical)" : "",
                            AlarmsCommand.format(e.getAlarm()), cryo.hal.device.BoardClock.toSeconds(e.getBoardTicks()));
                    out.flush();
                }
            } catch (InvalidProtocolBufferException e) {
                // not ours
            }
        });
        Thread staleness = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                long now = System.nanoTime();
                for (Map.Entry<String, Long> e : lastSeenNanos.entrySet()) {
                    double age = (now - e.getValue()) / 1e9;
                    if (age > staleAfterSeconds && markedStale.putIfAbsent(e.getKey(), true) == null) {
                        synchronized (out) {
                            out.printf("%s %-10s STALE: no status for %.1f s (values above are old)%n", now(), e.getKey(), age);
                            out.flush();
                        }
                    }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(250_000_000L);
            }
        }, "cryo-watch-stale");
        staleness.setDaemon(true);
        staleness.start();
        boolean ok = true;
        if (timeoutSeconds > 0) {
            ok = done.await((long) (timeoutSeconds * 1000), TimeUnit.MILLISECONDS);
        } else {
            done.await();
        }
        staleness.interrupt();
        client.close();
        if (csv != null) {
            csv.close();
        }
        if (logFailure.get() != null) {
            throw new UserError(logFailure.get());
        }
        if (!ok) {
            throw new UserError("saw " + seen.get() + " statuses of " + count + " within " + timeoutSeconds + " s");
        }
        return 0;
    }

    private final Map<String, java.util.Set<Long>> recentEventIds = new java.util.HashMap<>();

    /** Flags (one line) and says true for a payload whose node id disagrees with its topic: it is not shown. */
    private static boolean flagged(PrintWriter out, String topic, com.google.protobuf.Message m) {
        String why = TopicTrust.disagreement(topic, m);
        if (why == null) {
            return false;
        }
        synchronized (out) {
            out.println(why);
            out.flush();
        }
        return true;
    }

    /** False for an alarm event already shown (same node, same event id); remembers the last 4096 per node. */
    boolean firstDelivery(AlarmEvent e) {
        return firstDelivery(e.getNodeId(), e);
    }

    /** As {@link #firstDelivery(AlarmEvent)}, for the node of the topic it came on. */
    boolean firstDelivery(String node, AlarmEvent e) {
        java.util.Set<Long> ids = recentEventIds.computeIfAbsent(node, k -> java.util.Collections.newSetFromMap(
                new java.util.LinkedHashMap<Long, Boolean>() {
                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                        return size() > 4096;
                    }
                }));
        return ids.add(e.getEventId());
    }

    /** Wall-clock time of day for the lines watch prints: HH:mm:ss local. */
    static String now() {
        return java.time.LocalTime.now().format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss"));
    }

    /** The wall-clock time an alarm event was journalled on the node (its host's clock), else when it arrived here. */
    static String wallTime(AlarmEvent e) {
        if (e.getWallTimeUnixMillis() <= 0) {
            return now();
        }
        return java.time.Instant.ofEpochMilli(e.getWallTimeUnixMillis()).atZone(java.time.ZoneId.systemDefault()).toLocalTime()
                .format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss"));
    }
}
