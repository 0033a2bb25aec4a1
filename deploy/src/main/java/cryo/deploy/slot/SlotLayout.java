package cryo.deploy.slot;

import java.nio.file.Path;

/**
 * Where the loader keeps things under its root directory:
 * <pre>
 * ROOT/state/record.0, record.1   the two copies of the state record
 * ROOT/slots/a/, ROOT/slots/b/    slot contents: manifest.pb, manifest.sig, payload/...
 * ROOT/inbox/                     bundles dropped here are installed (then removed)
 * ROOT/inbox/rejected/            refused bundles, kept for inspection
 * ROOT/logs/                      controller stdout/stderr per slot
 * </pre>
 */
public final class SlotLayout {
    public static final String MANIFEST_FILE = "manifest.pb";
    public static final String SIGNATURE_FILE = "manifest.sig";
    public static final String PAYLOAD_DIR = "payload";

    private final Path root;

    public SlotLayout(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path stateDir() {
        return root.resolve("state");
    }

    public Path slotsDir() {
        return root.resolve("slots");
    }

    public Path slotDir(SlotName slot) {
        return slotsDir().resolve(slot.id());
    }

    public Path manifest(SlotName slot) {
        return slotDir(slot).resolve(MANIFEST_FILE);
    }

    public Path signature(SlotName slot) {
        return slotDir(slot).resolve(SIGNATURE_FILE);
    }

    public Path payloadDir(SlotName slot) {
        return slotDir(slot).resolve(PAYLOAD_DIR);
    }

    public Path inboxDir() {
        return root.resolve("inbox");
    }

    public Path rejectedDir() {
        return inboxDir().resolve("rejected");
    }

    public Path logsDir() {
        return root.resolve("logs");
    }
}
