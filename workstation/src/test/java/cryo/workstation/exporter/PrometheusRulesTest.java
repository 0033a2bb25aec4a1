package cryo.workstation.exporter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import cryo.controller.alarm.Runbooks;
import cryo.controller.mqtt.MosquittoProcess;
import cryo.v1.AlarmCause;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docs/prometheus/ checked by Debian's promtool (rules, their unit tests, the scrape
 * configuration), and every runbook the rules and the alarms link to exists in docs/runbooks/.
 */
class PrometheusRulesTest {
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");
    static final Path DOCS = Path.of("..", "docs").toAbsolutePath().normalize();

    @Test
    void promtoolChecksTheRulesAndTheConfiguration() throws Exception {
        assumeTrue(MosquittoProcess.required(PROMTOOL, System.getenv("CI")), "promtool not installed");
        String out = promtool("check", "rules", "cryo-recording.rules.yml", "cryo-alerts.rules.yml");
        assertTrue(out.contains("SUCCESS: 8 rules found") && out.contains("SUCCESS: 9 rules found"), out);
        promtool("check", "config", "prometheus.yml");
    }

    @Test
    void promtoolUnitTestsOfTheAlertAndRecordingRulesPass() throws Exception {
        assumeTrue(MosquittoProcess.required(PROMTOOL, System.getenv("CI")), "promtool not installed");
        assertTrue(promtool("test", "rules", "cryo-rules.test.yml").contains("SUCCESS"));
    }

    @Test
    void everyAlertHasARunbookPageThatExists() throws Exception {
        String rules = Files.readString(DOCS.resolve("prometheus/cryo-alerts.rules.yml"));
        int alerts = count(rules, "- alert: ");
        Matcher m = Pattern.compile("runbook_url: \"[^\"]*?(docs/runbooks/alerts/[a-z-]+\\.md)\"").matcher(rules);
        List<String> pages = new ArrayList<>();
        while (m.find()) {
            pages.add(m.group(1));
        }
        assertEquals(alerts, pages.size(), "one runbook_url per alert");
        for (String page : pages) {
            assertRunbook(DOCS.getParent().resolve(page));
        }
    }

    @Test
    void everyAlarmCauseHasARunbookPageThatExists() throws Exception {
        for (AlarmCause c : AlarmCause.values()) {
            if (c != AlarmCause.UNRECOGNIZED && c != AlarmCause.ALARM_CAUSE_UNSPECIFIED) {
                assertRunbook(DOCS.getParent().resolve(Runbooks.page(c)));
            }
        }
    }

    /** A runbook answers the five questions an operator has at 3 a.m. */
    private static void assertRunbook(Path page) throws Exception {
        assertTrue(Files.exists(page), "missing runbook " + page);
        String text = Files.readString(page);
        for (String section : new String[] {"## What it means", "## What the controller has already done", "## Check first",
                "## Recover safely", "## Call someone"}) {
            assertTrue(text.contains(section), page + " lacks '" + section + "'");
        }
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static String promtool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(PROMTOOL.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(DOCS.resolve("prometheus").toFile()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "promtool finished within 60 s");
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.exitValue(), "promtool " + String.join(" ", args) + ":\n" + out);
        return out;
    }
}
