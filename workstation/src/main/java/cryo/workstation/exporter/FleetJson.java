package cryo.workstation.exporter;

import cryo.v1.Alarm;
import cryo.v1.LoopStatus;
import cryo.v1.Quality;
import cryo.v1.StageStatus;
import cryo.v1.Status;

/** One node as the dashboard reads it (JSON). Called under the fleet's lock. */
final class FleetJson {
    private FleetJson() {
    }

    /** {"node","state":"up|down|unknown|stale","t",stages,loops,interlock,alarms,...}: values only when fresh. */
    static void node(StringBuilder out, NodeView v, boolean fresh) {
        out.append("{\"node\":");
        Json.string(out, v.node);
        String state = v.up == NodeView.Up.UP ? (fresh ? "up" : "stale") : v.up == NodeView.Up.DOWN ? "down" : "unknown";
        out.append(",\"state\":\"").append(state).append('"');
        out.append(",\"firmware\":");
        Json.string(out, v.firmware);
        out.append(",\"runbookBase\":");
        Json.string(out, v.runbookBaseUrl);
        out.append(",\"t\":");
        Json.number(out, v.lastStatusEpochSeconds);
        out.append(",\"seqGaps\":").append(v.seqGaps);
        Status s = fresh ? v.last : null;
        out.append(",\"stages\":[");
        if (s != null) {
            boolean first = true;
            for (StageStatus st : s.getStagesList()) {
                out.append(first ? "" : ",");
                first = false;
                out.append("{\"id\":");
                Json.string(out, st.getStageId());
                out.append(",\"quality\":\"").append(quality(st.getQuality())).append("\",\"kelvin\":");
                Json.number(out, st.getQuality() == Quality.QUALITY_GOOD ? st.getTemperatureKelvin() : Double.NaN);
                out.append('}');
            }
        }
        out.append("],\"loops\":[");
        if (s != null) {
            boolean first = true;
            for (LoopStatus l : s.getLoopsList()) {
                boolean good = l.getQuality() != Quality.QUALITY_STALE && l.getQuality() != Quality.QUALITY_BAD;
                out.append(first ? "" : ",");
                first = false;
                out.append("{\"id\":");
                Json.string(out, l.getLoopId());
                out.append(",\"stage\":");
                Json.string(out, l.getStageId());
                out.append(",\"mode\":");
                Json.string(out, l.getMode().name().replace("LOOP_MODE_", "").toLowerCase(java.util.Locale.ROOT));
                out.append(",\"watts\":");
                Json.number(out, good ? l.getOutputWatts() : Double.NaN);
                out.append(",\"setpointKelvin\":");
                Json.number(out, good ? l.getSetpointKelvin() : Double.NaN);
                out.append('}');
            }
        }
        out.append(']');
        if (s != null) {
            out.append(",\"interlock\":{\"state\":");
            Json.string(out, s.getInterlock().getState().name().replace("INTERLOCK_", "").toLowerCase(java.util.Locale.ROOT));
            out.append(",\"cause\":");
            Json.string(out, s.getInterlock().getCause());
            out.append(",\"stage\":");
            Json.string(out, s.getInterlock().getStageId());
            out.append("},\"seq\":").append(s.getSeq());
            out.append(",\"underflows\":").append(s.getSequencer().getUnderflows());
        }
        out.append(",\"alarms\":[");
        if (s != null) {
            boolean first = true;
            for (Alarm a : s.getActiveAlarmsList()) {
                out.append(first ? "" : ",");
                first = false;
                out.append("{\"id\":").append(a.getAlarmId()).append(",\"cause\":");
                Json.string(out, a.getCause().name());
                out.append(",\"severity\":\"").append(FleetCollector.severity(a.getSeverity())).append("\",\"state\":");
                Json.string(out, a.getState().name().replace("ALARM_", "").toLowerCase(java.util.Locale.ROOT));
                out.append(",\"message\":");
                Json.string(out, a.getMessage());
                out.append(",\"runbook\":");
                Json.string(out, a.getRunbookUrl());
                out.append('}');
            }
        }
        out.append("]}");
    }

    private static String quality(Quality q) {
        return q.name().replace("QUALITY_", "").toLowerCase(java.util.Locale.ROOT);
    }
}
