package cryo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * The full controller (`cryo run`: simulated board at real-time speed, embedded broker) in a child
 * JVM with the small-board options, watched from outside: time to the first status on MQTT,
 * resident memory, the longest GC pause, and whether it ran out of memory.
 */
final class Footprint {
    record Result(double firstStatusSeconds, long maxRssKiB, double maxGcPauseMillis, int gcPauses,
                  boolean outOfMemory, int exitCode, String jvmOptions, double seconds) {
    }

    static final List<String> SMALL_BOARD_OPTIONS = List.of("-XX:+UseSerialGC", "-Xmx64m");
    private static final Pattern PAUSE = Pattern.compile("Pause.* ([0-9.]+)ms");

    private Footprint() {
    }

    static Result run(double seconds, Path workDir) throws Exception {
        Path gcLog = workDir.resolve("footprint-gc.log");
        Path out = workDir.resolve("footprint-out.log");
        List<String> cmd = new java.util.ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(SMALL_BOARD_OPTIONS);
        cmd.add("-Xlog:gc:file=" + gcLog);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(List.of("cryo.workstation.cli.CryoMain", "run", "--embedded-port", "0",
                "--duration", Double.toString(seconds), "--quiet", "--node", "footprint",
                "--state-dir", workDir.resolve("state").toString())); // its own journal: a trip latched by an earlier run must not start this one tripped
        long start = System.nanoTime();
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        double first = firstStatus(out, start, p);
        long maxRss = 0;
        while (!p.waitFor(500, TimeUnit.MILLISECONDS)) {
            maxRss = Math.max(maxRss, rssKiB(p.pid()));
        }
        String output = Files.readString(out);
        double maxPause = 0;
        int pauses = 0;
        if (Files.exists(gcLog)) {
            for (String line : Files.readAllLines(gcLog)) {
                Matcher m = PAUSE.matcher(line);
                if (m.find()) {
                    pauses++;
                    maxPause = Math.max(maxPause, Double.parseDouble(m.group(1)));
                }
            }
        }
        return new Result(first, maxRss, maxPause, pauses, output.contains("OutOfMemoryError"), p.exitValue(),
                String.join(" ", SMALL_BOARD_OPTIONS), seconds);
    }

    /** The embedded broker binds a port of the kernel's choosing; run names it on stdout as soon as it has bound it. */
    private static final Pattern BROKER = Pattern.compile("embedded MQTT broker on (tcp://127\\.0\\.0\\.1:\\d+)");

    private static double firstStatus(Path out, long start, Process p) throws Exception {
        long deadline = start + TimeUnit.SECONDS.toNanos(60);
        String uri = null;
        while (uri == null && System.nanoTime() < deadline && p.isAlive()) {
            Matcher m = BROKER.matcher(Files.exists(out) ? Files.readString(out) : "");
            if (m.find()) {
                uri = m.group(1);
            } else {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
            }
        }
        while (uri != null && System.nanoTime() < deadline && p.isAlive()) {
            MqttClient c = new MqttClient(uri, "footprint-watch", new MemoryPersistence());
            try {
                MqttConnectOptions o = new MqttConnectOptions();
                o.setConnectionTimeout(2);
                c.connect(o);
            } catch (Exception notYet) {
                c.close();
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
                continue;
            }
            CountDownLatch got = new CountDownLatch(1);
            long[] at = new long[1];
            c.subscribe("cryo/v1/footprint/status", 0, (t, m) -> {
                at[0] = System.nanoTime();
                got.countDown();
            });
            boolean ok = got.await(30, TimeUnit.SECONDS);
            c.disconnectForcibly(500, 500);
            c.close();
            return ok ? (at[0] - start) * 1e-9 : Double.NaN;
        }
        return Double.NaN;
    }

    private static long rssKiB(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException gone) {
            // the process ended between two samples
        }
        return 0;
    }
}
