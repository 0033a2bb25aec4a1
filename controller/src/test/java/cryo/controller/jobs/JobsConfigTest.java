package cryo.controller.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.config.ConfigException;
import cryo.controller.config.ConfigLoader;
import cryo.controller.config.ControllerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The {@code jobs:} section: the shipped files, the fifo switch, and mistakes as one line naming the key and the limit. */
class JobsConfigTest {
    private static String resource(String name) throws IOException {
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static ControllerConfig parse(String text) {
        return ConfigLoader.parse("test.yaml", text, JobsConfigTest::resource);
    }

    @Test
    void theShippedConfigurationsScheduleThermallyAndFifoIsOneWordAway() throws Exception {
        assertEquals(JobsConfig.DEFAULTS, ConfigLoader.loadDefault().jobs());
        assertEquals(JobsConfig.DEFAULTS, ConfigLoader.loadShipped(ConfigLoader.CRYOSTAT_RESOURCE).jobs());
        String text = resource(ConfigLoader.DEFAULT_RESOURCE);
        assertEquals(SchedulerPolicy.FIFO, parse(text.replace("scheduler: thermal", "scheduler: fifo")).jobs().scheduler());
        assertEquals(JobsConfig.DEFAULTS, parse(text.substring(0, text.indexOf("jobs:")) + text.substring(text.indexOf("interlocks:"))).jobs(),
                "no jobs section: the defaults");
    }

    @Test
    void mistakesNameTheKeyItsLineAndTheLimit() throws Exception {
        String text = resource(ConfigLoader.DEFAULT_RESOURCE);
        int line = (int) text.substring(0, text.indexOf("  scheduler: thermal")).chars().filter(c -> c == '\n').count() + 1;
        ConfigException e = assertThrows(ConfigException.class, () -> parse(text.replace("scheduler: thermal", "scheduler: fast")));
        assertEquals("test.yaml:" + line + ": jobs.scheduler: 'fast' is not a scheduler: fifo or thermal", e.getMessage());
        e = assertThrows(ConfigException.class, () -> parse(text.replace("capacity: 64 ", "capacity: 0  ")));
        assertTrue(e.getMessage().startsWith("test.yaml:" + (line + 1) + ":") && e.getMessage().contains("jobs.capacity 0 outside 1..1024"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> parse(text.replace("settleSeconds: 30", "settleSecs: 30")));
        assertTrue(e.getMessage().contains("settleSecs"), e.getMessage());
    }
}
