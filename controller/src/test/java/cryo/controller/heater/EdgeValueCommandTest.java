package cryo.controller.heater;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.app.SimHarness;
import cryo.v1.Command;
import cryo.v1.SetSetpoint;
import cryo.v1.StartAutotune;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** Issue 18.5: numbers that are valid doubles and uint32s but not temperatures or zone indexes, straight to the ring. */
class EdgeValueCommandTest {

    private static String run(SimHarness h, Consumer<Command.Builder> fill) {
        Command.Builder b = Command.newBuilder().setCorrelationId("e" + h.results.size());
        fill.accept(b);
        assertTrue(h.controller.submit(b.build()));
        h.controller.awaitIdle();
        synchronized (h.results) {
            return h.results.get(h.results.size() - 1);
        }
    }

    @Test
    void subnormalAndSubMillikelvinSetpointsAreRefusedAndTheLoopKeepsItsSetpoint() throws Exception {
        try (SimHarness h = new SimHarness(3)) {
            h.driver.run(10);
            HeaterLoop l = h.controller.loops()[0];
            double before = l.targetSetpointKelvin();
            for (double k : new double[] {Double.MIN_VALUE, Double.MIN_NORMAL, 1e-9, 0.000999}) {
                String r = run(h, b -> b.setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(k)));
                assertTrue(r.contains("refused") && r.contains("below 0.001 K") && r.contains("sub-millikelvin"), k + ": " + r);
                assertEquals(before, l.targetSetpointKelvin(), "untouched by " + k);
            }
            String ok = run(h, b -> b.setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(0.001)));
            assertTrue(!ok.contains("below 0.001"), ok);
        }
    }

    @Test
    void anAutotuneZoneAboveTwoToThe31IsEchoedAsSentNotNegative() throws Exception {
        try (SimHarness h = new SimHarness(3)) {
            h.driver.run(10);
            int fourBillion = (int) 4_000_000_000L; // uint32 on the wire
            String r = run(h, b -> b.setStartAutotune(StartAutotune.newBuilder().setLoopId("mxc").setZone(fourBillion)
                    .setStepWatts(1e-6).setAmplitudeLimitKelvin(0.001).setTimeoutSeconds(60)));
            assertTrue(r.contains("start_autotune.zone 4000000000 outside"), r);
            assertTrue(!r.contains("-294967296"), r);
        }
    }
}
