package cryo.controller.alarm;

import cryo.v1.AlarmCause;

/**
 * Where each alarm cause's runbook lives: docs/runbooks/alarms/&lt;cause&gt;.md, a path relative to
 * the repository (and to {@code cryo exporter}, which serves docs/runbooks/ there). The names are
 * made once, so an alarm carries its link without building a string. Immutable, any thread.
 */
public final class Runbooks {
    /** The runbooks' root, relative; the Birth carries it. */
    public static final String BASE = "docs/runbooks/";

    private static final String[] PAGES = new String[AlarmCause.values().length];

    static {
        for (AlarmCause c : AlarmCause.values()) {
            if (c != AlarmCause.UNRECOGNIZED) {
                PAGES[c.ordinal()] = BASE + "alarms/" + slug(c) + ".md";
            }
        }
    }

    private Runbooks() {
    }

    /** The runbook path of a cause, e.g. docs/runbooks/alarms/over-temperature.md. */
    public static String page(AlarmCause cause) {
        String p = cause == null || cause == AlarmCause.UNRECOGNIZED ? null : PAGES[cause.ordinal()];
        return p == null ? BASE + "alarms/alarm-cause-unspecified.md" : p;
    }

    /** OVER_TEMPERATURE becomes over-temperature. */
    public static String slug(AlarmCause cause) {
        return cause.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
