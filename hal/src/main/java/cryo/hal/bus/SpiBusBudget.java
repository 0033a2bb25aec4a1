package cryo.hal.bus;

/**
 * The SPI bus time a control tick needs, and the check that refuses a configuration whose per-tick
 * transfers cannot fit. A transfer costs its clocked bits ({@link SpiFraming#transferLength}
 * bytes × 8 / clock) plus a fixed {@link #TRANSFER_OVERHEAD_SECONDS} (system call, DMA set-up,
 * chip-select set-up and hold); the transfers of a tick may use at most {@link #MAX_TICK_SHARE}
 * of the tick, the rest being the ring's computing and the host's jitter. Pure.
 */
public final class SpiBusBudget {
    /**
     * Per transfer beyond its bits: spidev's ioctl entry and exit, the controller's DMA set-up and
     * chip-select timing on a Pi 4/5. Taken as 50 µs (no SPI controller on the build machine to
     * measure); the first-power-on checklist in hal/README.md measures it on the board's Pi.
     */
    public static final double TRANSFER_OVERHEAD_SECONDS = 50e-6;
    /** The share of a tick the bus may take. */
    public static final double MAX_TICK_SHARE = 0.5;

    private SpiBusBudget() {
    }

    /** Bus seconds of {@code transfers} transfers moving {@code bytes} SPI bytes in all at {@code clockHz}. */
    public static double busSeconds(int transfers, long bytes, int clockHz) {
        if (transfers < 0 || bytes < 0 || clockHz <= 0) {
            throw new IllegalArgumentException("transfers, bytes >= 0 and clockHz > 0 required");
        }
        return bytes * 8.0 / clockHz + transfers * TRANSFER_OVERHEAD_SECONDS;
    }

    /** Bus seconds of one frame of {@code count} registers with command {@code cmd} at {@code clockHz}. */
    public static double frameSeconds(int cmd, int count, int clockHz) {
        return busSeconds(1, SpiFraming.transferLength(cmd, count), clockHz);
    }

    /**
     * Checks that a tick's transfers fit in {@link #MAX_TICK_SHARE} of the tick.
     *
     * @return the bus seconds the tick's transfers take
     * @throws IllegalArgumentException one line: the figures, the limit, and the clock that would fit
     */
    public static double check(int transfers, long bytes, int clockHz, double tickIntervalSeconds) {
        if (!(tickIntervalSeconds > 0)) {
            throw new IllegalArgumentException("tickIntervalSeconds must be > 0, was " + tickIntervalSeconds);
        }
        double need = busSeconds(transfers, bytes, clockHz);
        double allowed = tickIntervalSeconds * MAX_TICK_SHARE;
        if (need > allowed) {
            double bitSeconds = allowed - transfers * TRANSFER_OVERHEAD_SECONDS;
            String fix = bitSeconds > 0 && bytes * 8.0 / bitSeconds <= SpiFraming.MAX_CLOCK_HZ
                    ? "raise the SPI clock to at least " + (long) Math.ceil(bytes * 8.0 / bitSeconds) + " Hz or lengthen the tick"
                    : "no clock up to " + SpiFraming.MAX_CLOCK_HZ + " Hz fits: lengthen the tick or move less per tick";
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "SPI bus budget: %d transfers (%d bytes) per tick take %.3f ms at %d Hz, over the %.3f ms"
                            + " (%.0f %% of the %.3f ms tick) they may use: %s",
                    transfers, bytes, need * 1e3, clockHz, allowed * 1e3, MAX_TICK_SHARE * 100,
                    tickIntervalSeconds * 1e3, fix));
        }
        return need;
    }
}
