package cryo.workstation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** cryo exporter's bad options: one line naming the option, a non-zero exit, nothing left running. */
class ExporterCommandTest {
    private String err;

    private int run(String... args) {
        StringWriter e = new StringWriter();
        int code = CryoMain.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(e, true), args);
        err = e.toString();
        return code;
    }

    @Test
    @Timeout(30)
    void aListenAddressThatIsNotHostPortIsOneLineNamingTheOption() {
        assertNotEquals(0, run("exporter", "--listen", "nonsense"));
        assertTrue(err.startsWith("cryo: --listen: expected HOST:PORT"), err);
        assertEquals(1, err.lines().count(), err);
        assertNotEquals(0, run("exporter", "--listen", "127.0.0.1:70000"));
        assertTrue(err.contains("--listen: port must be 0..65535"), err);
    }

    @Test
    @Timeout(30)
    void aBrokerThatCannotBeReachedIsOneLine() throws Exception {
        try (java.net.Socket held = CliBadInputTest.heldPort()) { // bound, never listening: nothing answers there
            int closed = held.getLocalPort();
            assertNotEquals(0, run("exporter", "--broker", "tcp://127.0.0.1:" + closed, "--listen", "127.0.0.1:0", "--duration", "1"));
            assertTrue(err.startsWith("cryo: cannot reach MQTT broker tcp://127.0.0.1:" + closed), err);
            assertEquals(1, err.lines().count(), err);
        }
    }

    @Test
    @Timeout(30)
    void aStaleAfterBelowOneIntervalIsRefused() {
        assertNotEquals(0, run("exporter", "--stale-after", "0.5", "--listen", "127.0.0.1:0"));
        assertTrue(err.contains("--stale-after: must be at least 1"), err);
    }
}
