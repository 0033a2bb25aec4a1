package cryo.deploy.boot;

import cryo.deploy.bundle.BundleLimits;

/**
 * Policy knobs of the loader.
 *
 * @param bootTries boots a slot gets without a confirmation before it is marked bad
 */
public record LoaderSettings(int bootTries, BundleLimits limits) {
    public static final LoaderSettings DEFAULT = new LoaderSettings(3, BundleLimits.DEFAULT);

    public LoaderSettings {
        if (bootTries < 1 || bootTries > 100) {
            throw new IllegalArgumentException("bootTries: expected 1..100, found " + bootTries);
        }
    }
}
