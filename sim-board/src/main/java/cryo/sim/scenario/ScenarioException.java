package cryo.sim.scenario;

/** A scenario file that cannot run, with the file, line and field in its one-line message. */
public final class ScenarioException extends Exception {
    private final String source;
    private final int line;
    private final String field;

    public ScenarioException(String source, int line, String field, String why) {
        super(source + ":" + line + ": " + field + ": " + why);
        this.source = source;
        this.line = line;
        this.field = field;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }

    public String field() {
        return field;
    }
}
