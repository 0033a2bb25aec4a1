package cryo.controller.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 18.4: two runs on one state directory: the second is refused with one line; the directory is free again once the first ends. */
class StateDirLockTest {
    @TempDir
    Path tmp;

    @Test
    void aSecondControllerOnTheSameStateDirectoryIsRefusedWithOneLine() throws Exception {
        Path dir = tmp.resolve("state");
        try (StateDirLock first = StateDirLock.acquire(dir)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> StateDirLock.acquire(dir));
            assertEquals("--state-dir " + dir + " is locked by another controller (pid " + ProcessHandle.current().pid()
                    + "): one controller per state directory", e.getMessage());
        }
        try (StateDirLock again = StateDirLock.acquire(dir)) {
            // free once the first let go
        }
    }

    /** The real case: the first controller is another process (a child JVM holds the lock). */
    @Test
    void aControllerInAnotherProcessHoldsTheDirectoryAndTheSecondIsRefusedWithOneLine() throws Exception {
        Path dir = tmp.resolve("state2");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), StateDirLockHolder.class.getName(), dir.toString())
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine(); // blocks until the child holds the lock (or ends)
            assertEquals("locked " + child.pid(), ready);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> StateDirLock.acquire(dir));
            assertEquals("--state-dir " + dir + " is locked by another controller (pid " + child.pid()
                    + "): one controller per state directory", e.getMessage());
            child.getOutputStream().close();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child let go");
            try (StateDirLock again = StateDirLock.acquire(dir)) {
                // free once the other process let go
            }
        } finally {
            child.destroyForcibly();
        }
    }
}
