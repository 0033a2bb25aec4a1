package cryo.deploy.state;

import cryo.deploy.fs.AtomicFiles;
import cryo.deploy.fs.FileStore;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The state record in two copies ({@code record.0}, {@code record.1}). Each save writes the copy
 * that was NOT loaded, atomically, with generation + 1; a load picks the valid copy with the higher
 * generation. So a power cut during a save leaves the previous state readable in the other copy.
 */
public final class StateStore {
    private final FileStore store;
    private final Path dir;
    private LoaderState current;
    private int currentCopy = 1; // so the first save of a fresh node writes copy 0

    public StateStore(FileStore store, Path stateDir) {
        this.store = store;
        this.dir = stateDir;
    }

    public Path copyPath(int copy) {
        return dir.resolve("record." + copy);
    }

    /** Reads both copies; never throws for bad content, only reports it in {@link LoadResult#problems()}. */
    public LoadResult load() throws IOException {
        List<String> problems = new ArrayList<>();
        LoaderState best = null;
        int bestCopy = -1;
        int missing = 0;
        for (int copy = 0; copy < 2; copy++) {
            Path p = copyPath(copy);
            byte[] bytes;
            try {
                bytes = store.read(p);
            } catch (NoSuchFileException e) {
                missing++;
                continue;
            }
            try {
                LoaderState s = StateCodec.decode(bytes);
                if (best == null || s.generation() > best.generation()) {
                    best = s;
                    bestCopy = copy;
                }
            } catch (StateFormatException e) {
                problems.add("state copy " + p + " unusable: " + e.getMessage());
            }
        }
        if (best == null) {
            current = LoaderState.FRESH;
            currentCopy = 1;
            return new LoadResult(current, missing == 2, missing < 2, problems);
        }
        current = best;
        currentCopy = bestCopy;
        return new LoadResult(current, false, false, problems);
    }

    /** The state last loaded or saved. */
    public LoaderState current() {
        if (current == null) {
            throw new IllegalStateException("load() before current()");
        }
        return current;
    }

    /** Writes {@code next} with the next generation into the other copy. */
    public LoaderState save(LoaderState next) throws IOException {
        long generation = current == null ? 1 : current.generation() + 1;
        LoaderState stamped = next.withGeneration(generation);
        int target = 1 - currentCopy;
        AtomicFiles.replace(store, copyPath(target), StateCodec.encode(stamped));
        current = stamped;
        currentCopy = target;
        return stamped;
    }

    /**
     * What {@link #load()} found.
     *
     * @param fresh     neither copy exists: nothing was ever installed
     * @param defaulted copies exist but none is usable: the state is the safe default and the
     *                  caller raises an alarm
     * @param problems  every copy that exists but cannot be used, with the reason
     */
    public record LoadResult(LoaderState state, boolean fresh, boolean defaulted, List<String> problems) {
    }
}
