package cryo.sim.scenario;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumDescriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.OneofDescriptor;
import com.google.protobuf.Message;
import cryo.v1.Command;
import cryo.v1.PulseSequence;
import cryo.v1.StartSequence;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * A scenario command in the words of {@code cryo.v1.Command}: the key is one of the Command's
 * actions ({@code set_ramp}, {@code set_zone_table}, {@code start_autotune}, ...), the value a
 * mapping of that message's fields by their proto names. Driven by the proto descriptor, so every
 * action the schema has is available with no table to keep. Numbers, booleans, strings, enums (by
 * name, with or without their prefix, any case: {@code pid}, {@code LOOP_MODE_PID}), nested
 * messages and lists are read; what a field means is the controller's to judge, as for an MQTT
 * command. One extra key: {@code start_sequence.file}, a pulse sequence file relative to the
 * scenario file. Errors are {@code FILE:LINE: field: reason}.
 */
public final class CommandYaml {
    /** Reads a pulse sequence file (the workstation's reader: text format, JSON or binary). */
    @FunctionalInterface
    public interface SequenceReader {
        /** @throws Exception whose message is one line naming the problem */
        PulseSequence read(Path file) throws Exception;
    }

    /** No reader: a scenario that names a sequence file is refused. */
    public static final SequenceReader NO_SEQUENCES = file -> {
        throw new IllegalStateException("no pulse sequence reader here (cryo sim reads them)");
    };

    private static final Descriptor COMMAND = Command.getDescriptor();
    private static final OneofDescriptor ACTION = COMMAND.getOneofs().get(0);

    private final String source;
    private final Path baseDirectory;
    private final SequenceReader sequences;

    /**
     * @param source        file name in errors
     * @param baseDirectory directory sequence files are relative to, or null (a shipped scenario:
     *                      it names no files)
     */
    CommandYaml(String source, Path baseDirectory, SequenceReader sequences) {
        this.source = source;
        this.baseDirectory = baseDirectory;
        this.sequences = sequences;
    }

    /** Whether {@code key} names one of Command's actions. */
    static boolean isAction(String key) {
        FieldDescriptor f = COMMAND.findFieldByName(key);
        return f != null && f.getContainingOneof() == ACTION;
    }

    /** The action names, for messages. */
    static String actions() {
        TreeSet<String> names = new TreeSet<>();
        for (FieldDescriptor f : ACTION.getFields()) {
            names.add(f.getName());
        }
        return String.join(", ", names);
    }

    /** The Command with the action {@code key} built from {@code value}; ids are the runner's to set. */
    Command action(String key, Node keyNode, Node value, String field) throws ScenarioException {
        FieldDescriptor f = COMMAND.findFieldByName(key);
        if (f == null || f.getContainingOneof() != ACTION) {
            throw new ScenarioException(source, line(keyNode), field, "not a cryo.v1.Command action (" + actions() + ")");
        }
        Command.Builder b = Command.newBuilder();
        b.setField(f, message(f.getMessageType(), b.newBuilderForField(f), value, field));
        return b.build();
    }

    private Message message(Descriptor type, Message.Builder b, Node value, String field) throws ScenarioException {
        if (value instanceof ScalarNode && ((ScalarNode) value).getValue().isEmpty()) {
            return b.build(); // `abort_sequence:` with nothing after it: a message without fields
        }
        if (!(value instanceof MappingNode)) {
            throw new ScenarioException(source, line(value), field, "expected a mapping of " + type.getName() + " fields ("
                    + fieldNames(type) + ")");
        }
        TreeSet<String> seen = new TreeSet<>();
        for (NodeTuple t : ((MappingNode) value).getValue()) {
            String key = scalar(t.getKeyNode(), field);
            String sub = field + "." + key;
            if (!seen.add(key)) {
                throw new ScenarioException(source, line(t.getKeyNode()), sub, "duplicate key");
            }
            if (type == StartSequence.getDescriptor() && key.equals("file")) {
                if (seen.contains("sequence")) {
                    throw new ScenarioException(source, line(t.getKeyNode()), sub, "give file or sequence, not both");
                }
                b.setField(StartSequence.getDescriptor().findFieldByName("sequence"), sequenceFile(t.getValueNode(), sub));
                continue;
            }
            FieldDescriptor f = type.findFieldByName(key);
            if (f == null) {
                throw new ScenarioException(source, line(t.getKeyNode()), sub, "not a field of " + type.getName() + " ("
                        + fieldNames(type) + (type == StartSequence.getDescriptor() ? ", file" : "") + ")");
            }
            if (type == StartSequence.getDescriptor() && key.equals("sequence") && seen.contains("file")) {
                throw new ScenarioException(source, line(t.getKeyNode()), sub, "give file or sequence, not both");
            }
            if (f.isRepeated()) {
                if (!(t.getValueNode() instanceof SequenceNode)) {
                    throw new ScenarioException(source, line(t.getValueNode()), sub, "expected a list (- items)");
                }
                int i = 0;
                for (Node item : ((SequenceNode) t.getValueNode()).getValue()) {
                    b.addRepeatedField(f, value(f, b, item, sub + "[" + i++ + "]"));
                }
            } else {
                b.setField(f, value(f, b, t.getValueNode(), sub));
            }
        }
        return b.build();
    }

    private Object value(FieldDescriptor f, Message.Builder parent, Node n, String field) throws ScenarioException {
        switch (f.getJavaType()) {
            case MESSAGE:
                return message(f.getMessageType(), parent.newBuilderForField(f), n, field);
            case ENUM:
                return enumValue(f.getEnumType(), n, field);
            case BOOLEAN: {
                String s = scalar(n, field);
                if (s.equals("true") || s.equals("false")) {
                    return Boolean.parseBoolean(s);
                }
                throw new ScenarioException(source, line(n), field, "'" + s + "' is not true or false");
            }
            case STRING:
                return scalar(n, field);
            case DOUBLE:
            case FLOAT: {
                String s = scalar(n, field);
                double v;
                try {
                    v = Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    throw new ScenarioException(source, line(n), field, "'" + s + "' is not a number");
                }
                if (!Double.isFinite(v)) {
                    throw new ScenarioException(source, line(n), field, s + " is not a finite number");
                }
                return f.getJavaType() == FieldDescriptor.JavaType.FLOAT ? (Object) (float) v : (Object) v;
            }
            case INT:
            case LONG: {
                String s = scalar(n, field);
                boolean unsigned = f.getType() == FieldDescriptor.Type.UINT32 || f.getType() == FieldDescriptor.Type.UINT64
                        || f.getType() == FieldDescriptor.Type.FIXED32 || f.getType() == FieldDescriptor.Type.FIXED64;
                boolean wide = f.getJavaType() == FieldDescriptor.JavaType.LONG;
                long v;
                try {
                    v = Long.parseLong(s);
                } catch (NumberFormatException e) {
                    throw new ScenarioException(source, line(n), field, "'" + s + "' is not an integer");
                }
                long min = unsigned ? 0 : wide ? Long.MIN_VALUE : Integer.MIN_VALUE;
                long max = wide ? Long.MAX_VALUE : Integer.MAX_VALUE;
                if (v < min || v > max) {
                    throw new ScenarioException(source, line(n), field, v + " outside " + min + ".." + max);
                }
                return wide ? (Object) v : (Object) (int) v;
            }
            default: // bytes: nothing a scenario can write by hand (install_bundle's bundle)
                throw new ScenarioException(source, line(n), field, "a bytes field cannot be given in a scenario");
        }
    }

    private EnumValueDescriptor enumValue(EnumDescriptor type, Node n, String field) throws ScenarioException {
        String s = scalar(n, field);
        String want = s.toUpperCase(Locale.ROOT).replace('-', '_');
        List<String> names = new ArrayList<>();
        String prefix = commonPrefix(type);
        for (EnumValueDescriptor v : type.getValues()) {
            if (v.getNumber() == 0) {
                continue; // *_UNSPECIFIED: not something to ask for
            }
            String shortName = v.getName().startsWith(prefix) ? v.getName().substring(prefix.length()) : v.getName();
            names.add(shortName.toLowerCase(Locale.ROOT).replace('_', '-'));
            if (v.getName().equals(want) || shortName.equals(want)) {
                return v;
            }
        }
        throw new ScenarioException(source, line(n), field, "'" + s + "' is not a " + type.getName() + " (" + String.join(", ", names) + ")");
    }

    /** LOOP_MODE_ of LoopMode: the part every value's name shares up to an underscore. */
    private static String commonPrefix(EnumDescriptor type) {
        String p = null;
        for (EnumValueDescriptor v : type.getValues()) {
            String n = v.getName();
            if (p == null) {
                p = n;
            } else {
                int i = 0;
                while (i < p.length() && i < n.length() && p.charAt(i) == n.charAt(i)) {
                    i++;
                }
                p = p.substring(0, i);
            }
        }
        if (p == null) {
            return "";
        }
        int cut = p.lastIndexOf('_');
        return cut < 0 ? "" : p.substring(0, cut + 1);
    }

    private PulseSequence sequenceFile(Node n, String field) throws ScenarioException {
        String name = scalar(n, field);
        if (baseDirectory == null) {
            throw new ScenarioException(source, line(n), field, "only a scenario read from a file names files (relative to it)");
        }
        Path file = baseDirectory.resolve(name);
        try {
            return sequences.read(file);
        } catch (Exception e) {
            throw new ScenarioException(source, line(n), field, String.valueOf(e.getMessage()).replace('\n', ' '));
        }
    }

    private String scalar(Node n, String field) throws ScenarioException {
        if (!(n instanceof ScalarNode)) {
            throw new ScenarioException(source, line(n), field, "expected a single value");
        }
        return ((ScalarNode) n).getValue();
    }

    private static String fieldNames(Descriptor type) {
        List<String> names = new ArrayList<>();
        for (FieldDescriptor f : type.getFields()) {
            names.add(f.getName());
        }
        return names.isEmpty() ? "no fields: give {}" : String.join(", ", names);
    }

    private static int line(Node n) {
        return n.getStartMark() == null ? 0 : n.getStartMark().getLine() + 1;
    }
}
