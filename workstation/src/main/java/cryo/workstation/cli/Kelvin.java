package cryo.workstation.cli;

/** Human formatting of temperatures: mK below 1 K, K above. */
final class Kelvin {
    private Kelvin() {
    }

    static String format(double kelvin) {
        if (Double.isNaN(kelvin)) {
            return "----";
        }
        return kelvin < 1.0 ? String.format("%.3fmK", kelvin * 1e3) : String.format("%.3fK", kelvin);
    }
}
