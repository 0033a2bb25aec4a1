package cryo.deploy.bundle;

/** Dotted numeric versions ("1.4.2", "1.4.2-rc1" compares by its numeric part). */
public final class Versions {
    /** The loader's own version, checked against a manifest's min_loader_version. */
    public static final String LOADER_VERSION = "1.0.0";

    private Versions() {
    }

    public static boolean valid(String v) {
        return v != null && v.matches("[0-9]+(\\.[0-9]+){0,3}([-+][0-9A-Za-z.-]+)?");
    }

    /** Negative, zero or positive as a is below, equal to or above b. Both must be {@link #valid}. */
    public static int compare(String a, String b) {
        String[] x = numeric(a).split("\\.");
        String[] y = numeric(b).split("\\.");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            long p = i < x.length ? Long.parseLong(x[i]) : 0;
            long q = i < y.length ? Long.parseLong(y[i]) : 0;
            if (p != q) {
                return Long.compare(p, q);
            }
        }
        return 0;
    }

    private static String numeric(String v) {
        int cut = v.indexOf('-');
        int plus = v.indexOf('+');
        if (cut < 0 || (plus >= 0 && plus < cut)) {
            cut = plus;
        }
        return cut < 0 ? v : v.substring(0, cut);
    }
}
