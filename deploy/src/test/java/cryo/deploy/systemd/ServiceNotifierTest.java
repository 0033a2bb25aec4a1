package cryo.deploy.systemd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * sd_notify over a real unix datagram socket, the test playing systemd's side: READY and STATUS
 * arrive; WATCHDOG=1 goes out only when the loader's loop calls alive() (at most every quarter of
 * WATCHDOG_USEC, on a stepped clock), so a loop that stops calling it goes silent.
 */
class ServiceNotifierTest {
    @TempDir
    Path dir;

    @Test
    void readyStatusAndWatchdogPingsFromLivenessOnly() throws Exception {
        String path = dir.resolve("notify").toString();
        AtomicLong nanos = new AtomicLong(1_000_000_000L);
        List<String> log = new ArrayList<>();
        try (UnixDatagram systemd = UnixDatagram.bind(path, 2000)) {
            ServiceNotifier n = ServiceNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", path, "WATCHDOG_USEC", "20000000",
                    "WATCHDOG_PID", "42"), 42, nanos::get, log::add);
            assertTrue(n.watchdogEnabled(), log.toString());
            n.ready("loader up");
            assertEquals("READY=1\nSTATUS=loader up", systemd.receive());
            n.alive();
            assertEquals("WATCHDOG=1", systemd.receive(), "the first turn of the loop pings at once");
            n.alive();
            nanos.addAndGet(4_999_000_000L);
            n.alive(); // 4.999 s later: under a quarter of 20 s, no ping
            n.status("slot b confirmed");
            assertEquals("STATUS=slot b confirmed", systemd.receive(), "no WATCHDOG=1 before a quarter of WatchdogSec");
            nanos.addAndGet(1_000_000L);
            n.alive();
            assertEquals("WATCHDOG=1", systemd.receive());
            nanos.addAndGet(60_000_000_000L); // the loop stopped calling alive(): nothing is sent for it
            n.status("still here");
            assertEquals("STATUS=still here", systemd.receive());
            assertTrue(log.isEmpty(), log.toString());
        }
    }

    @Test
    void abstractSocketNamesAndAnotherProcessesWatchdog() throws Exception {
        String name = "@cryo-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        try (UnixDatagram systemd = UnixDatagram.bind(name, 2000)) {
            // WATCHDOG_PID names another process: notifications yes, pings no
            ServiceNotifier n = ServiceNotifier.fromEnvironment(Map.of("NOTIFY_SOCKET", name, "WATCHDOG_USEC", "1000", "WATCHDOG_PID", "7"),
                    42, System::nanoTime, line -> { });
            assertFalse(n.watchdogEnabled());
            n.alive();
            n.ready("up");
            assertEquals("READY=1\nSTATUS=up", systemd.receive());
        }
    }

    @Test
    void withoutNotifySocketNothingHappens() throws Exception {
        try (UnixDatagram systemd = UnixDatagram.bind(dir.resolve("unused").toString(), 100)) {
            ServiceNotifier n = ServiceNotifier.fromEnvironment(Map.of(), 42, System::nanoTime, line -> { });
            n.ready("x");
            n.alive();
            assertFalse(n.watchdogEnabled());
            assertNull(systemd.receive(), "nothing sent");
        }
    }
}
