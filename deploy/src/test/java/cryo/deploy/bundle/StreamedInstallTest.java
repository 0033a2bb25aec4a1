package cryo.deploy.bundle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.deploy.boot.Loader;
import cryo.deploy.boot.LoaderSettings;
import cryo.deploy.fs.FileStore;
import cryo.deploy.harness.SimNode;
import cryo.deploy.harness.SimulatedDisk;
import cryo.deploy.harness.TestBundles;
import cryo.deploy.slot.SlotLayout;
import cryo.deploy.slot.SlotName;
import cryo.deploy.slot.SlotState;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A bundle file is installed in two streamed passes (verify, then write while hashing again).
 * One that changes between the passes is refused and its slot stays bad, never trial; an
 * unchanged one lands byte for byte and boots.
 */
class StreamedInstallTest {
    private final TestBundles bundles = new TestBundles();
    private final Path file = SimNode.ROOT.resolve("inbox/update.cryob");

    @Test
    void aBundleFileIsInstalledAndBoots() throws Exception {
        SimNode node = SimNode.fresh(bundles);
        byte[] bundle = bundles.bundle("1.0.0", 1, "good");
        node.disk.createDirectory(SimNode.ROOT.resolve("inbox"));
        node.disk.write(file, bundle);
        Loader loader = node.start();
        assertEquals(SlotName.B, loader.install("update.cryob", file, false));
        assertEquals("1.0.0", SimNode.settle(loader).version());
    }

    @Test
    void aBundleThatChangesBetweenVerifyAndWriteIsRefusedAndItsSlotStaysBad() throws Exception {
        SimNode node = SimNode.fresh(bundles);
        byte[] bundle = bundles.bundle("1.0.0", 1, "good");
        node.disk.createDirectory(SimNode.ROOT.resolve("inbox"));
        node.disk.write(file, bundle);
        FileStore swapping = new SwapOnSecondRead(node.disk, file);
        Loader loader = new Loader(new SlotLayout(SimNode.ROOT), swapping, bundles.trusted, LoaderSettings.DEFAULT,
                node.launcher, SimNode.FIXED_CLOCK);
        BundleRefusedException e = assertThrows(BundleRefusedException.class, () -> loader.install("update.cryob", file, false));
        assertTrue(e.getMessage().startsWith("bundle 'update.cryob' refused: sha256 of "), e.getMessage());
        assertEquals(SlotState.BAD, loader.state().slot(SlotName.B).state());
        assertTrue(SimNode.settle(loader).safeMode(), "nothing to boot: the changed bundle never became a trial");
    }

    /** The store as it is, except that the second read of {@code file} sees its last payload byte flipped. */
    private static final class SwapOnSecondRead implements FileStore {
        private final SimulatedDisk disk;
        private final Path file;
        private int reads;

        SwapOnSecondRead(SimulatedDisk disk, Path file) {
            this.disk = disk;
            this.file = file;
        }

        @Override
        public InputStream openRead(Path f) throws IOException {
            byte[] b = disk.read(f);
            if (f.equals(file) && ++reads == 2) {
                b[b.length - 1] ^= 1;
            }
            return new ByteArrayInputStream(b);
        }

        @Override
        public byte[] read(Path f) throws IOException {
            return disk.read(f);
        }

        @Override
        public boolean exists(Path p) {
            return disk.exists(p);
        }

        @Override
        public boolean isDirectory(Path p) {
            return disk.isDirectory(p);
        }

        @Override
        public List<Path> list(Path dir) throws IOException {
            return disk.list(dir);
        }

        @Override
        public void write(Path f, byte[] content) throws IOException {
            disk.write(f, content);
        }

        @Override
        public void fsync(Path f) throws IOException {
            disk.fsync(f);
        }

        @Override
        public void fsyncDirectory(Path dir) throws IOException {
            disk.fsyncDirectory(dir);
        }

        @Override
        public void rename(Path from, Path to) throws IOException {
            disk.rename(from, to);
        }

        @Override
        public void delete(Path p) throws IOException {
            disk.delete(p);
        }

        @Override
        public void createDirectory(Path dir) throws IOException {
            disk.createDirectory(dir);
        }
    }
}
