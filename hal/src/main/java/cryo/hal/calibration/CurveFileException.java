package cryo.hal.calibration;

/** A calibration curve file that cannot be used; the message names the file, the line and the field. */
public final class CurveFileException extends IllegalArgumentException {
    private final String source;
    private final int line;

    public CurveFileException(String source, int line, String message) {
        super(source + (line > 0 ? ":" + line : "") + ": " + message);
        this.source = source;
        this.line = line;
    }

    public String source() {
        return source;
    }

    /** 1-based line, 0 when the problem is the file as a whole. */
    public int line() {
        return line;
    }
}
