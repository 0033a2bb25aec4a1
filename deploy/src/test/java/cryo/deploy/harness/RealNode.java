package cryo.deploy.harness;

import cryo.deploy.boot.ChildProcessLauncher;
import cryo.deploy.boot.ChildProcessSettings;
import cryo.deploy.boot.Loader;
import cryo.deploy.boot.LoaderSettings;
import cryo.deploy.bundle.BundleBuilder;
import cryo.deploy.bundle.KeyFiles;
import cryo.deploy.bundle.TrustedKeys;
import cryo.deploy.cli.SystemLoaderClock;
import cryo.deploy.fs.RealFileStore;
import cryo.deploy.slot.SlotLayout;
import cryo.deploy.testfirmware.FakeFirmware;
import cryo.deploy.testfirmware.FirmwareJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;

/** A loader on a real directory that runs fake firmware as real child JVMs, with short timeouts. */
public final class RealNode {
    public static final long HEALTH_TIMEOUT_MILLIS = 4_000;
    public static final long HEARTBEAT_TIMEOUT_MILLIS = 600;
    public static final long SOAK_MILLIS = 1_200;
    /** ConfirmThenExit runs this long, so it exits cleanly after its confirmation. */
    public static final String RUN_MILLIS = "2000";

    public final Path root;
    public final SlotLayout layout;
    public final KeyPair key = KeyFiles.generate();
    public final TrustedKeys trusted = new TrustedKeys("test", List.of(key.getPublic()));
    private final byte[] firmwareJar;

    public RealNode(Path root) throws IOException {
        this.root = root;
        this.layout = new SlotLayout(root);
        Files.createDirectories(layout.stateDir());
        Files.createDirectories(layout.slotsDir());
        Files.createDirectories(layout.inboxDir());
        this.firmwareJar = FirmwareJars.fakeFirmwareJar();
    }

    public ChildProcessSettings childSettings() {
        return new ChildProcessSettings(ChildProcessSettings.currentJava(), List.of("-Xshare:auto", "-XX:TieredStopAtLevel=1"),
                List.of(RUN_MILLIS), Map.of(), HEALTH_TIMEOUT_MILLIS, HEARTBEAT_TIMEOUT_MILLIS, SOAK_MILLIS, 2_000, 100,
                layout.logsDir());
    }

    public Loader start() throws IOException {
        return new Loader(layout, new RealFileStore(), trusted, LoaderSettings.DEFAULT,
                new ChildProcessLauncher(childSettings(), new SystemLoaderClock()), new SystemLoaderClock());
    }

    /** A bundle of the fake-firmware jar whose main class is one of {@link FakeFirmware}'s behaviours. */
    public byte[] bundle(String version, long counter, Class<?> behaviour) {
        return new BundleBuilder().version(version).securityCounter(counter).mainClass(behaviour.getName())
                .file("controller.jar", firmwareJar).build(key);
    }

    public String log(String slot) throws IOException {
        Path p = layout.logsDir().resolve("slot-" + slot + ".log");
        return Files.exists(p) ? Files.readString(p) : "(no log)";
    }
}
