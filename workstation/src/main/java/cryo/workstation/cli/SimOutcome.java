package cryo.workstation.cli;

import cryo.controller.config.ControllerConfig;
import cryo.controller.config.LoopConfig;
import cryo.hal.device.StageId;
import cryo.sim.scenario.TraceRecorder;
import cryo.sim.scenario.expect.RunOutcome;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * A finished {@link SimRun} as the plain figures expectations judge ({@link RunOutcome}): per stage
 * the true and the read temperature (what the configuration's loop on that stage's sensor
 * measured; none on a stage without a loop), the trips with their stage and when the safe state
 * followed, every alarm.
 */
final class SimOutcome {
    private SimOutcome() {
    }

    static RunOutcome of(SimRun.Result r, ControllerConfig config) {
        TraceRecorder trace = r.trace();
        StageId[] stages = trace.stages();
        Map<StageId, String> readColumn = new EnumMap<>(StageId.class);
        for (LoopConfig l : config.loops()) { // SimRun's trace column of what each loop measured
            readColumn.putIfAbsent(StageId.fromId(config.sensors().get(l.sensorIndex()).stageId()), l.loopId() + "_read_k");
        }
        List<RunOutcome.StageFigures> figures = new ArrayList<>();
        for (int i = 0; i < stages.length; i++) {
            String read = readColumn.getOrDefault(stages[i], "");
            figures.add(new RunOutcome.StageFigures(stages[i], trace.minKelvin(i), trace.maxKelvin(i), trace.finalKelvin(i),
                    trace.columnMin(read), trace.columnMax(read), trace.columnFinal(read)));
        }
        List<RunOutcome.Trip> trips = new ArrayList<>();
        for (SimRun.Event t : r.trips()) {
            trips.add(new RunOutcome.Trip(t.boardSeconds(), t.kind(), stageOf(t), safeStateAfter(r, t.boardSeconds())));
        }
        List<RunOutcome.Alarm> alarms = new ArrayList<>();
        for (SimRun.Event a : r.alarms()) {
            alarms.add(new RunOutcome.Alarm(a.boardSeconds(), a.kind(), a.reason()));
        }
        return new RunOutcome(r.simulatedSeconds(), figures, trips, alarms);
    }

    /** The stage a trip names: its reason reads "CAUSE on STAGE: value (limit ...)", or "CAUSE: ..." for none. */
    private static String stageOf(SimRun.Event trip) {
        String prefix = trip.kind() + " on ";
        if (!trip.reason().startsWith(prefix)) {
            return "";
        }
        int colon = trip.reason().indexOf(':', prefix.length());
        return colon < 0 ? "" : trip.reason().substring(prefix.length(), colon);
    }

    /** When every heater first delivered 0 W at or after a trip, NaN if it never did. */
    private static double safeStateAfter(SimRun.Result r, double tripSeconds) {
        for (SimRun.Event s : r.safeStates()) {
            if (s.boardSeconds() >= tripSeconds) {
                return s.boardSeconds();
            }
        }
        return Double.NaN;
    }
}
