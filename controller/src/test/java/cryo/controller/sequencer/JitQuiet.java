package cryo.controller.sequencer;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

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
final class JitQuiet {
    private JitQuiet() {
    }

    /**
     * Runs {@code window} until one whole run of it saw no JIT compilation (at most
     * {@code maxWindows} runs); returns how many it ran.
     */
    static int warmUp(Runnable window, int maxWindows) {
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
