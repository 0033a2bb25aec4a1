package cryo.deploy.bundle;

/** Size limits checked before anything is trusted or written; they bound memory and disk use. */
public record BundleLimits(long maxBundleBytes, long maxFileBytes, int maxFiles) {
    /** A controller bundle is ~10 MB; these leave room without letting a bundle fill a Pi's SD card. */
    public static final BundleLimits DEFAULT = new BundleLimits(256L << 20, 128L << 20, 512);
}
