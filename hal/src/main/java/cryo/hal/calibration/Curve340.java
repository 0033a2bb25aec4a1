package cryo.hal.calibration;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A Lake Shore {@code .340} calibration curve: header (Sensor Model, Serial Number, Data Format,
 * SetPoint Limit, Temperature coefficient, Number of Breakpoints) and up to 200 breakpoints of
 * units and kelvin, as the file holds them (format 4 holds log10 of ohms).
 *
 * <p>Data formats: 1 mV/K, 2 V/K, 3 Ω/K, 4 log10(Ω)/K, all linear in the file's units; 7 Ω/K with a
 * cubic spline. Reading checks everything a controller would trip on — header present and
 * consistent, breakpoint count and numbering, units strictly monotonic, temperatures positive and
 * monotonic, the coefficient agreeing with the data — and names file and line when it refuses.
 */
public final class Curve340 {
    public static final int MAX_BREAKPOINTS = 200;
    public static final int COEFFICIENT_NEGATIVE = 1;
    public static final int COEFFICIENT_POSITIVE = 2;

    private static final String[] HEADER_KEYS = {
        "Sensor Model", "Serial Number", "Data Format", "SetPoint Limit", "Temperature coefficient", "Number of Breakpoints"};

    private final String sensorModel;
    private final String serialNumber;
    private final int dataFormat;
    private final double setpointLimitKelvin;
    private final int temperatureCoefficient;
    private final double[] units;
    private final double[] kelvin;

    /**
     * A curve from its parts, checked as a file would be.
     *
     * @param units in the file's units (format 4: log10 of ohms)
     */
    public Curve340(String sensorModel, String serialNumber, int dataFormat, double setpointLimitKelvin,
                    double[] units, double[] kelvin) {
        this(sensorModel, serialNumber, dataFormat, setpointLimitKelvin, coefficientOf(units, kelvin), units, kelvin, "curve", null);
    }

    private Curve340(String sensorModel, String serialNumber, int dataFormat, double setpointLimitKelvin, int coefficient,
                     double[] units, double[] kelvin, String source, int[] lines) {
        if (sensorModel == null || sensorModel.isBlank() || sensorModel.length() > 15 || !printable(sensorModel)) {
            throw new CurveFileException(source, line(lines, -1), "Sensor Model '" + sensorModel + "' must be 1..15 printable characters");
        }
        if (serialNumber == null || serialNumber.length() > 10 || !printable(serialNumber)) {
            throw new CurveFileException(source, line(lines, -2), "Serial Number '" + serialNumber + "' must be 0..10 printable characters");
        }
        if (formatName(dataFormat) == null) {
            throw new CurveFileException(source, line(lines, -3), "Data Format " + dataFormat + " not supported (1 mV/K, 2 V/K, 3 Ohms/K, 4 Log Ohms/K, 7 Ohms/K cubic spline)");
        }
        if (!(setpointLimitKelvin > 0) || !Double.isFinite(setpointLimitKelvin)) {
            throw new CurveFileException(source, line(lines, -4), "SetPoint Limit " + setpointLimitKelvin + " must be > 0 K");
        }
        if (coefficient != COEFFICIENT_NEGATIVE && coefficient != COEFFICIENT_POSITIVE) {
            throw new CurveFileException(source, line(lines, -5), "Temperature coefficient " + coefficient + " must be 1 (negative) or 2 (positive)");
        }
        int n = units.length;
        if (n != kelvin.length || n < 2 || n > MAX_BREAKPOINTS) {
            throw new CurveFileException(source, line(lines, -6), "Number of Breakpoints " + n + " outside 2.." + MAX_BREAKPOINTS);
        }
        boolean unitsUp = units[1] > units[0];
        boolean kelvinUp = kelvin[1] > kelvin[0];
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(units[i]) || ((dataFormat == 3 || dataFormat == 7) && !(units[i] > 0))) {
                throw new CurveFileException(source, line(lines, i), "breakpoint " + (i + 1) + ": units " + units[i]
                        + ((dataFormat == 3 || dataFormat == 7) ? " must be > 0 ohms" : " must be finite"));
            }
            if (!(kelvin[i] > 0) || !Double.isFinite(kelvin[i])) {
                throw new CurveFileException(source, line(lines, i), "breakpoint " + (i + 1) + ": temperature " + kelvin[i] + " K must be > 0");
            }
            if (i > 0 && (unitsUp ? !(units[i] > units[i - 1]) : !(units[i] < units[i - 1]))) {
                throw new CurveFileException(source, line(lines, i), "breakpoint " + (i + 1) + ": units " + units[i]
                        + " not strictly monotonic (previous " + units[i - 1] + ")");
            }
            if (i > 0 && (kelvinUp ? !(kelvin[i] > kelvin[i - 1]) : !(kelvin[i] < kelvin[i - 1]))) {
                throw new CurveFileException(source, line(lines, i), "breakpoint " + (i + 1) + ": temperature " + kelvin[i]
                        + " K not strictly monotonic (previous " + kelvin[i - 1] + " K)");
            }
        }
        if (coefficient != coefficientOf(units, kelvin)) {
            throw new CurveFileException(source, line(lines, -5), "Temperature coefficient " + coefficient + " ("
                    + (coefficient == COEFFICIENT_NEGATIVE ? "negative" : "positive") + ") disagrees with the breakpoints");
        }
        this.sensorModel = sensorModel.trim();
        this.serialNumber = serialNumber.trim();
        this.dataFormat = dataFormat;
        this.setpointLimitKelvin = setpointLimitKelvin;
        this.temperatureCoefficient = coefficient;
        this.units = units.clone();
        this.kelvin = kelvin.clone();
    }

    private static int coefficientOf(double[] units, double[] kelvin) {
        boolean unitsUp = units.length > 1 && units[1] > units[0];
        boolean kelvinUp = kelvin.length > 1 && kelvin[1] > kelvin[0];
        return unitsUp == kelvinUp ? COEFFICIENT_POSITIVE : COEFFICIENT_NEGATIVE;
    }

    /** Lines: index >= 0 a breakpoint's line, negative a header field's (-1 = first key). */
    private static int line(int[] lines, int index) {
        if (lines == null) {
            return 0;
        }
        int k = index >= 0 ? HEADER_KEYS.length + index : -index - 1;
        return k < lines.length ? lines[k] : 0;
    }

    private static boolean printable(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** The name Lake Shore gives a data format, or null when unsupported. */
    public static String formatName(int format) {
        switch (format) {
            case 1: return "mV/K";
            case 2: return "V/K";
            case 3: return "Ohms/K";
            case 4: return "Log Ohms/K";
            case 7: return "Ohms/K (cubic spline)";
            default: return null;
        }
    }

    /** Reads and checks a .340 file. */
    public static Curve340 read(Path file) throws IOException {
        return parse(file.toString(), Files.readString(file, StandardCharsets.ISO_8859_1));
    }

    /** Parses and checks .340 text; {@code source} names it in errors. */
    public static Curve340 parse(String source, String text) {
        String[] lines = text.split("\r?\n", -1);
        String[] values = new String[HEADER_KEYS.length];
        int[] lineOf = new int[HEADER_KEYS.length + MAX_BREAKPOINTS + 1];
        int ln = 0;
        // header: "Key: value   (comment)" until the column titles
        for (; ln < lines.length; ln++) {
            String l = lines[ln].trim();
            if (l.isEmpty()) {
                continue;
            }
            if (l.startsWith("No.")) {
                ln++;
                break;
            }
            int colon = l.indexOf(':');
            if (colon < 0) {
                if (Character.isDigit(l.charAt(0))) {
                    break; // data before the header ended: reported as missing fields below
                }
                throw new CurveFileException(source, ln + 1, "expected 'Field: value' in the header, found '" + l + "'");
            }
            String key = l.substring(0, colon).trim();
            int k = headerIndex(key);
            if (k < 0) {
                throw new CurveFileException(source, ln + 1, "unknown header field '" + key + "'");
            }
            if (values[k] != null) {
                throw new CurveFileException(source, ln + 1, "header field '" + key + "' given twice");
            }
            values[k] = l.substring(colon + 1).trim();
            lineOf[k] = ln + 1;
        }
        for (int k = 0; k < HEADER_KEYS.length; k++) {
            if (values[k] == null) {
                throw new CurveFileException(source, Math.min(ln + 1, lines.length), "header field '" + HEADER_KEYS[k] + "' missing");
            }
        }
        int format = (int) headerNumber(source, lineOf[2], HEADER_KEYS[2], values[2], true);
        double limit = headerNumber(source, lineOf[3], HEADER_KEYS[3], values[3], false);
        int coefficient = (int) headerNumber(source, lineOf[4], HEADER_KEYS[4], values[4], true);
        int declared = (int) headerNumber(source, lineOf[5], HEADER_KEYS[5], values[5], true);
        if (declared < 2 || declared > MAX_BREAKPOINTS) {
            throw new CurveFileException(source, lineOf[5], "Number of Breakpoints " + declared + " outside 2.." + MAX_BREAKPOINTS);
        }
        List<double[]> rows = new ArrayList<>();
        for (; ln < lines.length; ln++) {
            String l = lines[ln].trim();
            if (l.isEmpty()) {
                continue;
            }
            String[] f = l.split("\\s+");
            if (f.length != 3) {
                throw new CurveFileException(source, ln + 1, "breakpoint line needs 'No. Units Temperature', found '" + l + "'");
            }
            if (rows.size() >= MAX_BREAKPOINTS) {
                throw new CurveFileException(source, ln + 1, "more than " + MAX_BREAKPOINTS + " breakpoints");
            }
            int no;
            double u;
            double t;
            try {
                no = Integer.parseInt(f[0]);
                u = Double.parseDouble(f[1]);
                t = Double.parseDouble(f[2]);
            } catch (NumberFormatException e) {
                throw new CurveFileException(source, ln + 1, "breakpoint line has a value that is not a number: '" + l + "'");
            }
            if (no != rows.size() + 1) {
                throw new CurveFileException(source, ln + 1, "breakpoint number " + no + " out of sequence (expected " + (rows.size() + 1) + ")");
            }
            lineOf[HEADER_KEYS.length + rows.size()] = ln + 1;
            rows.add(new double[] {u, t});
        }
        if (rows.size() != declared) {
            throw new CurveFileException(source, lineOf[5], "Number of Breakpoints says " + declared + " but the file has " + rows.size());
        }
        double[] u = new double[rows.size()];
        double[] t = new double[rows.size()];
        for (int i = 0; i < u.length; i++) {
            u[i] = rows.get(i)[0];
            t[i] = rows.get(i)[1];
        }
        return new Curve340(values[0], values[1], format, limit, coefficient, u, t, source, lineOf);
    }

    private static int headerIndex(String key) {
        for (int k = 0; k < HEADER_KEYS.length; k++) {
            if (HEADER_KEYS[k].equalsIgnoreCase(key)) {
                return k;
            }
        }
        return -1;
    }

    /** The leading number of a header value ("4      (Log Ohms/Kelvin)"). */
    private static double headerNumber(String source, int line, String key, String value, boolean integer) {
        String first = value.split("\\s+")[0];
        try {
            return integer ? Integer.parseInt(first) : Double.parseDouble(first);
        } catch (NumberFormatException e) {
            throw new CurveFileException(source, line, key + " '" + value + "' is not " + (integer ? "an integer" : "a number"));
        }
    }

    /** The .340 text of this curve (what {@link #parse} reads back). */
    public String format() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "Sensor Model:   %s%n", sensorModel));
        b.append(String.format(Locale.ROOT, "Serial Number:  %s%n", serialNumber));
        b.append(String.format(Locale.ROOT, "Data Format:    %d      (%s)%n", dataFormat, formatName(dataFormat)));
        b.append(String.format(Locale.ROOT, "SetPoint Limit: %s      (Kelvin)%n", number(setpointLimitKelvin)));
        b.append(String.format(Locale.ROOT, "Temperature coefficient:  %d (%s)%n", temperatureCoefficient,
                temperatureCoefficient == COEFFICIENT_NEGATIVE ? "Negative" : "Positive"));
        b.append(String.format(Locale.ROOT, "Number of Breakpoints:   %d%n", units.length));
        b.append(String.format(Locale.ROOT, "%n"));
        b.append(String.format(Locale.ROOT, "No.   Units      Temperature (K)%n"));
        b.append(String.format(Locale.ROOT, "%n"));
        for (int i = 0; i < units.length; i++) {
            b.append(String.format(Locale.ROOT, "%3d  %s  %s%n", i + 1, number(units[i]), number(kelvin[i])));
        }
        return b.toString();
    }

    /** Writes the .340 text to a file. */
    public void write(Path file) throws IOException {
        Files.writeString(file, format(), StandardCharsets.ISO_8859_1);
    }

    /** Shortest text that reads back to the same double. */
    private static String number(double v) {
        return Double.toString(v).replace("E", "e");
    }

    /** The controller's curve: sensor units in (ohms, volts or millivolts as the format says), kelvin out. */
    public CalibrationCurve toCalibration() {
        String name = sensorModel + (serialNumber.isEmpty() ? "" : " " + serialNumber);
        switch (dataFormat) {
            case 4: {
                double[] ohms = new double[units.length];
                for (int i = 0; i < ohms.length; i++) {
                    ohms[i] = Math.pow(10.0, units[i]);
                }
                return new CalibrationCurve(name, ohms, kelvin, setpointLimitKelvin, CalibrationCurve.Interpolation.LOG10_UNITS);
            }
            case 7:
                return new CalibrationCurve(name, units, kelvin, setpointLimitKelvin, CalibrationCurve.Interpolation.CUBIC_SPLINE);
            case 1:
                return new CalibrationCurve(name, units, kelvin, setpointLimitKelvin, CalibrationCurve.Interpolation.LINEAR, "mV");
            case 2:
                return new CalibrationCurve(name, units, kelvin, setpointLimitKelvin, CalibrationCurve.Interpolation.LINEAR, "V");
            default:
                return new CalibrationCurve(name, units, kelvin, setpointLimitKelvin, CalibrationCurve.Interpolation.LINEAR);
        }
    }

    public String sensorModel() {
        return sensorModel;
    }

    public String serialNumber() {
        return serialNumber;
    }

    public int dataFormat() {
        return dataFormat;
    }

    public double setpointLimitKelvin() {
        return setpointLimitKelvin;
    }

    public int temperatureCoefficient() {
        return temperatureCoefficient;
    }

    public int breakpoints() {
        return units.length;
    }

    /** Breakpoint units as the file holds them (format 4: log10 ohms). */
    public double units(int i) {
        return units[i];
    }

    public double kelvin(int i) {
        return kelvin[i];
    }
}
