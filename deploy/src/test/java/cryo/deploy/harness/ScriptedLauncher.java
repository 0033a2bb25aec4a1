package cryo.deploy.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import cryo.deploy.boot.BootOutcome;
import cryo.deploy.boot.BootRequest;
import cryo.deploy.boot.FirmwareLauncher;
import cryo.deploy.slot.SlotName;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A launcher for the power-cut harness: instead of a child process it reads the slot's payload
 * from the simulated disk, asserts it is byte for byte the bundle that was built for that version
 * (never a half-written slot), and behaves as the payload says ("good" confirms, "crash" fails).
 */
public final class ScriptedLauncher implements FirmwareLauncher {
    private final SimulatedDisk disk;
    private final Map<String, byte[]> payloadByVersion;
    private final List<String> launches = new ArrayList<>();

    public ScriptedLauncher(SimulatedDisk disk, Map<String, byte[]> payloadByVersion) {
        this.disk = disk;
        this.payloadByVersion = payloadByVersion;
    }

    public List<String> launches() {
        return launches;
    }

    @Override
    public BootOutcome boot(BootRequest request, ConfirmListener onConfirmed) throws IOException {
        String version = request.manifest().getVersion();
        byte[] expected = payloadByVersion.get(version);
        assertNotNull(expected, "launched a version no test bundle has: " + version);
        byte[] onDisk = disk.read(request.payloadDir().resolve(TestBundles.PAYLOAD_PATH));
        assertArrayEquals(expected, onDisk, "slot " + request.slot().id() + " launched with a payload that is not bundle " + version);
        launches.add(request.slot().id() + ":" + version);
        String behaviour = new String(onDisk, StandardCharsets.UTF_8);
        if (behaviour.contains("behaviour=good")) {
            onConfirmed.confirmed();
            return new BootOutcome(true, "confirmed, then exited with code 0");
        }
        return BootOutcome.failed("exited with code 3 before the handshake");
    }

    public static SlotName slotOf(String launch) {
        return SlotName.parse(launch.substring(0, 1));
    }
}
