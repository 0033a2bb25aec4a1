package cryo.deploy.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.deploy.boot.BootOutcome;
import cryo.deploy.boot.FirmwareLauncher;
import cryo.deploy.boot.Loader;
import cryo.deploy.boot.LoaderSettings;
import cryo.deploy.harness.SimNode;
import cryo.deploy.harness.TestBundles;
import cryo.deploy.slot.SlotLayout;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The security counter cannot brick a node's updates: out-of-range counters (a mistyped -1 is
 * 2^64-1 on the wire) are refused at install; one bundle raises the counter by at most
 * MAX_COUNTER_STEP unless the operator deliberately allows a jump; and whatever a node accepted,
 * a later bundle can meet it.
 */
class SecurityCounterTest {
    private final TestBundles bundles = new TestBundles();

    @Test
    void outOfRangeCountersAreRefusedAtInstallEvenWithAJump() throws Exception {
        Loader loader = SimNode.fresh(bundles).start();
        for (long counter : new long[] {-1L, Long.MIN_VALUE, Long.MAX_VALUE, ManifestChecks.MAX_SECURITY_COUNTER + 1}) {
            byte[] b = crafted("1.0.0", counter);
            BundleRefusedException e = assertThrows(BundleRefusedException.class, () -> loader.install("typo.cryob", b, true));
            assertEquals("bundle 'typo.cryob' refused: security counter: expected 0..1000000, found " + Long.toUnsignedString(counter),
                    e.getMessage());
        }
        assertEquals(0, loader.state().securityCounter());
    }

    @Test
    void oneBundleRaisesTheCounterByAtMostTheStepUnlessAJumpIsAllowed() throws Exception {
        SimNode node = SimNode.fresh(bundles);
        Loader loader = node.start();
        loader.install("v1.cryob", bundles.bundle("1.0.0", 5, "good"));
        assertEquals("1.0.0", SimNode.settle(loader).version());
        assertEquals(5, loader.state().securityCounter());

        BundleRefusedException e = assertThrows(BundleRefusedException.class,
                () -> loader.install("v2.cryob", bundles.bundle("2.0.0", 5 + ManifestChecks.MAX_COUNTER_STEP + 1, "good")));
        assertTrue(e.getMessage().contains("security counter: expected at most 15"), e.getMessage());
        assertTrue(e.getMessage().contains("--allow-counter-jump"), e.getMessage());

        loader.install("v2.cryob", bundles.bundle("2.0.0", 5 + ManifestChecks.MAX_COUNTER_STEP, "good"));
        assertEquals("2.0.0", SimNode.settle(loader).version());
        assertEquals(15, loader.state().securityCounter());

        // the deliberate step: the highest counter a bundle may carry ...
        loader.install("v3.cryob", bundles.bundle("3.0.0", ManifestChecks.MAX_SECURITY_COUNTER, "good"), true);
        assertEquals("3.0.0", SimNode.settle(loader).version());
        assertEquals(ManifestChecks.MAX_SECURITY_COUNTER, loader.state().securityCounter());
        // ... can still be met by a later bundle, which a builder can make (build accepts it)
        loader.install("v4.cryob", bundles.bundle("4.0.0", ManifestChecks.MAX_SECURITY_COUNTER, "good"));
        assertEquals("4.0.0", SimNode.settle(loader).version());
    }

    @Test
    void aRunningConfirmedSlotNoLongerReadsAsOnTrial() throws Exception {
        SimNode node = SimNode.fresh(bundles);
        AtomicReference<Loader> ref = new AtomicReference<>();
        AtomicReference<String> whileRunning = new AtomicReference<>();
        FirmwareLauncher launcher = (request, onConfirmed) -> {
            assertTrue(ref.get().state().lastBootOutcome().contains("on trial"), ref.get().state().lastBootOutcome());
            onConfirmed.confirmed();
            whileRunning.set(ref.get().state().lastBootOutcome());
            return new BootOutcome(true, "stopped");
        };
        Loader loader = new Loader(new SlotLayout(SimNode.ROOT), node.disk, bundles.trusted, LoaderSettings.DEFAULT, launcher,
                SimNode.FIXED_CLOCK);
        ref.set(loader);
        loader.install("v1.cryob", bundles.bundle("1.0.0", 0, "good"));
        loader.step(() -> false);
        assertFalse(whileRunning.get().contains("trial"), whileRunning.get());
        assertEquals("running 1.0.0, confirmed", whileRunning.get());
    }

    private byte[] crafted(String version, long counter) {
        return new BundleBuilder().version(version).securityCounter(counter).mainClass("cryo.Fake")
                .file(TestBundles.PAYLOAD_PATH, new byte[] {1, 2, 3}).build(bundles.key);
    }
}
