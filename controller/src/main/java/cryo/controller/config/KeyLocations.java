package cryo.controller.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each limit came from in the file, by the name the records use in their messages
 * ("interlocks.loops.mxc.holdBandKelvin", "interlocks.sensors[2].comparatorKelvin",
 * "loops.mxc.setpointLimitKelvin"), so a refusal from a record or from ControllerConfig's
 * cross-checks is reported at the line of the key that set the value. Start-up only, on the
 * loading thread.
 */
final class KeyLocations {
    /** How the interlock records name a sensor in their messages ("interlocks.sensors[2].overTemperatureKelvin"). */
    static final String SENSOR = "interlocks.sensors[";

    /** A YAML place: its line and the field as the file spells it. */
    private record Loc(int line, String field) {
    }

    private final String source;
    private final Map<String, Loc> at = new LinkedHashMap<>();

    KeyLocations(String source) {
        this.source = source;
    }

    void field(String name, YamlMapping o, String key) {
        if (o.has(key)) {
            at.put(name, new Loc(o.lineOf(key), o.field(key)));
        }
    }

    void entry(String name, YamlMapping o) {
        at.put(name, new Loc(o.line(o.node), o.path));
    }

    /**
     * The refusal at the line of the first field it names that the file set: its subject, then
     * the other limits it mentions (for a loop, its setpoint limit and its sensor's limits),
     * then the entry of its subject, else the fallback.
     */
    ConfigException locate(IllegalArgumentException e, YamlMapping fallback, List<SensorConfig> sensors, List<LoopConfig> loops) {
        String msg = String.valueOf(e.getMessage());
        int end = 0;
        while (end < msg.length() && msg.charAt(end) != ' ' && msg.charAt(end) != ':') {
            end++;
        }
        String subject = msg.substring(0, end);
        String owner = ownerOf(subject);
        String sensorPrefix = owner.startsWith(SENSOR) ? owner + "." : null;
        String loopPrefix = null;
        if (owner.startsWith("interlocks.loops.")) {
            int k = InterlockSection.indexOfLoop(loops, owner.substring("interlocks.loops.".length()));
            if (k >= 0) {
                loopPrefix = "loops." + loops.get(k).loopId() + ".";
                sensorPrefix = SENSOR + loops.get(k).sensorIndex() + "].";
            }
        }
        // the subject first, then the interlock limits the message names, then the loop's own fields
        List<String> candidates = new ArrayList<>();
        List<String> loopFields = new ArrayList<>();
        candidates.add(subject);
        java.util.regex.Matcher words = java.util.regex.Pattern.compile("\\b([a-z][A-Za-z]+)\\b").matcher(msg.substring(end));
        while (words.find()) {
            String w = words.group(1);
            if (loopPrefix != null && (w.equals("setpointLimitKelvin") || w.equals("setpointKelvin"))) {
                loopFields.add(loopPrefix + w);
            } else if (sensorPrefix != null) {
                candidates.add(sensorPrefix + w);
            }
        }
        candidates.addAll(loopFields);
        candidates.add(owner);
        if (loopPrefix != null) {
            candidates.add(loopPrefix.substring(0, loopPrefix.length() - 1));
        }
        for (String c : candidates) {
            Loc loc = at.get(c);
            if (loc != null) {
                String rest = msg;
                if (c.equals(subject)) { // the key is named before the colon: the message goes on from its value
                    rest = msg.substring(end).replaceFirst("^[ :]+", "");
                    if (rest.startsWith("and ")) { // "sensorA and sensorB must differ"
                        rest = subject.substring(subject.lastIndexOf('.') + 1) + " " + rest;
                    }
                }
                return new ConfigException(source + ":" + loc.line() + ": " + loc.field() + ": " + readable(rest, sensors));
            }
        }
        return new ConfigException(source + ":" + fallback.line(fallback.node) + ": "
                + (fallback.path.isEmpty() ? "" : fallback.path + ": ") + readable(msg, sensors));
    }

    /** The record a message's subject belongs to: "interlocks.loops.mxc" for "interlocks.loops.mxc.holdBandKelvin". */
    private String ownerOf(String subject) {
        if (subject.startsWith(SENSOR) || subject.startsWith("interlocks.pairs[")) {
            int close = subject.indexOf(']');
            return close > 0 ? subject.substring(0, close + 1) : subject;
        }
        if (subject.startsWith("interlocks.loops.")) {
            int dot = subject.indexOf('.', "interlocks.loops.".length());
            return dot > 0 ? subject.substring(0, dot) : subject;
        }
        return subject;
    }

    /** Records name sensors by index; the file names them by sensorId. */
    private String readable(String msg, List<SensorConfig> sensors) {
        for (int i = sensors.size() - 1; i >= 0; i--) {
            msg = msg.replace(SENSOR + i + "]", SENSOR + sensors.get(i).sensorId() + "]");
        }
        return msg;
    }
}

