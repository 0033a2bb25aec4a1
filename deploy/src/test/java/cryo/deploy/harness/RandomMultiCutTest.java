package cryo.deploy.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.deploy.boot.Loader;
import cryo.deploy.bundle.BundleRefusedException;
import cryo.deploy.slot.SlotState;
import cryo.deploy.state.LoaderState;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random update histories (good and crashing bundles, downgrades, operator rollbacks) with power
 * cuts at random operations, sometimes a second cut during the recovery, and random survival of
 * un-synced data per directory and file. Seeded: a failure names its seed and replays exactly.
 */
class RandomMultiCutTest {
    static final int RUNS = 100;
    static final int ACTIONS_PER_RUN = 8;

    @Test
    void randomHistoriesWithRandomCuts() throws Exception {
        TestBundles bundles = new TestBundles();
        // a pool of bundles: version i has counter i/3, odd ones crash
        byte[][] pool = new byte[12][];
        for (int i = 0; i < pool.length; i++) {
            pool[i] = bundles.bundle("3." + i + ".0", i / 3, i % 2 == 1 ? "crash" : "good");
        }
        int cuts = 0;
        for (int seed = 0; seed < RUNS; seed++) {
            cuts += run(seed, bundles, pool);
        }
        assertTrue(cuts > RUNS, "too few cuts happened: " + cuts);
    }

    private static int run(int seed, TestBundles bundles, byte[][] pool) throws Exception {
        Random rng = new Random(seed);
        SimNode node = SimNode.fresh(bundles);
        Loader loader = node.start();
        loader.install("first.cryob", pool[0]);
        SimNode.settle(loader);
        long counterFloor = loader.state().securityCounter();
        int cuts = 0;
        for (int a = 0; a < ACTIONS_PER_RUN; a++) {
            int pick = rng.nextInt(pool.length);
            int action = rng.nextInt(4);
            boolean cut = rng.nextBoolean();
            if (cut) {
                node.disk.cutAt(rng.nextInt(60));
            }
            try {
                loader = node.start();
                if (action < 3) {
                    try {
                        loader.install("pool-" + pick + ".cryob", pool[pick]);
                    } catch (BundleRefusedException refused) {
                        // a downgrade or an install during a trial: refused, fine
                    }
                } else {
                    try {
                        loader.rollback();
                    } catch (Loader.RefusedException refused) {
                        // no good other slot: fine
                    }
                }
                SimNode.settle(loader);
                node.disk.disarm();
            } catch (PowerCut c) {
                cuts++;
                node.disk.powerCut(SimulatedDisk.CutPolicy.RANDOM, rng);
                if (rng.nextInt(3) == 0) {
                    // and the power fails again during the recovery
                    node.disk.cutAt(rng.nextInt(20));
                    try {
                        SimNode.settle(node.start());
                        node.disk.disarm();
                    } catch (PowerCut again) {
                        cuts++;
                        node.disk.powerCut(SimulatedDisk.CutPolicy.RANDOM, rng);
                    }
                }
                loader = node.start();
                assertEquals(List.of(), loader.alarms(), "seed " + seed + ": state unreadable after a cut");
            }
            node.disk.disarm();
            loader = node.start();
            SimNode.Settled settled = SimNode.settle(loader);
            LoaderState s = loader.state();
            String where = "seed " + seed + " action " + a + ": " + s + "\n" + String.join("\n", tail(node.disk.log()));
            assertFalse(settled.safeMode(), "safe mode with a good bundle installed before: " + where);
            assertEquals(SlotState.GOOD, s.slot(s.active()).state(), where);
            assertEquals(settled.version(), s.slot(s.active()).version(), where);
            assertTrue(s.securityCounter() >= counterFloor, "security counter went down: " + where);
            assertTrue(s.slot(s.active()).securityCounter() >= s.securityCounter(), "booted below the counter: " + where);
            counterFloor = s.securityCounter();
        }
        return cuts;
    }

    private static List<String> tail(List<String> log) {
        return log.subList(Math.max(0, log.size() - 40), log.size());
    }
}
