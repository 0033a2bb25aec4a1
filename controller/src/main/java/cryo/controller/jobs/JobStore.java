package cryo.controller.jobs;

import cryo.v1.JobQueueState;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * The job queue on disk: {@code jobs.state} in the node's state directory, replaced atomically
 * (written beside, forced, renamed over, directory forced) so a power cut leaves the old state or
 * the new one. The ring thread hands each new state and each audit line over at job boundaries
 * ({@link #save}, {@link #audit}: no I/O, never blocks); a thread of the store's own writes them,
 * the newest state only. {@link #close} writes what is still pending.
 */
public final class JobStore implements AutoCloseable {
    public static final String FILE = "jobs.state";

    private final Path file;
    private final Consumer<AuditLine> auditSink;
    private final AtomicReference<JobQueueState> pending = new AtomicReference<>();
    private final ConcurrentLinkedQueue<AuditLine> lines = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile String lastError = "";
    private volatile long writes;

    private JobStore(Path file, Consumer<AuditLine> auditSink) {
        this.file = file;
        this.auditSink = auditSink;
        this.thread = new Thread(this::loop, "cryo-jobs-store");
        thread.setDaemon(true);
    }

    /** A store writing {@code dir/jobs.state}; audit lines go to {@code auditSink} (may be a no-op). */
    public static JobStore open(Path dir, Consumer<AuditLine> auditSink) {
        JobStore s = new JobStore(dir.resolve(FILE), auditSink == null ? l -> { } : auditSink);
        s.thread.start();
        return s;
    }

    /** What was read at start-up. */
    public record Loaded(JobQueueState state, String warning) {
    }

    /**
     * Reads the stored queue; an absent file is an empty queue. A file that does not parse is
     * moved aside ({@code jobs.state.bad}) and the queue starts empty, with a warning saying so:
     * a damaged job file must not keep the fridge's controller from starting.
     */
    public static Loaded load(Path dir) {
        Path f = dir.resolve(FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            return new Loaded(JobQueueState.getDefaultInstance(), "");
        } catch (IOException e) {
            return new Loaded(JobQueueState.getDefaultInstance(), f + ": cannot read (" + e.getMessage() + "); job queue starts empty");
        }
        try {
            return new Loaded(JobQueueState.parseFrom(bytes), "");
        } catch (IOException e) {
            try {
                Files.move(f, f.resolveSibling(FILE + ".bad"), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException ignored) {
                // the warning below still says the queue was not read
            }
            return new Loaded(JobQueueState.getDefaultInstance(), f + ": not a job queue (" + e.getMessage()
                    + "); moved to " + FILE + ".bad, job queue starts empty");
        }
    }

    /** Ring thread: the queue as it is now, to be written (replaces one not yet written). */
    public void save(JobQueueState state) {
        pending.set(state);
        LockSupport.unpark(thread);
    }

    /** One job event for the audit log: the job, its owner, what happened (queued, started, done, ...) and the figures. */
    public record AuditLine(String jobId, String owner, String verdict, String detail) {
    }

    /** Ring thread: one line for the audit log. */
    public void audit(AuditLine line) {
        lines.add(line);
        LockSupport.unpark(thread);
    }

    /** Why the last write failed; empty when it did not. */
    public String lastError() {
        return lastError;
    }

    /** States written so far. */
    public long writes() {
        return writes;
    }

    private void loop() {
        while (running) {
            drain();
            LockSupport.parkNanos(200_000_000L);
        }
    }

    private synchronized void drain() {
        AuditLine l;
        while ((l = lines.poll()) != null) {
            try {
                auditSink.accept(l);
            } catch (RuntimeException e) {
                lastError = "audit: " + e.getMessage();
            }
        }
        JobQueueState s = pending.getAndSet(null);
        if (s != null) {
            try {
                write(file, s.toByteArray());
                writes++;
                lastError = "";
            } catch (IOException e) {
                lastError = file + ": " + e.getMessage();
            }
        }
    }

    /** Writes everything handed over so far, on the caller's thread (close, tests). */
    public void flush() {
        drain();
    }

    static void write(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                out.write(b);
            }
            out.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel d = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // not every filesystem lets a directory be opened for sync; the rename is still atomic
        }
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
        drain();
    }
}
