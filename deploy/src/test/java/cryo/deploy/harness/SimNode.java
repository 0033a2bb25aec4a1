package cryo.deploy.harness;

import static org.junit.jupiter.api.Assertions.fail;

import cryo.deploy.boot.BootOutcome;
import cryo.deploy.boot.Loader;
import cryo.deploy.boot.LoaderClock;
import cryo.deploy.boot.LoaderSettings;
import cryo.deploy.boot.StepResult;
import cryo.deploy.slot.SlotLayout;
import java.io.IOException;
import java.nio.file.Path;

/** A node on a simulated disk: restart it (a new Loader reading the disk) as often as a test likes. */
public final class SimNode {
    public static final Path ROOT = Path.of("/var/lib/cryo");
    public static final LoaderClock FIXED_CLOCK = new LoaderClock() {
        @Override
        public long monotonicMillis() {
            return 1_000;
        }

        @Override
        public long unixMillis() {
            return 1_700_000_000_000L;
        }
    };

    public final SimulatedDisk disk;
    public final TestBundles bundles;
    public final ScriptedLauncher launcher;

    public SimNode(SimulatedDisk disk, TestBundles bundles) {
        this.disk = disk;
        this.bundles = bundles;
        this.launcher = new ScriptedLauncher(disk, bundles.payloadByVersion);
    }

    public static SimNode fresh(TestBundles bundles) {
        SimulatedDisk disk = new SimulatedDisk();
        SlotLayout layout = new SlotLayout(ROOT);
        disk.mkdirsDurable(layout.stateDir());
        disk.mkdirsDurable(layout.slotsDir());
        return new SimNode(disk, bundles);
    }

    public SimNode copy() {
        return new SimNode(disk.copy(), bundles);
    }

    /** Starts the loader program (reads the state record from the disk). */
    public Loader start() throws IOException {
        return new Loader(new SlotLayout(ROOT), disk, bundles.trusted, LoaderSettings.DEFAULT, launcher, FIXED_CLOCK);
    }

    /** What a run of steps ended in. */
    public record Settled(boolean safeMode, String version, String detail) {
    }

    /** Steps until a slot is confirmed running or safe mode is required; fails after 30 steps. */
    public static Settled settle(Loader loader) throws IOException {
        for (int i = 0; i < 30; i++) {
            StepResult r = loader.step(() -> false);
            if (r instanceof StepResult.SafeModeRequired) {
                return new Settled(true, "", ((StepResult.SafeModeRequired) r).reason());
            }
            if (r instanceof StepResult.Booted) {
                BootOutcome o = ((StepResult.Booted) r).outcome();
                if (o.confirmed()) {
                    return new Settled(false, ((StepResult.Booted) r).version(), o.description());
                }
            }
        }
        fail("the loader did not settle in 30 steps: " + loader.state());
        return null;
    }
}
