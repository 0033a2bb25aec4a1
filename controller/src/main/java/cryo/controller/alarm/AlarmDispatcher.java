package cryo.controller.alarm;


import cryo.v1.AlarmEvent;
import java.io.IOException;
import java.util.concurrent.locks.LockSupport;

/**
 * Drains the alarm channel on its own thread ("cryo-alarms"): turns each slot into a
 * cryo.v1.AlarmEvent, appends it to the journal (fsynced), then hands it to the {@link AlarmSink}.
 * Journal first, so an event a supervisor saw is always on disk. Allocation happens here, never
 * on the ring thread.
 */
public final class AlarmDispatcher implements AutoCloseable {
    private final AlarmEventChannel channel;
    private final AlarmJournal journal;
    private final AlarmSink sink;
    private final String nodeId;
    private final AlarmNames names;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile long delivered;
    private volatile long journalErrors;
    private volatile long sinkErrors;
    private volatile String lastError = "";

    private final java.util.function.LongSupplier wallClockMillis;

    /** @param journal null to keep alarms in memory only (tests, a node without a state directory) */
    public AlarmDispatcher(AlarmEventChannel channel, AlarmJournal journal, AlarmSink sink, String nodeId, AlarmNames names) {
        this(channel, journal, sink, nodeId, names, null);
    }

    /** @param wallClockMillis stamps each event's wall_time_unix_millis (null: left 0) */
    public AlarmDispatcher(AlarmEventChannel channel, AlarmJournal journal, AlarmSink sink, String nodeId, AlarmNames names,
                           java.util.function.LongSupplier wallClockMillis) {
        this.wallClockMillis = wallClockMillis;
        this.channel = channel;
        this.journal = journal;
        this.sink = sink == null ? AlarmSink.NONE : sink;
        this.nodeId = nodeId;
        this.names = names;
        this.thread = new Thread(this::loop, "cryo-alarms");
        this.thread.setDaemon(true);
        channel.bindConsumer(thread);
    }

    public AlarmDispatcher start() {
        thread.start();
        return this;
    }

    private void loop() {
        while (running || channel.pending() > 0) {
            AlarmEventSlot s = channel.poll();
            if (s == null) {
                LockSupport.parkNanos(10_000_000L);
                continue;
            }
            AlarmEvent e = toProto(s);
            channel.release();
            if (journal != null) {
                try {
                    journal.append(e);
                } catch (IOException ex) {
                    journalErrors++;
                    lastError = "alarm journal " + journal.path() + ": " + ex.getMessage();
                }
            }
            try {
                sink.onAlarmEvent(e);
            } catch (RuntimeException ex) {
                sinkErrors++;
                lastError = "alarm sink: " + ex;
            }
            delivered++;
        }
    }

    AlarmEvent toProto(AlarmEventSlot s) {
        return AlarmEvent.newBuilder()
                .setNodeId(nodeId)
                .setEventId(s.eventId)
                .setKind(s.kind)
                .setBoardTicks(s.boardTicks)
                .setOperatorId(s.operatorId == null ? "" : s.operatorId)
                .setWallTimeUnixMillis(wallClockMillis == null ? 0 : wallClockMillis.getAsLong())
                .setAlarm(names.toProto(s.alarm))
                .build();
    }

    /** Events journalled and handed to the sink so far. */
    public long delivered() {
        return delivered;
    }

    public long journalErrors() {
        return journalErrors;
    }

    public long sinkErrors() {
        return sinkErrors;
    }

    public String lastError() {
        return lastError;
    }

    /** Stops after delivering what is queued (bounded wait). */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException ignored) {
                // closing after the last fsync: nothing is lost
            }
        }
    }

}
