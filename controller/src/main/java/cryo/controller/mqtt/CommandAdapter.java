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
 * <p>Durability costs one fsync per file per pass, not per command: a pass takes every ring
 * answer waiting (up to {@link #BATCH}) and then every payload waiting (up to {@link #BATCH}),
 * writes their ledger records, audit lines and results, forces each file once, and only then
 * submits the accepted commands to the ring and lets the session publish the results (group
 * commit). At 2–3 ms per fsync on this disk, one fsync per command capped the node at a few
 * hundred answers a second. Refusals for load are answered between every few payloads of a pass
 * too, so a burst cannot overflow them while a pass waits for the disk.
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
    /**
     * Commands refused for load waiting for their answer (ids only, each clipped to 64 characters:
     * about 250 bytes each, 700 at most, so 4–11 MB). Large enough that a 10,000-message QoS 0
     * burst arriving while this thread waits out a slow fsync (over a second under I/O load, seen
     * here) is still answered: at 8,192 such a burst left commands unanswered.
     */
    public static final int MAX_BUSY = 16_384;
    /** Reason prefix of a refusal for load; the command was not run, resend it. */
    public static final String BUSY = "busy: resend";
    private static final int BUSY_BATCH = 1024;
    /** Ring answers, or payloads, taken in one pass (one fsync per file for all of them). */
    static final int BATCH = 64;
    /** Within a pass, refusals for load waiting are answered every this many payloads (a burst must not overflow them). */
    private static final int BUSY_EVERY = 16;

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
        List<byte[]> payloads = new ArrayList<>(BATCH);
        while (running) {
            boolean worked = false;
            if (!results.isEmpty()) {
                worked = true;
                answerResults();
            }
            if (!busy.isEmpty()) {
                worked = true;
                answerBusy();
            }
            auditUnanswered();
            byte[] p;
            while (payloads.size() < BATCH && (p = inbound.poll()) != null) {
                inboundSize.decrementAndGet();
                inboundBytes.addAndGet(-p.length);
                payloads.add(p);
            }
            if (!payloads.isEmpty()) {
                worked = true;
                handleAll(payloads);
                payloads.clear();
            }
            if (!worked) {
                LockSupport.parkNanos(100_000_000L);
            }
        }
    }

    /** What one pass writes before anything is relied on: audit lines, results to publish, commands to submit. */
    private static final class Pass {
        final List<AuditLog.Line> lines = new ArrayList<>();
        final List<byte[]> answers = new ArrayList<>();
        final List<CommandGate.Verdict> toSubmit = new ArrayList<>();
        boolean ledgerWritten;

        void audit(String event, CommandGate.Verdict v, String action, String verdict, String reason) {
            lines.add(new AuditLog.Line(event, v.correlationId(), v.operatorId(), v.keyId(), action, verdict, reason));
        }
    }

    /** Checks and routes one payload. Package-private so tests can drive it synchronously. */
    void handle(byte[] payload) {
        handleAll(List.of(payload));
    }

    /**
     * Checks and routes a batch of payloads: each one's ledger record, audit line and result are
     * written, then each file is forced once, then the accepted commands go to the ring and the
     * results to the session.
     */
    private void handleAll(List<byte[]> payloads) {
        Pass pass = new Pass();
        for (int i = 0; i < payloads.size(); i++) {
            try {
                route(payloads.get(i), pass);
            } catch (IOException | RuntimeException e) {
                lastError = "command handling: " + e.getMessage();
            }
            if (i % BUSY_EVERY == BUSY_EVERY - 1 && !busy.isEmpty()) {
                answerBusy();
            }
        }
        try {
            if (pass.ledgerWritten) {
                ledger.sync(); // before the ring may run any of them: a restart never runs one twice
            }
            if (!pass.lines.isEmpty()) {
                audit.recordAll(pass.lines);
            }
            store(pass.answers);
        } catch (IOException | RuntimeException e) {
            lastError = "command handling: " + e.getMessage();
            return; // nothing durable: nothing submitted either (the senders see no answer and resend)
        }
        Pass ringFull = new Pass(); // refused for load by the ring: written together, as the pass was
        for (CommandGate.Verdict v : pass.toSubmit) {
            try {
                Command c = v.command();
                if (ringFull.answers.isEmpty() && submit.test(c)) {
                    submitted.incrementAndGet();
                    continue;
                }
                ledger.forgetUnforced(c.getCorrelationId()); // never run: a resend may run it
                ringFull.ledgerWritten = true;
                long n = refusedForLoad.incrementAndGet(); // a refusal for load like any other: counted in Status
                refuseIn(ringFull, v, BUSY + " (the control ring's command queue is full, not queued; " + n
                        + " refused for load since start); not run");
            } catch (IOException | RuntimeException e) {
                lastError = "command handling: " + e.getMessage();
            }
        }
        try {
            if (ringFull.ledgerWritten) {
                ledger.sync();
            }
            if (!ringFull.lines.isEmpty()) {
                audit.recordAll(ringFull.lines);
            }
            store(ringFull.answers);
        } catch (IOException | RuntimeException e) {
            lastError = "command handling: " + e.getMessage();
        }
    }

    /** One payload of a pass: refused, answered from the ledger, answered at once (rebirth) or queued for the ring. */
    private void route(byte[] payload, Pass pass) throws IOException {
        CommandGate.Verdict v = gate.check(payload);
        if (v.refused()) {
            refuseIn(pass, v, v.refusal());
            return;
        }
        Command c = v.command();
        if (v.signed() && ledger.mayHaveForgotten(c.getCorrelationId(), c.getIssuedUnixMillis())) {
            refuseIn(pass, v, replayOfForgotten(c, ledger.forgottenIssuedUnixMillis()));
            return;
        }
        byte[] hash = sha256(v.commandBytes());
        CommandLedger.Seen seen = ledger.beginUnforced(c.getCorrelationId(), hash, c.getIssuedUnixMillis());
        if (seen != null) {
            duplicates.incrementAndGet();
            if (!CommandLedger.sameCommand(seen, hash)) {
                refuseIn(pass, v, "correlation_id '" + c.getCorrelationId() + "' was already used for a different command");
            } else if (seen.answer() == null) {
                pass.audit("duplicate", v, action(c), "in-flight", "first copy not answered yet; its answer follows");
            } else {
                CommandResult replay = replay(seen.answer(), v.operatorId());
                pass.audit("duplicate", v, action(c), "refused", replay.getReason());
                pass.answers.add(replay.toByteArray());
            }
            return;
        }
        pass.ledgerWritten = true;
        if (c.getActionCase() == Command.ActionCase.REQUEST_REBIRTH) {
            rebirth.run();
            CommandResult r = result(c, true, "rebirth requested", 0);
            ledger.answerUnforced(r);
            pass.audit("result", v, action(c), "accepted", r.getReason());
            pass.answers.add(r.toByteArray());
            answered.incrementAndGet();
            return;
        }
        pass.audit("received", v, action(c), "submitted", "");
        pass.toSubmit.add(v);
    }

    private void refuseIn(Pass pass, CommandGate.Verdict v, String why) {
        refused.incrementAndGet();
        pass.audit("result", v, v.command() == null ? "-" : action(v.command()), "refused", why);
        pass.answers.add(CommandResult.newBuilder()
                .setCorrelationId(v.correlationId())
                .setAccepted(false)
                .setReason(why)
                .setNodeId(nodeId)
                .setOperatorId(v.operatorId())
                .build().toByteArray());
    }

    /** The ring's answers waiting now (up to {@link #BATCH}): ledger, audit and outbox each forced once for all. */
    private void answerResults() {
        List<AuditLog.Line> lines = new ArrayList<>();
        List<byte[]> answers = new ArrayList<>();
        RingResult r;
        try {
            while (answers.size() < BATCH && (r = results.poll()) != null) {
                CommandResult result = result(r.command(), r.accepted(), r.reason(), r.boardTicks());
                ledger.answerUnforced(result);
                Command c = r.command();
                lines.add(new AuditLog.Line("result", c.getCorrelationId(), c.getOperatorId(), "", action(c),
                        r.accepted() ? "accepted" : "refused", result.getReason()));
                answers.add(result.toByteArray());
            }
            ledger.sync();
            audit.recordAll(lines);
            store(answers);
            answered.addAndGet(answers.size());
        } catch (IOException | RuntimeException e) {
            lastError = "command result: " + e.getMessage();
        }
    }

    private CommandResult result(Command c, boolean accepted, String reason, long boardTicks) {
        return CommandResult.newBuilder()
                .setCorrelationId(c.getCorrelationId())
                .setAccepted(accepted)
                .setReason(reason == null ? "" : reason)
                .setNodeId(nodeId)
                .setBoardTicks(boardTicks)
                .setOperatorId(c.getOperatorId())
                .setJobId(cryo.controller.jobs.JobValidation.jobId(c))
                .build();
    }

    /** Results to the outbox with one fsync, then a wake-up for the session. */
    private void store(List<byte[]> answers) throws IOException {
        if (answers.isEmpty()) {
            return;
        }
        Outbox box = outbox;
        if (box == null) {
            throw new IOException("no outbox attached: " + answers.size() + " results not stored");
        }
        box.appendResults(answers, liveEpoch.getAsLong());
        published.run();
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
