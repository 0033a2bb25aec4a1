package cryo.deploy.bundle;

/**
 * A bundle failed a check. The message names the bundle, the check, and the expected versus the
 * found value, e.g. {@code bundle 'v2.cryob' refused: security counter: expected at least 4, found 3}.
 */
public final class BundleRefusedException extends Exception {
    private final String bundleName;
    private final String check;

    public BundleRefusedException(String bundleName, String check, String expected, String found) {
        super("bundle '" + bundleName + "' refused: " + check + ": expected " + expected + ", found " + found);
        this.bundleName = bundleName;
        this.check = check;
    }

    public String bundleName() {
        return bundleName;
    }

    /** The name of the failed check, e.g. "signature", "sha256 of payload/controller.jar". */
    public String check() {
        return check;
    }
}
