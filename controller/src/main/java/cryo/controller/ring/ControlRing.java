package cryo.controller.ring;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.SequenceBarrier;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.dsl.ProducerType;
import cryo.v1.Command;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The one ring: ticks and commands enter as preallocated events; one thread runs the stages in
 * their fixed order, each the single writer of its own state.
 *
 * <p>One tick, in order (Controller builds the list):
 * <ol>
 *   <li>board input: reads every thermometer into the event (a failed read: NaN, counted as a
 *       failed transfer);</li>
 *   <li>interlock: the board's latched faults, then every sensor's and redundant pair's guard, then
 *       the board comparators' arming — all before any heater decision;</li>
 *   <li>heater loops: each loop's output from the sample (zero, and the loop switched off, while
 *       tripped), written to the board and read back; command and readback go into the event;</li>
 *   <li>pulse sequencer: streams the running sequence's entries (aborts it once tripped);</li>
 *   <li>interlock finish: each loop's guard on this pass's command and readback, the relay, the
 *       watchdog kick (only while armed: the pass got this far), then the bus judged over every
 *       transfer of the pass, each alarm's cause, and shelf expiry;</li>
 *   <li>telemetry: the status snapshot, at its cadence or on a change; then the slot is cleared.</li>
 * </ol>
 * A command passes the same stages; the stage that owns it applies it and writes the outcome,
 * which the ring reports to the {@link CommandSink} after the last stage.
 *
 * <p>One consumer thread rather than a thread per stage: every stage talks to the same board
 * bus, which has one owner, and on a 2–4 core single-board computer a thread per stage would
 * spend the latency budget on hand-offs.
 *
 * <p>A stage that throws does not end the ring thread (Disruptor's default handler would): the
 * failure goes to the {@link StageFailureHandler} (the interlock's trip path, which drives the safe
 * state at once) and the remaining stages of the same pass still run. Should that handler itself
 * throw, the ring thread stops: the watchdog kicks stop with it and the board cuts the heaters.
 */
public final class ControlRing implements AutoCloseable {
    private final RingBuffer<ControlEvent> ring;
    private final BatchEventProcessor<ControlEvent> processor;
    private final Thread thread;
    private final CommandSink results;
    private final EventHandler<ControlEvent> handler;
    /**
     * Lock-step on the caller's thread: set by {@link #startInline} instead of {@link #start}; the
     * ring thread never runs and {@link #awaitProcessed} runs the pending events itself.
     */
    private boolean inline;
    /** Stages that threw so far; written by the ring thread only. */
    private volatile long stageFailures;

    public ControlRing(int size, int sensors, WaitStrategy waitStrategy, List<RingStage> stages, CommandSink results,
                       StageFailureHandler failures) {
        this.results = results;
        RingStage[] chain = stages.toArray(new RingStage[0]);
        String[] names = new String[chain.length];
        for (int i = 0; i < chain.length; i++) {
            String n = chain[i].getClass().getSimpleName();
            names[i] = n.isEmpty() ? chain[i].getClass().getName() : n;
        }
        ring = RingBuffer.create(ProducerType.MULTI, () -> new ControlEvent(sensors), size, waitStrategy);
        SequenceBarrier barrier = ring.newBarrier();
        handler = (event, sequence, endOfBatch) -> {
            for (int i = 0; i < chain.length; i++) {
                try {
                    chain[i].onEvent(event);
                } catch (Throwable t) {
                    stageFailures++;
                    failures.onStageFailure(event, names[i], t);
                }
            }
            if (event.type == EventType.COMMAND && event.command != null) {
                CommandOutcome o = event.outcome;
                String reason = o.handled ? o.reason : "no stage handles this command";
                results.onResult(event.command, o.handled && o.accepted, reason, event.boardTicks);
            }
            event.clear();
        };
        processor = new BatchEventProcessorBuilder().build(ring, barrier, handler);
        ring.addGatingSequences(processor.getSequence());
        thread = new Thread(processor, "cryo-ring");
        thread.setDaemon(true);
    }

    public static WaitStrategy defaultWaitStrategy() {
        // lite-blocking: parks like blocking (no CPU while the ring is idle, which a Pi needs) but
        // the producer takes the lock only when the ring thread actually waits; in two quick runs
        // (docs/PERFORMANCE.md) blocking and lite-blocking traded places within the noise
        return new com.lmax.disruptor.LiteBlockingWaitStrategy();
    }

    public ControlRing start() {
        if (inline) {
            throw new IllegalStateException("ring already runs inline");
        }
        thread.start();
        return this;
    }

    /**
     * Lock-step in virtual time (the simulator): no ring thread; each {@link #awaitProcessed} runs
     * the events published so far on the calling thread, through the same stages in the same order
     * as the ring thread would, so a lock-step run spends no thread hand-off (a wake-up and a park
     * per tick) on a tick. From here on the thread that calls awaitProcessed is the ring's one
     * consumer: the stages' state is written by it alone. Publishing from another thread is still
     * safe; such events run at the next awaitProcessed.
     */
    public ControlRing startInline() {
        if (thread.isAlive()) {
            throw new IllegalStateException("ring thread already started");
        }
        inline = true;
        return this;
    }

    /** Publishes a control tick. Never blocks unless the ring is full (the consumer is stalled). */
    public long publishTick(long boardTicks, long publishNanos) {
        long seq = ring.next();
        ControlEvent e = ring.get(seq);
        e.type = EventType.TICK;
        e.boardTicks = boardTicks;
        e.publishNanos = publishNanos;
        ring.publish(seq);
        return seq;
    }

    /** Publishes a command unless the ring is full; returns false when it could not. */
    public boolean tryPublishCommand(Command command, long boardTicks) {
        return tryPublishCommand(command, null, boardTicks);
    }

    /**
     * Publishes a command with what the submitting thread prepared for it (a compiled sequence
     * plan), unless the ring is full; returns false when it could not.
     */
    public boolean tryPublishCommand(Command command, Object prepared, long boardTicks) {
        return ring.tryPublishEvent((e, seq, c, p, t) -> {
            e.type = EventType.COMMAND;
            e.command = c;
            e.prepared = p;
            e.boardTicks = t;
        }, command, prepared, boardTicks);
    }

    /** Waits until the ring thread has processed everything up to {@code sequence} (lock-step). */
    public void awaitProcessed(long sequence) {
        if (inline) {
            runInline(sequence);
            return;
        }
        int spins = 0;
        while (processor.getSequence().get() < sequence) {
            if (!thread.isAlive()) {
                throw new IllegalStateException("ring thread stopped");
            }
            if (++spins < 100) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(1_000);
            }
        }
    }

    /** Runs every published event up to {@code sequence} on this thread (inline lock-step). */
    private void runInline(long sequence) {
        com.lmax.disruptor.Sequence processed = processor.getSequence();
        long next = processed.get() + 1;
        long upTo = Math.min(sequence, ring.getCursor());
        // a slot claimed by another thread but not yet published ends the pass: it runs next time
        for (; next <= upTo && ring.isAvailable(next); next++) {
            try {
                handler.onEvent(ring.get(next), next, next == upTo);
            } catch (Exception e) {
                // the handler catches every stage's failure; only the failure handler itself can throw,
                // which on the ring thread would end it (and the watchdog kicks): here it ends the run
                throw new IllegalStateException("ring stage failure handler threw", e);
            }
            processed.set(next); // frees the slot for the producer, as the ring thread's sequence does
        }
    }

    /** Highest sequence published so far. */
    public long cursor() {
        return ring.getCursor();
    }

    public long processedSequence() {
        return processor.getSequence().get();
    }

    /** How many times a stage threw (each went to the trip path). */
    public long stageFailures() {
        return stageFailures;
    }

    public Thread thread() {
        return thread;
    }

    @Override
    public void close() {
        processor.halt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
