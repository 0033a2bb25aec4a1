package cryo.deploy.cli;

import cryo.deploy.boot.LoaderClock;

/** The real clocks; only the program's wiring (this package) reads them. */
public final class SystemLoaderClock implements LoaderClock {
    @Override
    public long monotonicMillis() {
        return System.nanoTime() / 1_000_000L;
    }

    @Override
    public long unixMillis() {
        return System.currentTimeMillis();
    }
}
