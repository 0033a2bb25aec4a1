package cryo.deploy.testfirmware;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fake controllers for the loader's child-process tests; each behaviour is its own main class so
 * a bundle picks it by main_class. JDK only, so a jar of these classes is a complete payload.
 */
public final class FakeFirmware {
    private FakeFirmware() {
    }

    /**
     * Self-test ok, HEALTHY with the version the loader passed, heartbeats, then exit with
     * {@code exitCode} after {@code runMillis} (args[0], default: never).
     */
    static void runHealthy(String[] args, int exitCode) throws Exception {
        long runMillis = args.length > 0 ? Long.parseLong(args[0]) : Long.MAX_VALUE;
        HandshakeClient c = HandshakeClient.connectFromEnvironment();
        c.send("SELFTEST ok board answers, regmap 1, comparators armed, watchdog armed, interlocks armed, first status built");
        c.send("HEALTHY " + System.getenv("CRYO_FIRMWARE_VERSION"));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        long period = HandshakeClient.heartbeatPeriodMillis();
        timer.scheduleAtFixedRate(() -> {
            try {
                c.send("HEARTBEAT");
            } catch (Exception e) {
                System.exit(9);
            }
        }, period, period, TimeUnit.MILLISECONDS);
        CountDownLatch never = new CountDownLatch(1);
        if (!never.await(runMillis, TimeUnit.MILLISECONDS)) {
            System.out.println("fake firmware: run time over, exiting with " + exitCode);
            System.exit(exitCode);
        }
    }

    /** Blocks forever (until the loader kills the process). */
    static void hang() throws InterruptedException {
        new CountDownLatch(1).await();
    }

    /** Confirms and exits cleanly after args[0] ms. */
    public static final class ConfirmThenExit {
        public static void main(String[] args) throws Exception {
            runHealthy(args, 0);
        }
    }

    /** Crashes at start, before any handshake. */
    public static final class CrashAtStart {
        public static void main(String[] args) {
            System.err.println("fake firmware: crashing at start");
            System.exit(3);
        }
    }

    /** Hangs before the handshake. */
    public static final class HangBeforeHandshake {
        public static void main(String[] args) throws Exception {
            hang();
        }
    }

    /** Connects, then reports a failed self-test and waits. */
    public static final class FailSelfTest {
        public static void main(String[] args) throws Exception {
            HandshakeClient c = HandshakeClient.connectFromEnvironment();
            c.send("SELFTEST fail board does not answer: BOARD_ID read timed out");
            hang();
        }
    }

    /** Reports healthy, then dies with code 7 after 300 ms, inside the soak. */
    public static final class DieDuringSoak {
        public static void main(String[] args) throws Exception {
            runHealthy(new String[] {"300"}, 7);
        }
    }

    /** Reports healthy, then stops sending heartbeats while staying alive. */
    public static final class HangAfterHealthy {
        public static void main(String[] args) throws Exception {
            HandshakeClient c = HandshakeClient.connectFromEnvironment();
            c.send("SELFTEST ok");
            c.send("HEALTHY " + System.getenv("CRYO_FIRMWARE_VERSION"));
            hang();
        }
    }
}
