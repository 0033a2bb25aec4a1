package cryo.deploy.bundle;

/** Size limits checked before anything is trusted or written; they bound memory and disk use. */
public record BundleLimits(long maxBundleBytes, long maxFileBytes, int maxFiles) {
    /**
     * A controller bundle is ~4 MB; these leave room without letting a bundle fill a Pi's SD card.
     * {@code bundle build} and {@code verify} stream, so these sizes need no heap.
     */
    public static final BundleLimits DEFAULT = new BundleLimits(256L << 20, 256L << 20, 512);

    /**
     * The loader's install path still holds a bundle in memory (about twice: file and payloads),
     * so it accepts only what fits a quarter of its heap: 15 MB under -Xmx64m. A larger bundle is
     * refused with this limit named, before it is read, instead of running the loader out of memory.
     */
    public static BundleLimits forHeap(long maxHeapBytes) {
        long max = Math.min(DEFAULT.maxBundleBytes(), maxHeapBytes / 4);
        return new BundleLimits(max, Math.min(DEFAULT.maxFileBytes(), max), DEFAULT.maxFiles());
    }
}
