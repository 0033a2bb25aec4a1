package cryo.deploy.boot;

import cryo.deploy.slot.SlotName;
import cryo.v1.FirmwareManifest;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * What to launch.
 *
 * @param payloadDir    the slot's payload directory (classpath root)
 * @param trial         first boots after install, before confirmation
 * @param stopRequested polled while the controller runs; true asks the launcher to stop it
 *                      (an update is waiting in the inbox)
 */
public record BootRequest(SlotName slot, Path payloadDir, FirmwareManifest manifest, boolean trial,
                          BooleanSupplier stopRequested) {
}
