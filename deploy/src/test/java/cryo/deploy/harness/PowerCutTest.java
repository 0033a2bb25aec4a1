package cryo.deploy.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import cryo.deploy.boot.Loader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * MCUboot-style power-cut proof: for each scenario, for each cut policy, for every file operation
 * index i, run the scenario with the power cut before operation i, bring the power back, restart
 * the loader and check it ends in a verified good slot with a consistent state record.
 */
class PowerCutTest {
    static final SimulatedDisk.CutPolicy[] POLICIES = {
        SimulatedDisk.CutPolicy.LOSE_UNSYNCED, SimulatedDisk.CutPolicy.KEEP_UNSYNCED, SimulatedDisk.CutPolicy.TORN_DATA};

    @TestFactory
    List<DynamicTest> cutAtEveryOperation() throws Exception {
        List<DynamicTest> tests = new ArrayList<>();
        for (CutScenario scenario : CutScenario.ALL) {
            int operations = scenario.countOperations();
            assertTrue(operations > 10, scenario.name + " has only " + operations + " operations");
            for (SimulatedDisk.CutPolicy policy : POLICIES) {
                tests.add(DynamicTest.dynamicTest(scenario.name + " " + policy + " x" + operations,
                        () -> cutEverywhere(scenario, policy, operations)));
            }
        }
        return tests;
    }

    static void cutEverywhere(CutScenario scenario, SimulatedDisk.CutPolicy policy, int operations) throws Exception {
        TestBundles bundles = new TestBundles();
        SimNode base = scenario.prepare(bundles);
        for (int i = 0; i < operations; i++) {
            SimNode node = base.copy();
            node.disk.cutAt(i);
            try {
                scenario.run(node.start());
                fail("cut at operation " + i + " never happened");
            } catch (PowerCut expected) {
                // the machine is off now
            }
            node.disk.powerCut(policy, new Random(i));
            try {
                Loader restarted = node.start();
                assertEquals(List.of(), restarted.alarms(), "state record unreadable after the cut");
                SimNode.Settled settled = SimNode.settle(restarted);
                scenario.check(restarted, settled);
            } catch (AssertionError | Exception e) {
                throw new AssertionError(scenario.name + " " + policy + " cut before operation " + i + " of " + operations
                        + ": " + e.getMessage() + "\noperations:\n" + String.join("\n", node.disk.log()), e);
            }
        }
    }
}
