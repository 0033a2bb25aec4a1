package cryo.controller.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
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
}
