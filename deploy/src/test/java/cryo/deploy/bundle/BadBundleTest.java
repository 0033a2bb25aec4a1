package cryo.deploy.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.deploy.boot.Loader;
import cryo.deploy.boot.LoaderSettings;
import cryo.deploy.harness.SimNode;
import cryo.deploy.harness.TestBundles;
import cryo.deploy.slot.SlotLayout;
import cryo.deploy.state.LoaderState;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each bad bundle is refused with a message naming the bundle, the check and expected vs found; nothing is written. */
class BadBundleTest {
    private TestBundles bundles;
    private SimNode node;
    private Loader loader;

    @BeforeEach
    void nodeRunningVersionWithCounterTwo() throws Exception {
        bundles = new TestBundles();
        node = SimNode.fresh(bundles);
        loader = node.start();
        loader.install("good.cryob", bundles.bundle("2.0.0", 2, "good"));
        SimNode.settle(loader);
        assertEquals(2, loader.state().securityCounter());
    }

    private void assertRefused(String name, byte[] bundle, String... expectedInMessage) throws Exception {
        LoaderState before = loader.state();
        Map<String, String> disk = node.disk.snapshot();
        int operations = node.disk.operations();
        BundleRefusedException e = assertThrows(BundleRefusedException.class, () -> loader.install(name, bundle));
        assertTrue(e.getMessage().startsWith("bundle '" + name + "' refused: "), e.getMessage());
        for (String part : expectedInMessage) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' not in: " + e.getMessage());
        }
        assertEquals(operations, node.disk.operations(), "a refused bundle wrote to disk");
        assertEquals(disk, node.disk.snapshot());
        assertEquals(before, loader.state());
        assertEquals(before, node.start().state(), "state record changed");
    }

    @Test
    void unknownKey() throws Exception {
        KeyPair stranger = KeyFiles.generate();
        byte[] b = new BundleBuilder().version("3.0.0").securityCounter(2).mainClass("x.Main").file("controller.jar", new byte[10]).build(stranger);
        assertRefused("stranger.cryob", b, "signing key: expected one of 1 trusted key(s)", "(unknown key)");
    }

    @Test
    void wrongKeyClaimingTheTrustedFingerprint() throws Exception {
        KeyPair stranger = KeyFiles.generate();
        // signed by the stranger, but naming the trusted key
        byte[] b = new BundleBuilder().version("3.0.0").securityCounter(2).mainClass("x.Main").file("controller.jar", new byte[10])
                .build(stranger.getPrivate(), bundles.key.getPublic());
        assertRefused("forged.cryob", b, "signature: expected a valid Ed25519 signature by key", "does not verify");
    }

    @Test
    void tamperedPayload() throws Exception {
        byte[] b = bundles.bundle("3.0.0", 2, "good");
        b[b.length - 1] ^= 1;
        assertRefused("tampered.cryob", b, "sha256 of lib/extra.jar: expected ", ", found ");
    }

    @Test
    void tamperedManifest() throws Exception {
        byte[] b = bundles.bundle("3.0.0", 2, "good");
        int at = indexOf(b, "3.0.0".getBytes(StandardCharsets.US_ASCII));
        b[at] = '9';
        assertRefused("tampered-manifest.cryob", b, "signature: expected a valid Ed25519 signature");
    }

    @Test
    void truncatedFile() throws Exception {
        byte[] b = bundles.bundle("3.0.0", 2, "good");
        assertRefused("truncated.cryob", Arrays.copyOf(b, b.length - 5), "file length: expected " + b.length + " bytes",
                "found " + (b.length - 5) + " bytes (truncated)");
        assertRefused("stub.cryob", Arrays.copyOf(b, 10), "header: expected at least 16 bytes, found 10 bytes");
        assertRefused("text.cryob", "hello, not a bundle".getBytes(StandardCharsets.US_ASCII), "magic: expected 'CRYOBNDL', found 'hello, n'");
    }

    @Test
    void oversizedFile() throws Exception {
        loader = new Loader(new SlotLayout(SimNode.ROOT), node.disk, bundles.trusted,
                new LoaderSettings(3, new BundleLimits(4096, 1024, 8)), node.launcher, SimNode.FIXED_CLOCK);
        byte[] big = new BundleBuilder().version("3.0.0").securityCounter(2).mainClass("x.Main").file("controller.jar", new byte[2000])
                .build(bundles.key);
        assertRefused("big-file.cryob", big, "size of payload controller.jar: expected at most 1024 bytes, found 2000 bytes");
        byte[] huge = new BundleBuilder().version("3.0.0").securityCounter(2).mainClass("x.Main").file("controller.jar", new byte[5000])
                .build(bundles.key);
        assertRefused("huge.cryob", huge, "bundle size: expected at most 4096 bytes, found " + huge.length + " bytes");
    }

    @Test
    void downgradeBelowTheSecurityCounter() throws Exception {
        assertRefused("old.cryob", bundles.bundle("1.0.0", 1, "good"), "security counter: expected at least 2 (no downgrade), found 1");
    }

    @Test
    void loaderTooOld() throws Exception {
        byte[] b = new BundleBuilder().version("3.0.0").securityCounter(2).mainClass("x.Main").minLoaderVersion("9.0.0")
                .file("controller.jar", new byte[10]).build(bundles.key);
        assertRefused("future.cryob", b, "min_loader_version: expected at most this loader's 1.0.0, found 9.0.0");
    }

    @Test
    void unsafePayloadPath() throws Exception {
        byte[] b = new BundleBuilder().version("3.0.0").securityCounter(2).mainClass("x.Main").file("../../etc/passwd", new byte[10])
                .build(bundles.key);
        assertRefused("escape.cryob", b, "payload path: expected a relative path", "'../../etc/passwd'");
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i <= hay.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
