package cryo.controller.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * One YAML mapping of the configuration with its path ("loops[0].settle"), its lines and the
 * keys read so far, so every value and every refusal names file, line and field, and a key
 * nobody read (a typo) is refused by {@link #finish}. Start-up only, on the loading thread.
 */
final class YamlMapping {
    final String source;
    final MappingNode node;
    final String path;
    final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    final Set<String> used = new HashSet<>();

    YamlMapping(String source, Node n, String path) {
        this.source = source;
        this.path = path;
        if (!(n instanceof MappingNode)) {
            throw new ConfigException(source + ":" + line(n) + ": " + (path.isEmpty() ? "the file" : path) + " must be a mapping of keys to values");
        }
        this.node = (MappingNode) n;
        for (NodeTuple t : node.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode)) {
                throw new ConfigException(source + ":" + line(t.getKeyNode()) + ": " + field("?") + ": keys must be plain names");
            }
            String k = ((ScalarNode) t.getKeyNode()).getValue();
            if (entries.put(k, t) != null) {
                throw new ConfigException(source + ":" + line(t.getKeyNode()) + ": " + field(k) + " given twice");
            }
        }
    }

    String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    int line(Node n) {
        return n.getStartMark().getLine() + 1;
    }

    ConfigException error(String key, String message) {
        return new ConfigException(source + ":" + lineOf(key) + ": " + field(key) + ": " + message);
    }

    /** Builds a record, turning its constructor's refusal into a file:line error. */
    <T> T build(java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (ConfigException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw locate(e);
        }
    }

    private Node value(String key, boolean required) {
        used.add(key);
        NodeTuple t = entries.get(key);
        if (t == null) {
            if (required) {
                for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
                    if (!used.contains(e.getKey()) && near(e.getKey(), key)) {
                        throw new ConfigException(source + ":" + line(e.getValue().getKeyNode()) + ": " + field(e.getKey())
                                + ": unknown key (did you mean " + key + "?)");
                    }
                }
                throw new ConfigException(source + ":" + line(node) + ": " + field(key) + " is required");
            }
            return null;
        }
        return t.getValueNode();
    }

    boolean has(String key) {
        return entries.containsKey(key);
    }

    /**
     * The line of a key (of the mapping when the key is absent): the key's own line, where a reader
     * looks, even when its value (a block list or mapping) starts on the next.
     */
    int lineOf(String key) {
        NodeTuple t = entries.get(key);
        return t != null ? line(t.getKeyNode()) : line(node);
    }

    /**
     * A record constructor's refusal as a file:line error: at the line of the key of this mapping
     * the message names (the first named, whole word), else at the mapping's first line.
     */
    ConfigException locate(IllegalArgumentException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String best = null;
        int at = Integer.MAX_VALUE;
        for (String k : entries.keySet()) {
            java.util.regex.Matcher mm = java.util.regex.Pattern.compile("(?<![A-Za-z0-9_])" + java.util.regex.Pattern.quote(k) + "(?![A-Za-z0-9_])").matcher(m);
            if (mm.find() && mm.start() < at) {
                at = mm.start();
                best = k;
            }
        }
        int line = best != null ? lineOf(best) : line(node);
        String prefix = path.isEmpty() || m.startsWith(path) ? "" : path + ": ";
        return new ConfigException(source + ":" + line + ": " + prefix + m);
    }

    String scalar(String key, boolean required) {
        Node v = value(key, required);
        if (v == null) {
            return null;
        }
        if (!(v instanceof ScalarNode)) {
            throw error(key, "must be a single value");
        }
        return ((ScalarNode) v).getValue().trim();
    }

    String str(String key, String dflt) {
        String s = scalar(key, dflt == null);
        if (s != null && s.isEmpty()) {
            throw error(key, "must not be empty");
        }
        return s == null ? dflt : s;
    }

    double dbl(String key, double dflt) {
        String s = scalar(key, Double.isNaN(dflt));
        if (s == null) {
            return dflt;
        }
        try {
            double v = Double.parseDouble(s);
            if (!Double.isFinite(v)) {
                throw error(key, "'" + s + "' must be a finite number");
            }
            return v;
        } catch (NumberFormatException e) {
            throw error(key, "'" + s + "' is not a number");
        }
    }

    int integer(String key, int dflt) {
        String s = scalar(key, dflt == -1);
        if (s == null) {
            return dflt;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw error(key, "'" + s + "' is not an integer");
        }
    }

    boolean bool(String key, boolean dflt) {
        String s = scalar(key, false);
        if (s == null) {
            return dflt;
        }
        switch (s.toLowerCase(Locale.ROOT)) {
            case "true": return true;
            case "false": return false;
            default: throw error(key, "'" + s + "' must be true or false");
        }
    }

    YamlMapping obj(String key, boolean required) {
        Node v = value(key, required);
        return v == null ? null : new YamlMapping(source, v, field(key));
    }

    List<YamlMapping> list(String key, boolean required) {
        Node v = value(key, required);
        List<YamlMapping> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!(v instanceof SequenceNode)) {
            throw error(key, "must be a list");
        }
        List<Node> items = ((SequenceNode) v).getValue();
        for (int k = 0; k < items.size(); k++) {
            out.add(new YamlMapping(source, items.get(k), field(key) + "[" + k + "]"));
        }
        return out;
    }

    /** Refuses keys nobody read: a misspelt key must not silently become a default. */
    void finish() {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!used.contains(e.getKey())) {
                List<String> known = new ArrayList<>(used);
                java.util.Collections.sort(known);
                String guess = null;
                for (String k : known) {
                    if (near(e.getKey(), k) && (guess == null || distance(e.getKey(), k) < distance(e.getKey(), guess))) {
                        guess = k;
                    }
                }
                throw new ConfigException(source + ":" + line(e.getValue().getKeyNode()) + ": " + field(e.getKey()) + ": unknown key"
                        + (guess != null ? " (did you mean " + guess + "?)" : " (known here: " + String.join(", ", known) + ")"));
            }
        }
    }

    /** A likely typo: case-insensitively equal, or within 2 edits (1 for short keys). */
    static boolean near(String typed, String known) {
        if (typed.equalsIgnoreCase(known)) {
            return true;
        }
        int limit = Math.min(typed.length(), known.length()) <= 4 ? 1 : 2;
        return distance(typed.toLowerCase(Locale.ROOT), known.toLowerCase(Locale.ROOT)) <= limit;
    }

    /** Levenshtein edit distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
