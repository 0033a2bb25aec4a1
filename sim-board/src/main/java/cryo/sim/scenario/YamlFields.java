package cryo.sim.scenario;

import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads single YAML values for one scenario file; every error names the file, the line and the
 * field. Shared by the scenario loader and the expectation parser so both say the same thing about
 * the same mistake. Used on the loading thread only.
 */
public final class YamlFields {
    private final String source;

    public YamlFields(String source) {
        this.source = source;
    }

    public ScenarioException error(Node n, String field, String why) {
        return new ScenarioException(source, line(n), field, why);
    }

    /** 1-based line of the node, 0 when the parser gave none. */
    public static int line(Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }

    public String string(Node n, String field) throws ScenarioException {
        if (!(n instanceof ScalarNode)) {
            throw error(n, field, "expected a single value");
        }
        return ((ScalarNode) n).getValue();
    }

    /** A finite number within min..max. */
    public double number(Node n, String field, double min, double max) throws ScenarioException {
        String s = string(n, field);
        double v;
        try {
            v = Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw error(n, field, "'" + s + "' is not a number");
        }
        if (!Double.isFinite(v) || v < min || v > max) {
            throw error(n, field, v + " outside " + min + ".." + max);
        }
        return v;
    }
}
