package cryo.controller.mqtt;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/** Real-broker tests skip without mosquitto on a workstation, but fail under CI=true (.ci/run sets it). */
class MosquittoProcessTest {
    private static final Path MISSING = Path.of("/nonexistent/usr/sbin/mosquitto");

    @Test
    void aMissingBinaryIsASkipOutsideCi() {
        assertFalse(MosquittoProcess.required(MISSING, null));
        assertFalse(MosquittoProcess.required(MISSING, "false"));
    }

    @Test
    void aMissingBinaryIsAFailureUnderCi() {
        AssertionFailedError e = assertThrows(AssertionFailedError.class, () -> MosquittoProcess.required(MISSING, "true"));
        assertTrue(e.getMessage().contains(MISSING + " is missing and CI=true"), e.getMessage());
    }

    @Test
    void aPresentBinaryRunsEverywhere() {
        assertTrue(MosquittoProcess.required(Path.of("/bin/sh"), "true"));
        assertTrue(MosquittoProcess.required(Path.of("/bin/sh"), null));
    }
}
