package cryo.controller.interlock;

/** Argument checks shared by the detectors' constructors: each names the parameter and the limit. */
final class Checks {
    private Checks() {
    }

    static double positive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be > 0 and finite, was " + v);
        }
        return v;
    }

    static double nonNegative(String name, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException(name + " must be >= 0 and finite, was " + v);
        }
        return v;
    }

    static int atLeastOne(String name, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, was " + v);
        }
        return v;
    }

    static long seconds(String name, double seconds) {
        return cryo.hal.device.BoardClock.fromSeconds(positive(name, seconds));
    }
}
