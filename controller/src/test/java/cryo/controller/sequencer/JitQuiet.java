package cryo.controller.sequencer;

import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;
import javax.management.ObjectName;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;

/**
 * Warm-up for the zero-allocation tests: runs windows of the measured work until the JIT has gone
 * quiet, not for a fixed count.
 *
 * <p>Why: when a thread's counters make HotSpot request a C2 compile, the request resolves every
 * string constant of the method's class on that thread (CompileBroker::compile_method,
 * "resolve_string_constants"), allocating the Strings there, once per class: 50-250 bytes on the
 * ring thread that are the JIT's, not the code's. On a loaded machine the request comes late, for
 * HotSpot raises its tier thresholds with the length of the C2 queue (Tier3LoadFeedback), so a
 * fixed warm-up of ticks can leave it inside the measured window: 144-1,248 bytes seen rarely
 * under load, never on a quiet machine, never with C2 off (-XX:TieredStopAtLevel=1, zero bytes).
 * Once a whole window of the same work compiled nothing, every hot method has reached its final
 * tier and the next window measures the code alone.
 */
public final class JitQuiet {
    private JitQuiet() {
    }

    /** What {@link #measure} saw: the bytes of the first window the JIT did not touch, and how many it threw away. */
    public record Window(long bytes, boolean quiet, int discarded, long discardedBytes) {
        @Override
        public String toString() {
            return bytes + " bytes in " + (quiet ? "a window the JIT did not touch" : "the last window (the JIT never went quiet)") + " ("
                    + discarded + " window(s) discarded because the JIT compiled during them, " + discardedBytes + " bytes in those)";
        }
    }

    /**
     * Measures {@code window} with {@code allocatedBytes} (a thread's allocation counter) until one
     * run of it saw no JIT activity at all, at most {@code maxWindows} runs; returns that run's
     * bytes (or the last run's, if none was quiet: then the assertion shows them).
     *
     * <p>Why this is exact where {@link #warmUp} is a heuristic: the JIT allocates on a Java
     * thread only when that thread requests a C2 compile (its class's string constants resolved
     * there). Every request becomes a queued task, a compile in progress or a finished one. So a
     * window is the code's alone when, once the compile queue has drained after it, a JFR
     * recording running from before the window to then holds no C2 {@code jdk.Compilation} event
     * (level 4, succeeded or not) and the queue was empty. A quiet warm-up window is no proof for
     * the next one: in lock-step tests the ring runs a few thousand ticks, so a method can cross
     * the C2 threshold (raised under load) in any window (464 bytes of RingBuffer's strings were
     * seen that way after a quiet one).
     */
    public static Window measure(Runnable window, LongSupplier allocatedBytes, int maxWindows) throws IOException {
        int discarded = 0;
        long discardedBytes = 0;
        long bytes = 0;
        for (int i = 0; i < maxWindows; i++) {
            awaitCompileQueueEmpty();
            int compilations;
            try (Recording r = new Recording()) {
                r.enable("jdk.Compilation").withThreshold(Duration.ZERO);
                r.start();
                long before = allocatedBytes.getAsLong();
                window.run();
                bytes = allocatedBytes.getAsLong() - before;
                boolean drained = awaitCompileQueueEmpty();
                r.stop();
                Path f = Files.createTempFile("jitquiet", ".jfr");
                try {
                    r.dump(f);
                    compilations = drained ? c2Compilations(f) : -1;
                } finally {
                    Files.deleteIfExists(f);
                }
            }
            if (compilations == 0) {
                return new Window(bytes, true, discarded, discardedBytes);
            }
            discarded++;
            discardedBytes += bytes;
        }
        return new Window(bytes, false, discarded - 1, discardedBytes - bytes);
    }

    /** C2 compilations in the recording: only a C2 request resolves string constants (C1 ones, e.g. of JFR's own code, do not). */
    private static int c2Compilations(Path f) throws IOException {
        int n = 0;
        for (jdk.jfr.consumer.RecordedEvent e : RecordingFile.readAllEvents(f)) {
            if (e.getInt("compileLevel") == 4) {
                n++;
            }
        }
        return n;
    }

    /** Waits (at most 60 s) until HotSpot has no compile queued or in progress; false if it never was. */
    private static boolean awaitCompileQueueEmpty() {
        for (int i = 0; i < 60_000; i++) {
            if (compileQueueEmpty()) {
                return true;
            }
            LockSupport.parkNanos(1_000_000L);
        }
        return false;
    }

    /** From the Compiler.queue diagnostic command: a task line starts with its compile id. */
    private static boolean compileQueueEmpty() {
        String q;
        try {
            q = (String) ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"),
                    "compilerQueue", new Object[] {null}, new String[] {String[].class.getName()});
        } catch (Exception e) {
            throw new IllegalStateException("Compiler.queue diagnostic command unavailable", e);
        }
        for (String line : q.split("\n")) {
            String t = line.strip();
            if (!t.isEmpty() && (Character.isDigit(t.charAt(0)) || t.contains("CompilerThread"))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Runs {@code window} until one whole run of it saw no JIT compilation (at most
     * {@code maxWindows} runs); returns how many it ran.
     */
    public static int warmUp(Runnable window, int maxWindows) {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            for (int i = 0; i < maxWindows; i++) {
                window.run();
            }
            return maxWindows;
        }
        for (int i = 1; i <= maxWindows; i++) {
            long before = jit.getTotalCompilationTime();
            window.run();
            if (jit.getTotalCompilationTime() == before) {
                return i;
            }
        }
        return maxWindows;
    }
}
