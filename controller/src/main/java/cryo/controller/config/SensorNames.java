package cryo.controller.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sensors by name: a reference ({@code sensor: mxc}) is a sensorId, or a stage id when that
 * stage has one sensor. Two sensors may share a stage (a redundant pair); then they must be
 * named by sensorId. Start-up only, on the loading thread.
 */
final class SensorNames {
    private final Map<String, Integer> byId = new LinkedHashMap<>();
    private final Map<String, List<Integer>> byStage = new LinkedHashMap<>();
    private final List<String> ids = new ArrayList<>();

    void add(YamlMapping s, SensorConfig sc, int index) {
        if (byId.put(sc.sensorId(), index) != null) {
            throw s.error(s.has("sensorId") ? "sensorId" : "stage", "sensorId '" + sc.sensorId() + "' given twice"
                    + (s.has("sensorId") ? "" : " (two sensors on one stage need a sensorId each)"));
        }
        for (cryo.hal.device.StageId st : cryo.hal.device.StageId.values()) {
            if (st.id().equals(sc.sensorId()) && !st.id().equals(sc.stageId())) {
                throw s.error("sensorId", "'" + sc.sensorId() + "' is the name of another stage");
            }
        }
        byStage.computeIfAbsent(sc.stageId(), k -> new ArrayList<>()).add(index);
        ids.add(sc.sensorId());
    }

    Integer get(YamlMapping o, String key, String name) {
        Integer idx = byId.get(name);
        if (idx != null) {
            return idx;
        }
        List<Integer> onStage = byStage.get(name);
        if (onStage == null) {
            return null;
        }
        if (onStage.size() > 1) {
            List<String> which = new ArrayList<>();
            onStage.forEach(i -> which.add(ids.get(i)));
            throw o.error(key, "stage '" + name + "' has " + onStage.size() + " sensors (" + String.join(", ", which)
                    + "): name one by its sensorId");
        }
        return onStage.get(0);
    }

    java.util.Collection<String> stages() {
        return byStage.keySet();
    }

    /** The sensor a key names; refused with the stages configured when there is none. */
    int ref(YamlMapping o, String key) {
        String stage = o.str(key, null);
        Integer idx = get(o, key, stage);
        if (idx == null) {
            throw o.error(key, "no sensor on stage '" + stage + "' (configured: " + String.join(", ", stages()) + ")");
        }
        return idx;
    }
}
