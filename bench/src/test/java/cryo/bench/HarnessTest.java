package cryo.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.lmax.disruptor.BlockingWaitStrategy;
import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

/** The harness measures what it says (counts, not timings: timings live in the benchmark run). */
class HarnessTest {
    @Test
    void bothPipelinesRecordEveryEventOfALatencyRun() throws Exception {
        try (RingPipeline ring = new RingPipeline(new BlockingWaitStrategy(), "ring");
             QueuePipeline base = new QueuePipeline()) {
            Histogram r = Runs.latency(ring, 1000, 0.3);
            Histogram b = Runs.latency(base, 1000, 0.3);
            assertEquals(300, r.getTotalCount());
            assertEquals(300, b.getTotalCount());
            assertTrue(r.getMinValue() > 0 && b.getMinValue() > 0);
        }
    }

    @Test
    void jsonHasTheKeysAndValuesGiven() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ring_latency_p99_ns", 12L);
        m.put("throughput_ratio", 1.5);
        m.put("jdk", "x \"y\"");
        m.put("nan", Double.NaN);
        String j = BenchMain.toJson(m);
        assertTrue(j.contains("\"ring_latency_p99_ns\": 12,"), j);
        assertTrue(j.contains("\"jdk\": \"x \\\"y\\\"\""), j);
        assertTrue(j.contains("\"nan\": null"), j);
    }
}
