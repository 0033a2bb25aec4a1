package cryo.workstation.cli;

import cryo.hal.device.BoardClock;
import cryo.v1.Alarm;
import cryo.v1.InterlockState;
import cryo.v1.LoopMode;
import cryo.v1.LoopStatus;
import cryo.v1.NodeMode;
import cryo.v1.Quality;
import cryo.v1.SensorHealth;
import cryo.v1.StageStatus;
import cryo.v1.Status;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One status as a temperature controller's front panel would show it, on one line:
 * <pre>
 * 14:03:07 | mxc 20.01mK sp 20mK 37% R4 zone settled | still 800.2mK sp 800mK 17% R7 pid | ARMED 0 alarms
 * </pre>
 * Each regulating loop shows its reading and setpoint side by side, the heater as % of its range
 * and the range number (the wide line adds its full-scale power), the mode and ramping/settled; the other stages their
 * reading; then the interlock and the alarm count. Values the node marks stale or bad say so
 * ({@code STALE}, {@code BAD open}); a missing reading is {@code ----}. Within {@code columns} the
 * most important parts come first (time, interlock, the regulating loops, then stages) and what did
 * not fit is counted ({@code +3 more}); {@code columns <= 0} is the wide line with
 * everything (board time, loops that are off, ramp targets, heater watts, sequencer).
 */
public final class StatusLineFormat {
    public static final int DEFAULT_COLUMNS = 100;
    private static final DateTimeFormatter HMS = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);
    private static final String SEP = " | ";

    private StatusLineFormat() {
    }

    /** The line for {@code s} received (or printed) at {@code wallTime}; {@code prefix} (a node id, or empty) leads it. */
    public static String format(Status s, LocalTime wallTime, String prefix, int columns) {
        boolean wide = columns <= 0;
        Map<String, StageStatus> stages = new HashMap<>();
        for (StageStatus st : s.getStagesList()) {
            stages.putIfAbsent(st.getStageId(), st);
        }
        // priority order: what must always show first
        List<Part> parts = new ArrayList<>();
        String head = wallTime.format(HMS) + (prefix.isEmpty() ? "" : " " + prefix);
        if (wide) {
            head += String.format(Locale.ROOT, " t=%.1fs seq=%d bd_seq=%d", BoardClock.toSeconds(s.getBoardTimeTicks()), s.getSeq(), s.getBdSeq());
        }
        if (s.getMode() != NodeMode.NODE_MODE_RUN && s.getMode() != NodeMode.NODE_MODE_UNSPECIFIED) {
            head += " " + s.getMode().name().replace("NODE_MODE_", "") + (s.getModeReason().isEmpty() ? "" : "(" + s.getModeReason() + ")");
        }
        Set<String> shownByLoop = new HashSet<>();
        for (LoopStatus l : s.getLoopsList()) {
            boolean regulating = l.getMode() != LoopMode.LOOP_MODE_OFF && l.getMode() != LoopMode.LOOP_MODE_UNSPECIFIED;
            if (regulating || wide) {
                parts.add(new Part(loop(l, stages.get(l.getStageId()), wide)));
                shownByLoop.add(l.getStageId());
            }
        }
        for (StageStatus st : s.getStagesList()) {
            if (shownByLoop.add(st.getStageId())) {
                parts.add(new Part(st.getStageId() + " " + reading(st.getTemperatureKelvin(), st.getQuality(), st.getSensorHealth(), 4)));
            }
        }
        if (wide && !s.getSequencer().getState().isEmpty() && !s.getSequencer().getState().equals("idle")) {
            var q = s.getSequencer();
            parts.add(new Part("seq " + q.getSequenceName() + " " + q.getState() + " " + q.getEntriesWritten()
                    + (q.getEntriesTotal() > 0 ? "/" + q.getEntriesTotal() : "") + (q.getUnderflows() > 0 ? " underflows=" + q.getUnderflows() : "")));
        }
        if (wide && s.getStatusesDropped() > 0) {
            parts.add(new Part("dropped=" + s.getStatusesDropped()));
        }
        if (wide) {
            StringBuilder b = new StringBuilder(head);
            for (Part p : parts) {
                b.append(SEP).append(p.text);
            }
            return b.append(SEP).append(interlock(s, cause(s))).toString();
        }
        // the narrow line: the trip cause always (cut short only if longer than the line), then the
        // parts in order where they fit (a long one may give way to shorter ones after it), keeping
        // room for a "+N more" note
        String cause = cause(s);
        String state = interlock(s, "");
        int budget = columns - head.length() - SEP.length() - state.length();
        if (cause.length() > budget) {
            cause = budget >= 8 ? cause.substring(0, budget - 2) + "~)" : "";
        }
        budget -= cause.length();
        int all = 0;
        for (Part p : parts) {
            all += SEP.length() + p.text.length();
        }
        if (all > budget) {
            budget -= moreNote(parts.size()).length();
        }
        boolean[] shown = new boolean[parts.size()];
        int omitted = 0;
        for (int i = 0; i < parts.size(); i++) {
            int need = SEP.length() + parts.get(i).text.length();
            if (need <= budget) {
                shown[i] = true;
                budget -= need;
            } else {
                omitted++;
            }
        }
        StringBuilder b = new StringBuilder(head);
        for (int i = 0; i < parts.size(); i++) {
            if (shown[i]) {
                b.append(SEP).append(parts.get(i).text);
            }
        }
        if (omitted > 0) {
            b.append(moreNote(omitted));
        }
        return b.append(SEP).append(interlock(s, cause)).toString();
    }

    /** {@code (UNDER_TEMPERATURE mxc)}: why the interlock tripped and on which stage; empty when armed. */
    private static String cause(Status s) {
        var il = s.getInterlock();
        if (il.getCause().isEmpty()) {
            return "";
        }
        return "(" + il.getCause() + (il.getStageId().isEmpty() ? "" : " " + il.getStageId()) + ")";
    }

    private static String moreNote(int n) {
        return " +" + n + " more";
    }

    private record Part(String text) {
    }

    /** {@code mxc 20.01mK sp 20mK 37% R4 zone settled}. */
    static String loop(LoopStatus l, StageStatus stage, boolean wide) {
        StringBuilder b = new StringBuilder(l.getLoopId());
        if (!l.getStageId().equals(l.getLoopId())) {
            b.append('(').append(l.getStageId()).append(')');
        }
        b.append(' ');
        if (stage != null) {
            b.append(reading(stage.getTemperatureKelvin(), stage.getQuality(), stage.getSensorHealth(), 4));
        } else {
            b.append("----");
        }
        LoopMode mode = l.getMode();
        if (mode == LoopMode.LOOP_MODE_OFF || mode == LoopMode.LOOP_MODE_UNSPECIFIED) {
            return b.append(" off").toString();
        }
        if (mode != LoopMode.LOOP_MODE_MONITOR && mode != LoopMode.LOOP_MODE_OPEN_LOOP) {
            b.append(" sp ").append(Si.trimmed(l.getSetpointKelvin(), "K", 5));
        }
        if (mode == LoopMode.LOOP_MODE_MONITOR) {
            b.append(" monitor");
        } else {
            b.append(' ').append(heater(l, wide)).append(' ').append(modeName(mode));
        }
        if (!l.getFaultReason().isEmpty()) {
            b.append(" FAULT(").append(l.getFaultReason()).append(')');
        } else if (l.getQuality() == Quality.QUALITY_STALE || l.getQuality() == Quality.QUALITY_BAD) {
            b.append(' ').append(l.getQuality().name().replace("QUALITY_", ""));
        }
        if (mode == LoopMode.LOOP_MODE_PID || mode == LoopMode.LOOP_MODE_ZONE) {
            if (l.getRamping()) {
                b.append(" ramping");
                if (wide) {
                    b.append(" to ").append(Si.format(l.getTargetSetpointKelvin(), "K", 5)).append(" at ")
                            .append(Si.format(l.getRampRateKelvinPerMinute(), "K", 3)).append("/min");
                }
            } else if (l.getSettled()) {
                b.append(" settled");
            }
        }
        return b.toString();
    }

    /** {@code 37% R4}: output as % of the range's full-scale power; {@code htr off} on range 0; wide adds {@code (1.00mW) 370uW}. */
    static String heater(LoopStatus l, boolean wide) {
        if (l.getHeaterRange() <= 0 || !(l.getRangeMaxWatts() > 0)) {
            return "htr off";
        }
        double pct = 100 * l.getOutputWatts() / l.getRangeMaxWatts();
        String p = Double.isNaN(pct) ? "----" : String.format(Locale.ROOT, pct < 9.95 ? "%.1f%%" : "%.0f%%", pct);
        String r = p + " R" + l.getHeaterRange();
        // the wide line names the range by its full-scale power and gives the watts
        return wide ? r + "(" + Si.format(l.getRangeMaxWatts(), "W", 3) + ") " + Si.format(l.getOutputWatts(), "W", 3) : r;
    }

    private static String modeName(LoopMode m) {
        switch (m) {
            case LOOP_MODE_PID: return "pid";
            case LOOP_MODE_ZONE: return "zone";
            case LOOP_MODE_OPEN_LOOP: return "open";
            case LOOP_MODE_AUTOTUNE: return "autotune";
            default: return m.name().replace("LOOP_MODE_", "").toLowerCase(Locale.ROOT);
        }
    }

    /** A reading as the node rates it: {@code 20.01mK}, {@code 20.01mK STALE}, {@code BAD open}, {@code ----}. */
    static String reading(double kelvin, Quality q, SensorHealth health, int digits) {
        if (q == Quality.QUALITY_BAD) {
            String why = health == SensorHealth.SENSOR_OK || health == SensorHealth.SENSOR_HEALTH_UNSPECIFIED
                    ? "" : " " + health.name().replace("SENSOR_", "").toLowerCase(Locale.ROOT).replace('_', '-');
            return "BAD" + why;
        }
        String v = Si.format(kelvin, "K", digits);
        return q == Quality.QUALITY_STALE ? v + " STALE" : v;
    }

    /** {@code ARMED 0 alarms}, {@code TRIPPED(OVER_TEMPERATURE mxc) 2 alarms}, with {@code warmup} when in warm-up mode. */
    static String interlock(Status s, String cause) {
        var il = s.getInterlock();
        String state;
        if (il.getState() == InterlockState.INTERLOCK_TRIPPED) {
            state = "TRIPPED";
        } else if (il.getState() == InterlockState.INTERLOCK_TRIPPED_ACKNOWLEDGED) {
            state = "TRIPPED-ACKED";
        } else if (il.getState() == InterlockState.INTERLOCK_ARMED) {
            state = "ARMED";
        } else {
            state = "interlock ?";
        }
        state += cause;
        if (il.getWarmup()) {
            state += " warmup";
        }
        int n = s.getActiveAlarmsCount();
        long unacked = 0;
        for (Alarm a : s.getActiveAlarmsList()) {
            if (a.getState() == cryo.v1.AlarmState.ALARM_ACTIVE) {
                unacked++;
            }
        }
        return state + " " + n + (n == 1 ? " alarm" : " alarms") + (unacked > 0 ? " (" + unacked + " unacked)" : "");
    }
}
