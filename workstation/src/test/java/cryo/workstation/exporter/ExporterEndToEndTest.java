package cryo.workstation.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cryo.controller.mqtt.BrokerOptions;
import cryo.controller.mqtt.MosquittoProcess;
import cryo.controller.mqtt.NodeFixture;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real parts only: Mosquitto; node fridge-a as its own process ({@code cryo run} on the simulated
 * cryostat) and fridge-b in this JVM; the exporter; Debian's Prometheus scraping it with the
 * shipped rules; every Grafana panel query evaluated; headless Chromium reading the dashboard's
 * DOM (DevTools protocol) to see it move; fridge-a killed with SIGKILL and CryoNodeDown read back from
 * Prometheus' HTTP API; a screenshot in target/exporter-dashboard.png for a person.
 */
class ExporterEndToEndTest {
    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path DOCS = Path.of("..", "docs").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void prometheusAlertsOnAKilledNodeAndTheDashboardShowsTheFleetLive() throws Exception {
        String ci = System.getenv("CI");
        assumeTrue(MosquittoProcess.available());
        assumeTrue(MosquittoProcess.required(PROMETHEUS, ci), "prometheus not installed");
        assumeTrue(MosquittoProcess.required(CHROMIUM, ci), "chromium not installed");
        List<Process> children = new ArrayList<>();
        try (MosquittoProcess broker = MosquittoProcess.start(dir.resolve("mosquitto"), "")) {
            Process nodeA = start(children, dir.resolve("node-a.log"), javaCommand("cryo.workstation.cli.CryoMain", "run",
                    "--broker", broker.uri(), "--node", "fridge-a", "--quiet", "--state-dir", dir.resolve("state-a").toString()));
            try (NodeFixture nodeB = new NodeFixture("fridge-b", BrokerOptions.plain(broker.uri()), dir.resolve("state-b"), null, false, 1.0);
                 Exporter exporter = new Exporter(BrokerOptions.plain(broker.uri()), new InetSocketAddress("127.0.0.1", 0), 3, 10, 360,
                         () -> System.currentTimeMillis() / 1000.0).start()) {
                String exporterUrl = "http://127.0.0.1:" + exporter.port();
                String prometheus = startPrometheus(children, exporter.port());

                // both fridges scraped, with the shipped rules evaluated
                await(() -> query(prometheus, "cryo_stage_temperature_kelvin{stage=\"mxc\"}").contains("fridge-a")
                        && query(prometheus, "cryo_stage_temperature_kelvin{stage=\"mxc\"}").contains("fridge-b"), 90, "both fridges in Prometheus");
                // a pulse job on fridge-b, submitted with the command line through the broker: the job metrics and panels have data
                assertEquals(0, cryo.workstation.cli.CryoMain.execute("jobs", "submit", "../examples/ramsey.txtpb", "--node", "fridge-b",
                        "--loops", "20", "--id", "e2e-job-1", "--kind", "ramsey", "--broker", broker.uri()));
                await(() -> get(exporterUrl + "/metrics").contains("cryo_jobs_finished_total{kind=\"ramsey\",node=\"fridge-b\",state=\"done\"} "),
                        60, "the job done in the exporter's metrics");
                String metrics = get(exporterUrl + "/metrics");
                for (String name : new String[] {"cryo_stage_temperature_kelvin", "cryo_heater_power_watts", "cryo_heater_energy_joules_total",
                        "cryo_loop_setpoint_kelvin", "cryo_interlock_tripped", "cryo_alarms_active", "cryo_node_up",
                        "cryo_last_status_timestamp_seconds", "cryo_status_seq_gaps_total", "cryo_sequencer_underflows_total",
                        "cryo_scheduler_utilization", "cryo_scheduler_queued_jobs", "cryo_scheduler_load_watts", "cryo_scheduler_budget_watts",
                        "cryo_job_energy_joules_total", "cryo_jobs_finished_total", "cryo_job_last_energy_joules",
                        "cryo_job_last_mxc_peak_excursion_kelvin", "cryo_job_last_4k_peak_excursion_kelvin"}) {
                    assertTrue(metrics.contains("\n" + name + "{"), name + " missing from /metrics");
                }

                // the Birth carries the runbooks' base, and the exporter serves the pages alarms link to
                assertTrue(metrics.contains("cryo_node_info{firmware=") && metrics.contains("runbook_base_url=\"docs/runbooks/\""), metrics);
                assertTrue(get(exporterUrl + "/docs/runbooks/alarms/over-temperature.md").startsWith("# Alarm: OVER_TEMPERATURE"));
                assertTrue(get(exporterUrl + "/docs/runbooks/alerts/node-down.md").startsWith("# Alert: CryoNodeDown"));

                // every panel of the shipped Grafana dashboard returns data from this Prometheus
                List<String> exprs = panelQueries(Files.readString(DOCS.resolve("grafana/cryo-fleet.json")));
                assertTrue(exprs.size() >= 10, "panel queries: " + exprs);
                for (String expr : exprs) {
                    String q = expr.replace("$node", ".*").replace("$__rate_interval", "30s");
                    await(() -> !query(prometheus, q).contains("\"result\":[]"), 90, "data for panel query " + expr);
                }

                // the dashboard in a real browser: the live values move without a reload
                try (HeadlessChromium browser = new HeadlessChromium(CHROMIUM, dir.resolve("chromium-profile"), dir.resolve("chromium.log"),
                        exporterUrl + "/")) {
                    String seqA = "document.querySelector('#node-fridge-a')?.dataset.seq";
                    String stateOf = "document.querySelector('#node-%s')?.dataset.state";
                    await(() -> !eval(browser, seqA).isEmpty() && !eval(browser, seqA).equals("undefined"), 60, "fridge-a on the page");
                    String seq1 = eval(browser, seqA);
                    String mxc = eval(browser, "document.querySelector('#node-fridge-a td[data-stage=mxc]')?.textContent");
                    assertTrue(mxc.endsWith(" mK"), "mixing chamber in mK: " + mxc);
                    assertTrue(Integer.parseInt(eval(browser, "document.querySelectorAll('#node-fridge-a .plot canvas').length")) >= 2,
                            "temperature and power plots drawn");
                    await(() -> !eval(browser, seqA).equals(seq1), 30, "a newer status on the page without a reload");
                    assertEquals("up", eval(browser, String.format(stateOf, "fridge-a")));

                    // SIGKILL: the broker publishes fridge-a's will (Death); node-down fires in Prometheus
                    nodeA.destroyForcibly();
                    assertTrue(nodeA.waitFor(10, TimeUnit.SECONDS));
                    await(() -> firing(prometheus, "CryoNodeDown", "fridge-a"), 90, "CryoNodeDown firing for fridge-a");
                    assertTrue(!firing(prometheus, "CryoNodeDown", "fridge-b"), "fridge-b is up");
                    String alerts = get(prometheus + "/api/v1/alerts");
                    assertTrue(alerts.contains("docs/runbooks/alerts/node-down.md"), alerts);

                    await(() -> eval(browser, String.format(stateOf, "fridge-a")).equals("down"), 30, "fridge-a shown down on the page");
                    assertEquals("", eval(browser, "document.querySelector('#node-fridge-a td[data-stage=mxc]')?.textContent ?? ''"),
                            "no last-good value shown for a dead node");
                    assertEquals("up", eval(browser, String.format(stateOf, "fridge-b")));
                    Path shot = Path.of("target", "exporter-dashboard.png").toAbsolutePath();
                    Files.write(shot, browser.screenshot());
                    assertTrue(Files.size(shot) > 10_000, "screenshot written: " + shot);
                }
            }
        } finally {
            for (Process p : children) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private String startPrometheus(List<Process> children, int exporterPort) throws Exception {
        Path conf = dir.resolve("prometheus.yml");
        Files.writeString(conf, "global:\n  scrape_interval: 2s\n  evaluation_interval: 1s\n"
                + "rule_files:\n  - " + DOCS.resolve("prometheus/cryo-recording.rules.yml") + "\n  - " + DOCS.resolve("prometheus/cryo-alerts.rules.yml") + "\n"
                + "scrape_configs:\n  - job_name: cryo\n    scrape_timeout: 2s\n    static_configs:\n      - targets: ['127.0.0.1:" + exporterPort + "']\n");
        Process p = start(children, dir.resolve("prometheus.log"), List.of(PROMETHEUS.toString(), "--config.file=" + conf,
                "--storage.tsdb.path=" + dir.resolve("tsdb"), "--web.listen-address=127.0.0.1:0", "--storage.tsdb.retention.time=1h"));
        Supplier<Set<Integer>> ports = () -> {
            try {
                return p.isAlive() ? ListeningPorts.of(p.pid()) : Set.of();
            } catch (IOException e) {
                return Set.of();
            }
        };
        await(() -> !ports.get().isEmpty(), 30, "prometheus listening (log: " + dir.resolve("prometheus.log") + ")");
        String url = "http://127.0.0.1:" + ports.get().iterator().next();
        await(() -> get(url + "/-/ready").contains("Ready"), 30, "prometheus ready");
        return url;
    }

    private static String eval(HeadlessChromium browser, String expression) {
        try {
            return browser.eval(expression);
        } catch (Exception e) {
            throw new AssertionError("evaluating " + expression + ": " + e, e);
        }
    }

    /** Every "expr" of the dashboard JSON (the panel targets). */
    static List<String> panelQueries(String json) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\"expr\":\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        while (m.find()) {
            out.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
        return out;
    }

    private String query(String prometheus, String expr) {
        return get(prometheus + "/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
    }

    private boolean firing(String prometheus, String alert, String node) {
        for (String a : get(prometheus + "/api/v1/alerts").split("\\{\"labels\":")) {
            if (a.contains("\"alertname\":\"" + alert + "\"") && a.contains("\"node\":\"" + node + "\"") && a.contains("\"state\":\"firing\"")) {
                return true;
            }
        }
        return false;
    }

    private String get(String url) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static List<String> javaCommand(String main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:+UseSerialGC",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")), main));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private static Process start(List<Process> children, Path log, List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        children.add(p);
        return p;
    }

    private static void await(java.util.function.BooleanSupplier condition, int seconds, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + seconds + " s waiting for: " + what);
            }
            LockSupport.parkNanos(200_000_000L);
        }
    }
}
