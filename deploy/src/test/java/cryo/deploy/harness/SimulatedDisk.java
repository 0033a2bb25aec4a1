package cryo.deploy.harness;

import cryo.deploy.fs.FileStore;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * An in-memory file system with POSIX durability rules, like MCUboot's flash simulator: file data
 * is durable only after fsync of the file, names (create, rename, delete) only after fsync of the
 * parent directory. Every mutating operation is counted; one can be armed to cut the power
 * ({@link PowerCut}) instead of running. {@link #powerCut} then decides what survived.
 */
public final class SimulatedDisk implements FileStore {

    /** What survives of the operations not yet made durable. */
    public enum CutPolicy {
        /** Nothing un-synced survives: the strict POSIX worst case. */
        LOSE_UNSYNCED,
        /** Everything survives, as if the cut came after the write-back. */
        KEEP_UNSYNCED,
        /** Names survive but un-synced file data is torn to half its length (ext4 data=writeback). */
        TORN_DATA,
        /** Each directory and each file independently one of the above, from a seeded RNG. */
        RANDOM
    }

    private static final class Inode {
        final boolean dir;
        byte[] data;
        byte[] durable;

        Inode(boolean dir) {
            this.dir = dir;
            this.data = new byte[0];
            this.durable = new byte[0];
        }
    }

    private Map<String, Inode> names = new TreeMap<>();
    private Map<String, Inode> durableNames = new TreeMap<>();
    private int operations;
    private int cutAt = -1;
    private int writes;
    private int renames;
    private int fsyncs;
    private final List<String> log = new ArrayList<>();

    public SimulatedDisk() {
        Inode root = new Inode(true);
        names.put("/", root);
        durableNames.put("/", root);
    }

    /** Creates directories already durable (the install script's work, not the loader's). */
    public void mkdirsDurable(Path dir) {
        Path p = dir.toAbsolutePath();
        for (int i = 1; i <= p.getNameCount(); i++) {
            String key = "/" + p.subpath(0, i);
            if (!names.containsKey(key)) {
                Inode d = new Inode(true);
                names.put(key, d);
                durableNames.put(key, d);
            }
        }
    }

    /** Arms a cut: operation number {@code index} (0-based, counted from now) will not happen. */
    public void cutAt(int index) {
        cutAt = operations + index;
    }

    public void disarm() {
        cutAt = -1;
    }

    /** Mutating operations since the disk was made (writes, fsyncs, renames, deletes, mkdirs). */
    public int operations() {
        return operations;
    }

    public int writes() {
        return writes;
    }

    public int renames() {
        return renames;
    }

    public int fsyncs() {
        return fsyncs;
    }

    public List<String> log() {
        return log;
    }

    /** The power comes back: keep what was durable, plus what the policy lets survive. */
    public void powerCut(CutPolicy policy, Random rng) {
        cutAt = -1;
        Map<String, Inode> survived = new TreeMap<>();
        // directory entries: durable ones, or the current ones, per directory
        Map<String, Boolean> keepVolatileNames = new HashMap<>();
        for (String dir : allDirs()) {
            boolean keep;
            switch (policy) {
                case LOSE_UNSYNCED: keep = false; break;
                case RANDOM: keep = rng.nextBoolean(); break;
                default: keep = true;
            }
            keepVolatileNames.put(dir, keep);
        }
        for (Map.Entry<String, Inode> e : durableNames.entrySet()) {
            if (!keepVolatileNames.getOrDefault(parent(e.getKey()), false)) {
                survived.put(e.getKey(), e.getValue());
            }
        }
        for (Map.Entry<String, Inode> e : names.entrySet()) {
            if (keepVolatileNames.getOrDefault(parent(e.getKey()), false)) {
                survived.put(e.getKey(), e.getValue());
            }
        }
        // drop orphans whose directory did not survive
        boolean changed = true;
        while (changed) {
            changed = false;
            for (String key : new ArrayList<>(survived.keySet())) {
                if (!key.equals("/") && (!survived.containsKey(parent(key)) || !survived.get(parent(key)).dir)) {
                    survived.remove(key);
                    changed = true;
                }
            }
        }
        Map<Inode, Boolean> seen = new IdentityHashMap<>();
        for (Inode inode : survived.values()) {
            if (inode.dir || seen.put(inode, true) != null) {
                continue;
            }
            CutPolicy p = policy == CutPolicy.RANDOM ? CutPolicy.values()[rng.nextInt(3)] : policy;
            if (!Arrays.equals(inode.data, inode.durable)) {
                if (p == CutPolicy.LOSE_UNSYNCED) {
                    inode.data = inode.durable;
                } else if (p == CutPolicy.TORN_DATA) {
                    inode.data = Arrays.copyOf(inode.data, inode.data.length / 2);
                }
            }
            inode.durable = inode.data;
        }
        names = survived;
        durableNames = new TreeMap<>(survived);
        log.add("--- power cut (" + policy + ") ---");
    }

    /** A deep copy, so each cut run starts from the same disk. */
    public SimulatedDisk copy() {
        SimulatedDisk c = new SimulatedDisk();
        Map<Inode, Inode> map = new IdentityHashMap<>();
        c.names = new TreeMap<>();
        c.durableNames = new TreeMap<>();
        for (Map.Entry<String, Inode> e : names.entrySet()) {
            c.names.put(e.getKey(), map.computeIfAbsent(e.getValue(), SimulatedDisk::clone));
        }
        for (Map.Entry<String, Inode> e : durableNames.entrySet()) {
            c.durableNames.put(e.getKey(), map.computeIfAbsent(e.getValue(), SimulatedDisk::clone));
        }
        return c;
    }

    /** Path to content of every file as the programs see it now. */
    public Map<String, String> snapshot() {
        Map<String, String> s = new TreeMap<>();
        for (Map.Entry<String, Inode> e : names.entrySet()) {
            s.put(e.getKey(), e.getValue().dir ? "<dir>" : Arrays.hashCode(e.getValue().data) + ":" + e.getValue().data.length);
        }
        return s;
    }

    private static Inode clone(Inode i) {
        Inode c = new Inode(i.dir);
        c.data = i.data;
        c.durable = i.durable;
        return c;
    }

    private List<String> allDirs() {
        List<String> dirs = new ArrayList<>();
        for (Map.Entry<String, Inode> e : names.entrySet()) {
            if (e.getValue().dir) {
                dirs.add(e.getKey());
            }
        }
        for (Map.Entry<String, Inode> e : durableNames.entrySet()) {
            if (e.getValue().dir && !dirs.contains(e.getKey())) {
                dirs.add(e.getKey());
            }
        }
        return dirs;
    }

    private void tick(String what) {
        if (operations == cutAt) {
            log.add("CUT before #" + operations + " " + what);
            throw new PowerCut("power cut before operation #" + operations + ": " + what);
        }
        log.add("#" + operations + " " + what);
        operations++;
    }

    private static String key(Path p) {
        String s = p.toAbsolutePath().normalize().toString();
        return s.isEmpty() ? "/" : s;
    }

    private static String parent(String key) {
        int i = key.lastIndexOf('/');
        return i <= 0 ? "/" : key.substring(0, i);
    }

    private Inode requireDir(String key) throws IOException {
        Inode d = names.get(key);
        if (d == null || !d.dir) {
            throw new NoSuchFileException(key);
        }
        return d;
    }

    @Override
    public byte[] read(Path file) throws IOException {
        Inode i = names.get(key(file));
        if (i == null || i.dir) {
            throw new NoSuchFileException(key(file));
        }
        return i.data.clone();
    }

    @Override
    public boolean exists(Path path) {
        return names.containsKey(key(path));
    }

    @Override
    public boolean isDirectory(Path path) {
        Inode i = names.get(key(path));
        return i != null && i.dir;
    }

    @Override
    public List<Path> list(Path dir) {
        String d = key(dir);
        List<Path> l = new ArrayList<>();
        for (String k : names.keySet()) {
            if (!k.equals("/") && parent(k).equals(d)) {
                l.add(Path.of(k));
            }
        }
        return l;
    }

    @Override
    public void write(Path file, byte[] content) throws IOException {
        String k = key(file);
        requireDir(parent(k));
        tick("write " + k + " (" + content.length + " bytes)");
        writes++;
        Inode i = names.get(k);
        if (i == null) {
            i = new Inode(false);
            names.put(k, i);
        }
        i.data = content.clone();
    }

    @Override
    public void fsync(Path file) throws IOException {
        String k = key(file);
        Inode i = names.get(k);
        if (i == null) {
            throw new NoSuchFileException(k);
        }
        tick("fsync " + k);
        fsyncs++;
        i.durable = i.data;
    }

    @Override
    public void fsyncDirectory(Path dir) throws IOException {
        String d = key(dir);
        requireDir(d);
        tick("fsync-dir " + d);
        fsyncs++;
        durableNames.entrySet().removeIf(e -> parent(e.getKey()).equals(d) && !e.getKey().equals("/"));
        for (Map.Entry<String, Inode> e : names.entrySet()) {
            if (!e.getKey().equals("/") && parent(e.getKey()).equals(d)) {
                durableNames.put(e.getKey(), e.getValue());
            }
        }
    }

    @Override
    public void rename(Path from, Path to) throws IOException {
        String f = key(from);
        String t = key(to);
        if (!names.containsKey(f)) {
            throw new NoSuchFileException(f);
        }
        requireDir(parent(t));
        tick("rename " + f + " -> " + t);
        renames++;
        names.put(t, names.remove(f));
    }

    @Override
    public void delete(Path path) throws IOException {
        String k = key(path);
        Inode i = names.get(k);
        if (i == null) {
            return;
        }
        if (i.dir && !list(path).isEmpty()) {
            throw new IOException("directory not empty: " + k);
        }
        tick("delete " + k);
        names.remove(k);
    }

    @Override
    public void createDirectory(Path dir) throws IOException {
        String k = key(dir);
        if (names.containsKey(k)) {
            if (!names.get(k).dir) {
                throw new FileAlreadyExistsException(k);
            }
            return;
        }
        requireDir(parent(k));
        tick("mkdir " + k);
        names.put(k, new Inode(true));
    }
}
