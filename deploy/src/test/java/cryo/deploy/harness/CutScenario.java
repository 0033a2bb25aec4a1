package cryo.deploy.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.deploy.boot.Loader;
import cryo.deploy.bundle.BundleRefusedException;
import cryo.deploy.slot.SlotName;
import cryo.deploy.slot.SlotState;
import cryo.deploy.state.LoaderState;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * A sequence of loader actions on a prepared node, to be cut at every one of its file operations.
 * Instances keep the bundles built by {@link #prepare} for {@link #run}; use one thread.
 */
public abstract class CutScenario {
    public final String name;

    protected CutScenario(String name) {
        this.name = name;
    }

    /** The node before the scenario (set up without cuts). */
    public abstract SimNode prepare(TestBundles bundles) throws Exception;

    /** The actions; a cut interrupts them anywhere. */
    public abstract void run(Loader loader) throws Exception;

    /** After the cut and a restart that settled: what must hold. */
    public abstract void check(Loader restarted, SimNode.Settled settled) throws Exception;

    /** File operations the scenario performs without a cut: its number of cut points per policy. */
    public int countOperations() throws Exception {
        SimNode node = prepare(new TestBundles());
        int before = node.disk.operations();
        run(node.start());
        return node.disk.operations() - before;
    }

    public static final List<CutScenario> ALL = List.of(new InstallThenBoot(), new FailedTrialRollback(), new OperatorRollbackTwice());

    static SimNode nodeRunning(TestBundles bundles, String version, long counter) throws IOException, BundleRefusedException {
        SimNode node = SimNode.fresh(bundles);
        Loader l = node.start();
        l.install(version + ".cryob", bundles.bundle(version, counter, "good"));
        assertEquals(version, SimNode.settle(l).version());
        return node;
    }

    /** Every state the loader leaves behind: the active slot good and its record matching. */
    static void assertConsistent(LoaderState s, String runningVersion) {
        assertEquals(SlotState.GOOD, s.slot(s.active()).state(), "active slot not good: " + s);
        assertEquals(runningVersion, s.slot(s.active()).version(), "active slot record differs from what runs: " + s);
        assertTrue(Long.compareUnsigned(s.slot(s.active()).securityCounter(), s.securityCounter()) >= 0,
                "running below the security counter: " + s);
    }

    /** A has good 1.0.0; install good 2.0.0 (counter 2) into B and boot it on trial until confirmed. */
    static final class InstallThenBoot extends CutScenario {
        private byte[] update;

        InstallThenBoot() {
            super("install-then-boot");
        }

        @Override
        public SimNode prepare(TestBundles bundles) throws Exception {
            SimNode node = nodeRunning(bundles, "1.0.0", 1);
            update = bundles.bundle("2.0.0", 2, "good");
            return node;
        }

        @Override
        public void run(Loader loader) throws Exception {
            loader.install("2.0.0.cryob", update);
            assertEquals("2.0.0", SimNode.settle(loader).version());
        }

        @Override
        public void check(Loader restarted, SimNode.Settled settled) throws Exception {
            assertFalse(settled.safeMode(), "safe mode although slot a stayed good: " + settled.detail());
            assertTrue(Set.of("1.0.0", "2.0.0").contains(settled.version()), settled.version());
            assertConsistent(restarted.state(), settled.version());
            assertEquals(settled.version().equals("2.0.0") ? 2 : 1, restarted.state().securityCounter(),
                    "the counter rises exactly when 2.0.0 is confirmed: " + restarted.state());
            if (settled.version().equals("1.0.0")) {
                // the update did not commit: the node must still take it
                restarted.install("2.0.0.cryob", update);
                assertEquals("2.0.0", SimNode.settle(restarted).version());
                assertConsistent(restarted.state(), "2.0.0");
            }
        }
    }

    /** A has good 1.0.0; install crashing 2.0.0, which fails its tries and rolls back to A. */
    static final class FailedTrialRollback extends CutScenario {
        private byte[] update;

        FailedTrialRollback() {
            super("failed-trial-rollback");
        }

        @Override
        public SimNode prepare(TestBundles bundles) throws Exception {
            SimNode node = nodeRunning(bundles, "1.0.0", 1);
            update = bundles.bundle("2.0.0", 2, "crash");
            return node;
        }

        @Override
        public void run(Loader loader) throws Exception {
            loader.install("2.0.0.cryob", update);
            assertEquals("1.0.0", SimNode.settle(loader).version());
        }

        @Override
        public void check(Loader restarted, SimNode.Settled settled) {
            assertFalse(settled.safeMode(), "safe mode although slot a stayed good: " + settled.detail());
            assertEquals("1.0.0", settled.version());
            LoaderState s = restarted.state();
            assertConsistent(s, "1.0.0");
            assertNotEquals(SlotState.GOOD, s.slot(s.active().other()).state(), "the crashing firmware was marked good: " + s);
            assertEquals(1, s.securityCounter(), "counter raised by firmware that never confirmed: " + s);
        }
    }

    /** A good 1.0.0 and B good 1.1.0 (same counter); the operator rolls back to A, then back to B. */
    static final class OperatorRollbackTwice extends CutScenario {
        OperatorRollbackTwice() {
            super("rollback-of-a-rollback");
        }

        @Override
        public SimNode prepare(TestBundles bundles) throws Exception {
            SimNode node = nodeRunning(bundles, "1.0.0", 1);
            Loader l = node.start();
            l.install("1.1.0.cryob", bundles.bundle("1.1.0", 1, "good"));
            assertEquals("1.1.0", SimNode.settle(l).version());
            return node;
        }

        @Override
        public void run(Loader loader) throws Exception {
            loader.rollback();
            assertEquals("1.0.0", SimNode.settle(loader).version());
            loader.rollback();
            assertEquals("1.1.0", SimNode.settle(loader).version());
        }

        @Override
        public void check(Loader restarted, SimNode.Settled settled) {
            assertFalse(settled.safeMode(), settled.detail());
            assertTrue(Set.of("1.0.0", "1.1.0").contains(settled.version()), settled.version());
            LoaderState s = restarted.state();
            assertConsistent(s, settled.version());
            assertEquals(SlotState.GOOD, s.slot(SlotName.A).state(), "a rollback lost slot a: " + s);
            assertEquals(SlotState.GOOD, s.slot(SlotName.B).state(), "a rollback lost slot b: " + s);
        }
    }
}
