package cryo.workstation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import cryo.controller.config.ConfigLoader;
import cryo.controller.config.ControllerConfig;
import cryo.sim.scenario.Scenario;
import cryo.sim.scenario.ScenarioLoader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/**
 * `cryo sim` runs the ring's stages on the driver's thread (no hand-off per tick): the same
 * stages in the same order, so a run gives exactly what it gave with the ring on its own thread.
 */
class SimRunInlineTest {

    private static SimRun.Result assertSameRun(Scenario s, long seed) throws Exception {
        ControllerConfig config = ConfigLoader.loadShipped(ConfigLoader.CRYOSTAT_RESOURCE);
        SimRun.Result inline = SimRun.run(s, config, SimRun.SHIPPED_CONFIG, seed, false);
        SimRun.Result threaded = SimRun.run(s, config, SimRun.SHIPPED_CONFIG, seed, true);
        StringWriter a = new StringWriter();
        StringWriter b = new StringWriter();
        inline.trace().writeCsv(a);
        threaded.trace().writeCsv(b);
        assertEquals(b.toString(), a.toString(), "trace, with what the controller read and did");
        assertEquals(threaded.trips(), inline.trips());
        assertEquals(threaded.alarms(), inline.alarms());
        assertEquals(threaded.commands(), inline.commands());
        assertEquals(threaded.safeStates(), inline.safeStates());
        assertEquals(threaded.boardFaultFlagsSeen(), inline.boardFaultFlagsSeen());
        return inline;
    }

    /** A trip (the one trip path, safe state) and commands, including a setpoint change while running. */
    @Test
    void heaterStuckOnTripsAlikeInlineAndOnTheRingThread() throws Exception {
        assertFalse(assertSameRun(ScenarioLoader.resolve("heater-stuck-on"), 1).trips().isEmpty(), "the scenario trips");
    }

    /** A sensor fault and its trip, another seed. */
    @Test
    void sensorOpenTripsAlike() throws Exception {
        assertSameRun(ScenarioLoader.resolve("sensor-open"), 3);
    }
}
