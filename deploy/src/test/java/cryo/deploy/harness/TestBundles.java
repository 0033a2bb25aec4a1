package cryo.deploy.harness;

import cryo.deploy.bundle.BundleBuilder;
import cryo.deploy.bundle.TrustedKeys;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import cryo.deploy.bundle.KeyFiles;

/** One signing key and bundles built with it; each version's payload says how it behaves. */
public final class TestBundles {
    public static final String PAYLOAD_PATH = "controller.jar";
    public final KeyPair key = KeyFiles.generate();
    public final TrustedKeys trusted = new TrustedKeys("test-keys", List.of(key.getPublic()));
    public final Map<String, byte[]> payloadByVersion = new HashMap<>();

    /** A bundle whose firmware confirms ("good") or crashes ("crash"). */
    public byte[] bundle(String version, long securityCounter, String behaviour) {
        byte[] payload = ("fake controller " + version + " behaviour=" + behaviour + "\n").getBytes(StandardCharsets.UTF_8);
        payloadByVersion.put(version, payload);
        return new BundleBuilder().version(version).securityCounter(securityCounter).mainClass("cryo.Fake")
                .file(PAYLOAD_PATH, payload).file("lib/extra.jar", ("library of " + version).getBytes(StandardCharsets.UTF_8))
                .build(key);
    }
}
