package cryo.workstation.cli;

import java.util.Locale;

/**
 * A value with an SI prefix chosen per value ({@code 20.01mK}, {@code 12.3uW}, {@code 71kΩ}):
 * one format for every number a person reads, instead of {@code %g}'s {@code 8.86e-06}.
 */
public final class Si {
    private static final String[] PREFIX = {"p", "n", "u", "m", "", "k", "M", "G"};
    private static final String[] PREFIX_MICRO = {"p", "n", "µ", "m", "", "k", "M", "G"};

    private Si() {
    }

    /**
     * {@code value} to {@code digits} significant digits with the prefix that puts the mantissa in
     * 1..999, ASCII {@code u} for micro (terminals and CSV readers may not be UTF-8). NaN is
     * {@code ----}, infinities {@code inf}; 0 is {@code 0} followed by the unit.
     */
    public static String format(double value, String unit, int digits) {
        return format(value, unit, digits, PREFIX, "");
    }

    /** As {@link #format(double, String, int)} with {@code µ} and a space before the unit, for plots ({@code 71 kΩ}). */
    public static String plot(double value, String unit, int digits) {
        return format(value, unit, digits, PREFIX_MICRO, " ");
    }

    /** As {@link #plot} without trailing zeros: tick labels ({@code 20 mK}, {@code 71.1 kΩ}, {@code 2 V}). */
    public static String plotTrimmed(double value, String unit, int digits) {
        String s = plot(value, unit, digits);
        int space = s.indexOf(' ');
        if (space < 0) {
            return s;
        }
        String number = s.substring(0, space);
        if (number.contains(".")) {
            number = number.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return number + s.substring(space);
    }

    /** As {@link #format(double, String, int)} without trailing zeros: for values typed by a person ({@code 20mK}, {@code 1.25K}). */
    public static String trimmed(double value, String unit, int digits) {
        String s = format(value, unit, digits);
        int end = 0;
        while (end < s.length() && (Character.isDigit(s.charAt(end)) || s.charAt(end) == '.' || s.charAt(end) == '-')) {
            end++;
        }
        String number = s.substring(0, end);
        if (number.contains(".")) {
            number = number.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return number + s.substring(end);
    }

    private static String format(double value, String unit, int digits, String[] prefixes, String space) {
        if (Double.isNaN(value)) {
            return "----";
        }
        if (Double.isInfinite(value)) {
            return (value < 0 ? "-inf" : "inf") + space + unit;
        }
        if (value == 0) {
            return "0" + space + unit;
        }
        double a = Math.abs(value);
        int exp3 = (int) Math.floor(Math.log10(a) / 3);
        exp3 = Math.max(-4, Math.min(3, exp3));
        double m = value / Math.pow(1000, exp3);
        // rounding may carry to 1000 (999.96 -> 1000.0): step up a prefix
        int intDigits = Math.abs(m) < 1 ? 1 : (int) Math.floor(Math.log10(Math.abs(m))) + 1;
        int decimals = Math.max(0, digits - intDigits);
        String s = String.format(Locale.ROOT, "%." + decimals + "f", m);
        if (Math.abs(Double.parseDouble(s)) >= 1000 && exp3 < 3) {
            exp3++;
            m = value / Math.pow(1000, exp3);
            s = String.format(Locale.ROOT, "%." + Math.max(0, digits - 1) + "f", m);
        }
        return s + space + prefixes[exp3 + 4] + unit;
    }
}
