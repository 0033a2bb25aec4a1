package cryo.workstation.cli;

import cryo.workstation.exporter.Exporter;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.MqttException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cryo exporter}: Prometheus metrics and the live dashboard for every node on a broker. */
@Command(name = "exporter", mixinStandardHelpOptions = true,
        description = "Serve Prometheus metrics (/metrics) and a live read-only dashboard (/) for every node on a broker.")
public final class ExporterCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--broker", defaultValue = "tcp://127.0.0.1:1883", description = "MQTT broker (default ${DEFAULT-VALUE})")
    String broker;

    @Mixin
    BrokerAuthOptions auth;

    @Option(names = "--listen", defaultValue = "127.0.0.1:9464", paramLabel = "HOST:PORT",
            description = "where to serve HTTP (default ${DEFAULT-VALUE}; port 0 picks a free one and prints it)")
    String listen;

    @Option(names = "--stale-after", defaultValue = "3", paramLabel = "INTERVALS",
            description = "withhold a node's values once its newest status is older than this many status intervals (default ${DEFAULT-VALUE})")
    double staleAfterIntervals;

    @Option(names = "--history-hours", defaultValue = "3", description = "dashboard history kept per node (default ${DEFAULT-VALUE} h, one point per 10 s)")
    double historyHours;

    @Option(names = "--duration", defaultValue = "0", description = "stop after this many seconds (0 = run until stopped)")
    double durationSeconds;

    @Override
    public Integer call() throws Exception {
        InetSocketAddress address = address(listen);
        if (!(staleAfterIntervals >= 1)) {
            throw new UserError("--stale-after: must be at least 1 status interval, got " + staleAfterIntervals);
        }
        if (!(historyHours > 0) || historyHours > 48) {
            throw new UserError("--history-hours: must be in (0, 48], got " + historyHours);
        }
        if (staleAfterIntervals > 1e6) {
            throw new UserError("--stale-after: must be at most 1000000 status intervals, got " + staleAfterIntervals);
        }
        if (!(durationSeconds >= 0) || durationSeconds > 1e9) {
            throw new UserError("--duration: must be in 0..1e9 s (0 = run until stopped), got " + durationSeconds);
        }
        int points = (int) Math.max(2, Math.round(historyHours * 3600 / 10));
        Exporter exporter;
        try {
            exporter = new Exporter(auth.toOptions(broker), address, staleAfterIntervals, 10, points,
                    () -> System.currentTimeMillis() / 1000.0);
        } catch (java.net.BindException e) {
            throw new UserError("--listen " + listen + ": cannot bind (" + e.getMessage() + ")");
        }
        try (exporter) {
            try {
                exporter.start();
            } catch (MqttException e) {
                throw new UserError("cannot reach MQTT broker " + broker + ": " + e.getMessage());
            }
            spec.commandLine().getOut().printf("cryo exporter: http://%s:%d/ (metrics on /metrics), broker %s%n",
                    exporter.host(), exporter.port(), broker);
            spec.commandLine().getOut().flush();
            CountDownLatch forever = new CountDownLatch(1);
            if (durationSeconds > 0) {
                forever.await((long) (durationSeconds * 1000), TimeUnit.MILLISECONDS);
            } else {
                forever.await();
            }
        }
        return 0;
    }

    /** HOST:PORT, checked: one line naming --listen when it is not one. */
    static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new UserError("--listen: expected HOST:PORT, got '" + hostPort + "'");
        }
        int port;
        try {
            port = Integer.parseInt(hostPort.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new UserError("--listen: port must be a number 0..65535, got '" + hostPort.substring(colon + 1) + "'");
        }
        if (port < 0 || port > 65535) {
            throw new UserError("--listen: port must be 0..65535, got " + port);
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new InetSocketAddress(host, port);
    }
}
