package cryo.controller.mqtt;

import cryo.controller.ring.CommandSink;
import cryo.v1.Command;
import cryo.v1.CommandResult;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The command path between MQTT and the ring, on its own thread ("cryo-mqtt-cmd"):
 * <ol>
 *   <li>a Paho callback hands the raw payload over with {@link #offer} (a lock-free queue, never
 *       blocking: Paho deadlocks when callbacks do real work);</li>
 *   <li>this thread checks it ({@link CommandGate}), deduplicates on correlation id
 *       ({@link CommandLedger}) and submits it to the ring, or refuses it;</li>
 *   <li>the ring answers through {@link #onResult} on the ring thread (a lock-free queue again);</li>
 *   <li>this thread records the answer, audits it and forces the {@link CommandResult} into the
 *       outbox, from which the session publishes it at QoS 1.</li>
 * </ol>
 * A command is executed at most once per correlation id and answered at least once: a repeat
 * of an answered id is refused as a replay (duplicate, not executed again) carrying the first
 * answer in {@code first_result}. A signed command whose id the ledger may have forgotten
 * (capacity) is refused too while its signature window is open ({@link #replayOfForgotten}).
 *
 * <p>Load: the queue between Paho and this thread holds at most {@link #MAX_QUEUED} payloads and
 * {@link #MAX_QUEUED_BYTES} bytes. A command beyond that is refused for load, never silently
 * dropped: the callback reads its ids only ({@link CommandGate#peekIds}) into a second bounded
 * queue and this thread answers it {@code busy: resend} with the queue depth (not remembered by
 * the ledger, so the resend runs). Only when that queue is full too is a command left without an
 * answer; those are counted ({@link #unanswered}, in Status and in the audit log).
 */
public final class CommandAdapter implements CommandSink, AutoCloseable {
    public static final int MAX_QUEUED = 256;
    /** Bytes of queued payloads (a 64 MB heap holds 256 commands of 256 KiB only this way). */
    public static final int MAX_QUEUED_BYTES = 4 * 1024 * 1024;
    /** Commands refused for load waiting for their answer (ids only: at most ~300 bytes each). */
    public static final int MAX_BUSY = 8192;
    /** Reason prefix of a refusal for load; the command was not run, resend it. */
    public static final String BUSY = "busy: resend";
    private static final int BUSY_BATCH = 1024;

    private record RingResult(Command command, boolean accepted, String reason, long boardTicks) {
    }

    /** A command refused for load: what is needed to answer it. */
    private record Busy(CommandGate.Ids ids, int depth, int depthBytes) {
    }

    private final String nodeId;
    private final CommandGate gate;
    private final CommandLedger ledger;
    private final AuditLog audit;
    private final ConcurrentLinkedQueue<byte[]> inbound = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inboundSize = new AtomicInteger();
    private final ConcurrentLinkedQueue<RingResult> results = new ConcurrentLinkedQueue<>();
    private final AtomicInteger inboundBytes = new AtomicInteger();
    private final ConcurrentLinkedQueue<Busy> busy = new ConcurrentLinkedQueue<>();
    private final AtomicInteger busySize = new AtomicInteger();
    private final AtomicLong refusedForLoad = new AtomicLong();
    private final AtomicLong unanswered = new AtomicLong();
    private long unansweredAudited; // command thread
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String lastError = "";
    private volatile Predicate<Command> submit;
    private volatile Outbox outbox;
    private volatile LongSupplier liveEpoch = () -> -1;
    private volatile Runnable published = () -> { };
    private volatile Runnable rebirth = () -> { };

    public CommandAdapter(String nodeId, CommandGate gate, CommandLedger ledger, AuditLog audit) {
        this.nodeId = nodeId;
        this.gate = gate;
        this.ledger = ledger;
        this.audit = audit;
        this.thread = new Thread(this::loop, "cryo-mqtt-cmd");
        this.thread.setDaemon(true);
    }

    /** Where accepted commands go (Controller::submit); false from it means the ring is full. */
    public CommandAdapter submitTo(Predicate<Command> ringSubmit) {
        this.submit = ringSubmit;
        return this;
    }

    /** Wired by the session: the outbox, the live connection epoch, a wake-up and a rebirth request. */
    void attach(Outbox box, LongSupplier epoch, Runnable wakePublisher, Runnable requestRebirth) {
        this.outbox = box;
        this.liveEpoch = epoch;
        this.published = wakePublisher;
        this.rebirth = requestRebirth;
    }

    public CommandAdapter start() {
        if (submit == null) {
            throw new IllegalStateException("submitTo(...) not called");
        }
        thread.start();
        return this;
    }

    /**
     * Paho callback thread: hands a payload over without blocking. False when the queue is full:
     * the command is then answered {@code busy: resend} (or, past {@link #MAX_BUSY} of those
     * waiting, counted as unanswered).
     */
    public boolean offer(byte[] payload) {
        int n = payload == null ? 0 : payload.length;
        int depth = inboundSize.incrementAndGet();
        int bytes = inboundBytes.addAndGet(n);
        if (depth > MAX_QUEUED || bytes > MAX_QUEUED_BYTES && depth > 1) {
            inboundSize.decrementAndGet();
            inboundBytes.addAndGet(-n);
            refuseForLoad(payload, depth - 1, bytes - n);
            LockSupport.unpark(thread);
            return false;
        }
        inbound.offer(payload);
        LockSupport.unpark(thread);
        return true;
    }

    private void refuseForLoad(byte[] payload, int depth, int depthBytes) {
        if (busySize.incrementAndGet() > MAX_BUSY) {
            busySize.decrementAndGet();
            unanswered.incrementAndGet();
            return;
        }
        busy.offer(new Busy(CommandGate.peekIds(payload), depth, depthBytes));
    }

    /** Ring thread: the outcome of a command. Never blocks (lock-free queue, then an unpark). */
    @Override
    public void onResult(Command command, boolean accepted, String reason, long boardTicks) {
        results.offer(new RingResult(command, accepted, reason, boardTicks));
        LockSupport.unpark(thread);
    }

    private void loop() {
        while (running) {
            boolean worked = false;
            RingResult r;
            while ((r = results.poll()) != null) {
                worked = true;
                answer(r);
            }
            if (!busy.isEmpty()) {
                worked = true;
                answerBusy();
            }
            auditUnanswered();
            byte[] p = inbound.poll();
            if (p != null) { // one at a time: results and refusals for load first, they only cost an append
                inboundSize.decrementAndGet();
                inboundBytes.addAndGet(-p.length);
                worked = true;
                handle(p);
            }
            if (!worked) {
                LockSupport.parkNanos(100_000_000L);
            }
        }
    }

    /** Checks and routes one payload. Package-private so tests can drive it synchronously. */
    void handle(byte[] payload) {
        try {
            CommandGate.Verdict v = gate.check(payload);
            if (v.refused()) {
                refuse(v, v.refusal(), "refused");
                return;
            }
            Command c = v.command();
            if (v.signed() && ledger.mayHaveForgotten(c.getCorrelationId(), c.getIssuedUnixMillis())) {
                refuse(v, replayOfForgotten(c, ledger.forgottenIssuedUnixMillis()), "refused");
                return;
            }
            byte[] hash = sha256(v.commandBytes());
            CommandLedger.Seen seen = ledger.begin(c.getCorrelationId(), hash, c.getIssuedUnixMillis());
            if (seen != null) {
                duplicates.incrementAndGet();
                if (!CommandLedger.sameCommand(seen, hash)) {
                    refuse(v, "correlation_id '" + c.getCorrelationId() + "' was already used for a different command", "refused");
                } else if (seen.answer() == null) {
                    audit.record("duplicate", v.correlationId(), v.operatorId(), v.keyId(), action(c), "in-flight", "first copy not answered yet; its answer follows");
                } else {
                    CommandResult replay = replay(seen.answer(), v.operatorId());
                    audit.record("duplicate", v.correlationId(), v.operatorId(), v.keyId(), action(c), "refused", replay.getReason());
                    publishResult(replay);
                }
                return;
            }
            if (c.getActionCase() == Command.ActionCase.REQUEST_REBIRTH) {
                rebirth.run();
                finish(c, true, "rebirth requested", 0, v.keyId());
                return;
            }
            audit.record("received", v.correlationId(), v.operatorId(), v.keyId(), action(c), "submitted", "");
            if (!submit.test(c)) {
                ledger.forget(c.getCorrelationId());
                refuse(v, BUSY + " (the control ring's command queue is full)", "refused");
                return;
            }
            submitted.incrementAndGet();
        } catch (IOException | RuntimeException e) {
            lastError = "command handling: " + e.getMessage();
        }
    }

    /** Answers up to {@link #BUSY_BATCH} refusals for load with one audit fsync and one outbox fsync. */
    private void answerBusy() {
        List<AuditLog.Line> lines = new ArrayList<>();
        List<byte[]> answers = new ArrayList<>();
        Busy b;
        while (answers.size() < BUSY_BATCH && (b = busy.poll()) != null) {
            busySize.decrementAndGet();
            long n = refusedForLoad.incrementAndGet();
            refused.incrementAndGet();
            String why = BUSY + " (command queue full: " + b.depth() + " of " + MAX_QUEUED + " commands, " + b.depthBytes() + " of "
                    + MAX_QUEUED_BYTES + " bytes queued; " + n + " refused for load since start); not run";
            CommandGate.Ids ids = b.ids();
            lines.add(new AuditLog.Line("result", ids.correlationId(), ids.operatorId(), ids.keyId(), ids.action(), "refused", why));
            answers.add(CommandResult.newBuilder()
                    .setCorrelationId(ids.correlationId())
                    .setAccepted(false)
                    .setReason(why)
                    .setNodeId(nodeId)
                    .setOperatorId(ids.operatorId())
                    .build().toByteArray());
        }
        try {
            audit.recordAll(lines);
            Outbox box = outbox;
            if (box == null) {
                throw new IOException("no outbox attached: " + answers.size() + " refusals for load not stored");
            }
            box.appendResults(answers, liveEpoch.getAsLong());
            published.run();
        } catch (IOException | RuntimeException e) {
            lastError = "busy answers: " + e.getMessage();
        }
    }

    /** One audit line whenever more commands were left unanswered (the busy queue was full too). */
    private void auditUnanswered() {
        long n = unanswered.get();
        if (n != unansweredAudited) {
            try {
                audit.record("dropped", "", "", "", "-", "unanswered", (n - unansweredAudited) + " command(s) arrived while "
                        + MAX_QUEUED + " were queued and " + MAX_BUSY + " refusals for load waited: no answer possible (" + n
                        + " since start)");
                unansweredAudited = n;
            } catch (RuntimeException e) {
                lastError = "audit: " + e.getMessage();
            }
        }
    }

    /** The answer to a repeat of an answered id: refused, not executed again, carrying the first answer. */
    private CommandResult replay(CommandResult first, String operatorId) {
        CommandResult original = first.toBuilder().clearHistorical().clearDuplicate().clearFirstResult().build();
        return CommandResult.newBuilder()
                .setCorrelationId(first.getCorrelationId())
                .setAccepted(false)
                .setDuplicate(true)
                .setReason("replay of command " + first.getCorrelationId() + ": not executed again (first result: "
                        + (first.getAccepted() ? "accepted" : "refused") + ": " + first.getReason() + ")")
                .setNodeId(nodeId)
                .setOperatorId(operatorId)
                .setFirstResult(original)
                .build();
    }

    /**
     * Refusal of a signed command the ledger does not know although it was issued no later than
     * an id the ledger forgot for capacity: it may be that id replayed, so it is not run. (Once
     * older than the signature window it is refused as expired anyway.)
     */
    static String replayOfForgotten(Command c, long forgottenIssuedUnixMillis) {
        return "possible replay: correlation_id '" + c.getCorrelationId() + "' is not in the command ledger but was issued at "
                + c.getIssuedUnixMillis() + " ms, not after the newest forgotten command (" + forgottenIssuedUnixMillis
                + " ms); not executed, resend under a new correlation id with a fresh issue time";
    }

    private void answer(RingResult r) {
        try {
            finish(r.command(), r.accepted(), r.reason(), r.boardTicks(), "");
        } catch (IOException | RuntimeException e) {
            lastError = "command result: " + e.getMessage();
        }
    }

    private void finish(Command c, boolean accepted, String reason, long boardTicks, String keyId) throws IOException {
        CommandResult result = CommandResult.newBuilder()
                .setCorrelationId(c.getCorrelationId())
                .setAccepted(accepted)
                .setReason(reason == null ? "" : reason)
                .setNodeId(nodeId)
                .setBoardTicks(boardTicks)
                .setOperatorId(c.getOperatorId())
                .setJobId(cryo.controller.jobs.JobValidation.jobId(c))
                .build();
        ledger.answer(result);
        audit.record("result", c.getCorrelationId(), c.getOperatorId(), keyId, action(c), accepted ? "accepted" : "refused", result.getReason());
        answered.incrementAndGet();
        publishResult(result);
    }

    private void refuse(CommandGate.Verdict v, String why, String verdict) throws IOException {
        refused.incrementAndGet();
        audit.record("result", v.correlationId(), v.operatorId(), v.keyId(), v.command() == null ? "-" : action(v.command()), verdict, why);
        publishResult(CommandResult.newBuilder()
                .setCorrelationId(v.correlationId())
                .setAccepted(false)
                .setReason(why)
                .setNodeId(nodeId)
                .setOperatorId(v.operatorId())
                .build());
    }

    private void publishResult(CommandResult r) throws IOException {
        Outbox box = outbox;
        if (box == null) {
            throw new IOException("no outbox attached: result for '" + r.getCorrelationId() + "' not stored");
        }
        box.append(Outbox.COMMAND_RESULT, seq -> r.toByteArray(), liveEpoch.getAsLong());
        published.run();
    }

    private static String action(Command c) {
        return c.getActionCase().name();
    }

    private static byte[] sha256(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Commands answered {@code busy: resend} since start (not run). */
    public long refusedForLoad() {
        return refusedForLoad.get();
    }

    /** Commands that arrived while both queues were full: not answered, only counted (Status, audit log). */
    public long unanswered() {
        return unanswered.get();
    }

    /** Payloads waiting for the command thread now. */
    public int queued() {
        return inboundSize.get();
    }

    public long refused() {
        return refused.get();
    }

    public long submitted() {
        return submitted.get();
    }

    public long answered() {
        return answered.get();
    }

    public long duplicates() {
        return duplicates.get();
    }

    public String lastError() {
        return lastError;
    }

    public boolean alive() {
        return thread.isAlive();
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
