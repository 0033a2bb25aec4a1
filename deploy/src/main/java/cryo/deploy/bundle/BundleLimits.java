package cryo.deploy.bundle;

/** Size limits checked before anything is trusted or written; they bound memory and disk use. */
public record BundleLimits(long maxBundleBytes, long maxFileBytes, int maxFiles) {
    /**
     * A controller bundle is ~4 MB; these leave room without letting a bundle fill a Pi's SD card.
     * Building, verifying and installing a bundle file stream it, so these sizes need no heap.
     */
    public static final BundleLimits DEFAULT = new BundleLimits(256L << 20, 256L << 20, 512);
}
