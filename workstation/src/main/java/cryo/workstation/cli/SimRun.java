package cryo.workstation.cli;

import cryo.controller.app.Controller;
import cryo.controller.config.ConfigLoader;
import cryo.controller.config.ControllerConfig;
import cryo.controller.heater.HeaterLoop;
import cryo.controller.interlock.Interlock;
import cryo.controller.ring.ControlRing;
import cryo.hal.bus.BusException;
import cryo.hal.device.BoardClock;
import cryo.sim.board.LockStepDriver;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.fault.FaultInjector;
import cryo.sim.scenario.Scenario;
import cryo.sim.scenario.ScenarioCommand;
import cryo.sim.scenario.ScenarioFault;
import cryo.sim.scenario.ScenarioSetup;
import cryo.sim.scenario.ScenarioTimeline;
import cryo.sim.scenario.TracePlot;
import cryo.sim.scenario.TraceRecorder;
import cryo.controller.mqtt.CommandGate;
import cryo.v1.Command;
import cryo.v1.CommandEnvelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs a scenario through the full controller (the real Controller with a controller
 * configuration, by default the shipped cryo-cryostat.yaml that `cryo run` runs, its driver and
 * ring) against the simulated cryostat board in lock-step virtual time: each control tick the
 * board and plant advance by one tick (the configuration's, unless the scenario gives
 * control_tick_s), then the controller runs one tick at the new board time. Scenario commands go in as operator commands
 * through the ring, exactly as from MQTT. Records the trace, interlock trips, loop faults and
 * board fault flags as they appear.
 */
public final class SimRun {
    /** Something that happened, at a board time. */
    public record Event(double boardSeconds, String kind, String reason) {
    }

    /**
     * What a run produced.
     *
     * @param boardFaultFlagsSeen every FAULT_FLAGS bit the board latched during the run (the
     *                            watchdog's included, which is not an alarm of its own)
     */
    public record Result(Scenario scenario, String configSource, double tickSeconds, long seed, double simulatedSeconds,
                         double wallSeconds, long steps,
                         TraceRecorder trace, List<Event> alarms, List<Event> trips, List<Event> commands,
                         List<Event> faults, List<Event> safeStates, int boardFaultFlagsSeen) {
    }

    private SimRun() {
    }

    /**
     * A scenario file or shipped name, as `cryo sim` reads it: start_sequence files (relative to the
     * scenario file) in the formats `cryo sequence` reads.
     */
    public static Scenario load(String fileOrName) throws cryo.sim.scenario.ScenarioException {
        return cryo.sim.scenario.ScenarioLoader.resolve(fileOrName, cryo.workstation.sequence.SequenceFiles::read);
    }

    /** Where the default configuration comes from: the one `cryo run` regulates the in-process cryostat with. */
    public static final String SHIPPED_CONFIG = "classpath:" + ConfigLoader.CRYOSTAT_RESOURCE;

    /** The scenario under the shipped configuration (cryo-cryostat.yaml), as `cryo sim` without --config. */
    public static Result run(Scenario scenario, long seed) throws BusException {
        return run(scenario, ConfigLoader.loadShipped(ConfigLoader.CRYOSTAT_RESOURCE), SHIPPED_CONFIG, seed);
    }

    /**
     * The scenario under a controller configuration. Its tick is the run's unless the scenario
     * gives control_tick_s.
     *
     * @throws IllegalArgumentException a configured sensor on a thermometer channel the simulated board has not wired
     */
    public static Result run(Scenario scenario, ControllerConfig fileConfig, String configSource, long seed) throws BusException {
        return run(scenario, fileConfig, configSource, seed, false);
    }

    /**
     * As above; {@code ringThread} runs the ring's stages on their own thread with a hand-off per
     * tick, as before they ran on the driver's thread (the benchmark's and the equivalence test's
     * comparison; {@code cryo sim} runs them inline).
     */
    public static Result run(Scenario scenario, ControllerConfig fileConfig, String configSource, long seed, boolean ringThread)
            throws BusException {
        long wallStart = System.nanoTime();
        double tick = scenario.tickSeconds(fileConfig.tickIntervalSeconds());
        ControllerConfig config = tick == fileConfig.tickIntervalSeconds() ? fileConfig : fileConfig.withTickIntervalSeconds(tick);
        SimulatedBoard board = ScenarioSetup.board(scenario, seed);
        String unwired = RunCommand.unwiredSensors(config, board);
        if (unwired != null) {
            throw new IllegalArgumentException("config " + configSource + ": " + unwired);
        }
        List<Event> alarms = new ArrayList<>();
        List<Event> trips = new ArrayList<>();
        List<Event> commands = new ArrayList<>();
        List<Event> faults = new ArrayList<>();
        List<Event> safeStates = new ArrayList<>();
        TraceRecorder trace = new TraceRecorder(board, scenario.traceIntervalSeconds(tick));
        long steps;
        int allFlags = 0;
        try (Controller controller = Controller.create(config, board, board.clock(), ControlRing.defaultWaitStrategy(),
                (c, ok, why, t) -> {
                    synchronized (commands) {
                        commands.add(new Event(BoardClock.toSeconds(t), ok ? "accepted" : "refused", c.getCorrelationId() + ": " + why));
                    }
                })) {
            // the ring's stages on this thread: the same handlers in the same order, without a
            // two-thread hand-off per tick (about half of a 0.1 s tick's cost, sim-board/README)
            if (ringThread) {
                controller.start();
            } else {
                controller.startLockStep();
            }
            LockStepDriver driver = new LockStepDriver(board, tick, controller::step);
            ScenarioTimeline timeline = new ScenarioTimeline(scenario, new FaultInjector(board));
            Interlock interlock = controller.interlock();
            HeaterLoop[] loops = controller.loops();
            // what the controller saw and did, beside the true temperatures: per loop its reading, setpoint,
            // output and mode (LoopMode number), then the relay and the interlock
            for (HeaterLoop l : loops) {
                trace.addColumn(l.loopId() + "_read_k", l::measurementKelvin)
                        .addColumn(l.loopId() + "_setpoint_k", l::setpointKelvin)
                        .addColumn(l.loopId() + "_output_w", l::outputWatts)
                        .addColumn(l.loopId() + "_mode", () -> l.mode().getNumber());
            }
            trace.addColumn("relay_closed", () -> board.relayClosed() ? 1 : 0)
                    .addColumn("interlock_tripped", () -> interlock.tripped() ? 1 : 0);
            WarningWatch warnings = new WarningWatch(controller.alarms(), config);
            String[] loopFault = new String[loops.length];
            java.util.Arrays.fill(loopFault, "");
            long seenTrips = 0;
            double unsafeSinceTrip = Double.NaN; // a trip whose safe state (every heater delivering 0 W) is not yet seen
            int seenFlags = 0;
            int nextFault = 0;
            CommandGate gate = new CommandGate(config.nodeId(), null, false, 30_000, () -> 1L);
            steps = Math.round(scenario.durationSeconds() / tick);
            trace.record(0);
            for (long i = 0; i < steps; i++) {
                double now = BoardClock.toSeconds(board.clock().nowTicks());
                boolean[] submitted = {false};
                long nowTicks = board.clock().nowTicks();
                timeline.advanceTo(now, c -> {
                    submit(controller, gate, config.nodeId(), c, nowTicks, commands);
                    submitted[0] = true;
                });
                while (nextFault < scenario.faults().size() && scenario.faults().get(nextFault).atSeconds() <= now) {
                    ScenarioFault f = scenario.faults().get(nextFault++);
                    faults.add(new Event(now, f.kind().id(), describe(f)));
                }
                if (submitted[0]) {
                    controller.awaitIdle();
                }
                driver.step();
                double t = BoardClock.toSeconds(board.clock().nowTicks());
                trace.record(t);
                if (interlock.tripCount() != seenTrips) {
                    seenTrips = interlock.tripCount();
                    String reason = tripReason(interlock, config);
                    trips.add(new Event(BoardClock.toSeconds(interlock.tripTicks()), interlock.cause().name(), reason));
                    alarms.add(new Event(BoardClock.toSeconds(interlock.tripTicks()), "interlock-trip", reason));
                    unsafeSinceTrip = BoardClock.toSeconds(interlock.tripTicks());
                }
                if (!Double.isNaN(unsafeSinceTrip) && safeState(board)) {
                    safeStates.add(new Event(t, "safe-state", String.format(java.util.Locale.ROOT,
                            "every heater delivering 0 W %.1f s after the trip", t - unsafeSinceTrip)));
                    unsafeSinceTrip = Double.NaN;
                }
                for (int l = 0; l < loops.length; l++) {
                    String why = loops[l].faultReason();
                    if (!why.equals(loopFault[l])) {
                        loopFault[l] = why;
                        if (!why.isEmpty() && !why.equals("interlock tripped")) {
                            alarms.add(new Event(t, "loop-fault", "loop " + loops[l].loopId() + ": " + why));
                        }
                    }
                }
                warnings.poll(t, alarms);
                int flags = board.faultFlags();
                // the board's watchdog latch is not an alarm of its own (SAFETY.md): one that fires while
                // the interlock is tripped (no kicks, on purpose) raises nothing, and one that fires while
                // it is armed is the controller's BOARD_WATCHDOG trip, listed with the trips
                int fresh = flags & ~seenFlags & ~cryo.hal.regmap.CryoCmosRegisters.FAULT_WATCHDOG;
                if (fresh != 0) {
                    alarms.add(new Event(t, "board-fault", "board fault flags latched: " + flagNames(fresh)));
                }
                seenFlags = flags;
                allFlags |= flags;
            }
        }
        double wall = (System.nanoTime() - wallStart) * 1e-9;
        List<Event> commandsCopy;
        synchronized (commands) {
            commandsCopy = List.copyOf(commands);
        }
        return new Result(scenario, configSource, tick, seed, steps * tick, wall, steps, trace,
                List.copyOf(alarms), List.copyOf(trips), commandsCopy, List.copyOf(faults), List.copyOf(safeStates), allFlags);
    }

    /** What the board delivers, not what was commanded: every heater at 0 W (cut by the relay, the watchdog or the loop). */
    private static boolean safeState(SimulatedBoard board) {
        for (int h = 0; h < board.heaterChannels(); h++) {
            if (board.heaterPowerWatts(h) != 0.0) {
                return false;
            }
        }
        return true;
    }

    private static String describe(ScenarioFault f) {
        StringBuilder b = new StringBuilder(f.kind().id());
        if (f.stage() != null) {
            b.append(" on ").append(f.stage().id());
        }
        if (f.kind().valueUnit() != null) {
            b.append(String.format(Locale.ROOT, " (%s %s)", f.value(), f.kind().valueUnit()));
        }
        if (!Double.isNaN(f.clearAtSeconds())) {
            b.append(String.format(Locale.ROOT, ", repaired at %.0f s", f.clearAtSeconds()));
        }
        return b.toString();
    }

    private static String tripReason(Interlock il, ControllerConfig config) {
        int s = il.stageIndex();
        String where = s >= 0 && s < config.sensors().size() ? " on " + config.sensors().get(s).stageId() : "";
        String units = cryo.controller.alarm.AlarmNames.units(il.cause());
        return String.format(Locale.ROOT, "%s%s: %.6g %s (limit %.6g %s)", il.cause().name(), where, il.value(), units,
                il.limit(), units);
    }

    static String flagNames(int flags) {
        String[] names = {"watchdog", "comparator", "supply", "die-over-temperature", "bus-crc", "pulse-underflow", "heater"};
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if ((flags & (1 << i)) != 0) {
                b.append(b.length() == 0 ? "" : ", ").append(names[i]);
            }
        }
        return b.length() == 0 ? String.format("0x%x", flags) : b.toString();
    }

    /**
     * One scenario entry as the Commands it stands for, each through the gate an MQTT command
     * passes (CommandGate: ids, target node, field sanity, what MQTT does not accept) and then the
     * ring, as the MQTT adapter does; a refusal at either is in the report's commands.
     */
    private static void submit(Controller controller, CommandGate gate, String nodeId, ScenarioCommand sc, long boardTicks,
                               List<Event> commands) {
        for (Command c : sc.commands()) {
            Command full = c.toBuilder().setOperatorId("scenario").setTargetNode(nodeId)
                    .setIssuedUnixMillis(1 + boardTicks / 1_000_000).build(); // virtual time: any issue time > 0 passes unsigned
            CommandGate.Verdict v = gate.check(CommandEnvelope.newBuilder().setCommand(full.toByteString()).build().toByteArray());
            if (v.refused()) {
                synchronized (commands) {
                    commands.add(new Event(BoardClock.toSeconds(boardTicks), "refused", full.getCorrelationId() + ": " + v.refusal()));
                }
                continue;
            }
            if (full.getActionCase() == Command.ActionCase.REQUEST_REBIRTH) {
                // the MQTT adapter answers this itself (it republishes the Birth); a simulation has no session
                synchronized (commands) {
                    commands.add(new Event(BoardClock.toSeconds(boardTicks), "accepted", full.getCorrelationId() + ": rebirth requested (no MQTT session in a simulation)"));
                }
                continue;
            }
            if (!controller.submit(v.command())) {
                throw new IllegalStateException("command ring full");
            }
        }
    }

    /** The JSON report: simulated and wall seconds, per-stage final/min/max kelvin, alarms, trips, time to each safe state. */
    public static String reportJson(Result r) {
        StringBuilder b = new StringBuilder("{\n");
        b.append("  \"scenario\": ").append(str(r.scenario().name())).append(",\n");
        b.append("  \"source\": ").append(str(r.scenario().source())).append(",\n");
        b.append("  \"config\": ").append(str(r.configSource())).append(",\n");
        b.append("  \"seed\": ").append(r.seed()).append(",\n");
        b.append("  \"simulated_seconds\": ").append(num(r.simulatedSeconds())).append(",\n");
        b.append("  \"wall_seconds\": ").append(num(r.wallSeconds())).append(",\n");
        b.append("  \"simulated_seconds_per_wall_second\": ").append(num(r.simulatedSeconds() / r.wallSeconds())).append(",\n");
        b.append("  \"control_tick_seconds\": ").append(num(r.tickSeconds())).append(",\n");
        b.append("  \"steps\": ").append(r.steps()).append(",\n");
        b.append("  \"stages\": {\n");
        var stages = r.trace().stages();
        for (int i = 0; i < stages.length; i++) {
            b.append("    ").append(str(stages[i].id())).append(": {\"final_kelvin\": ").append(num(r.trace().finalKelvin(i)))
                    .append(", \"min_kelvin\": ").append(num(r.trace().minKelvin(i)))
                    .append(", \"max_kelvin\": ").append(num(r.trace().maxKelvin(i))).append('}')
                    .append(i + 1 < stages.length ? ",\n" : "\n");
        }
        b.append("  },\n");
        events(b, "alarms", r.alarms(), true);
        events(b, "trips", r.trips(), true);
        events(b, "safe_states", r.safeStates(), true);
        events(b, "faults", r.faults(), true);
        events(b, "commands", r.commands(), false);
        return b.append("}\n").toString();
    }

    private static void events(StringBuilder b, String name, List<Event> list, boolean comma) {
        b.append("  ").append(str(name)).append(": [");
        for (int i = 0; i < list.size(); i++) {
            Event e = list.get(i);
            b.append(i == 0 ? "\n" : ",\n").append("    {\"board_seconds\": ").append(num(e.boardSeconds()))
                    .append(", \"kind\": ").append(str(e.kind())).append(", \"reason\": ").append(str(e.reason())).append('}');
        }
        b.append(list.isEmpty() ? "]" : "\n  ]").append(comma ? ",\n" : "\n");
    }

    private static String num(double v) {
        if (!Double.isFinite(v)) {
            return "null";
        }
        return String.format(Locale.ROOT, "%.6g", v);
    }

    static String str(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"': b.append("\\\""); break;
                case '\\': b.append("\\\\"); break;
                case '\n': b.append("\\n"); break;
                default:
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
            }
        }
        return b.append('"').toString();
    }

    /** Plot markers: scenario commands, faults and repairs (grey), trips with their cause (red). */
    public static List<TracePlot.Marker> markers(Result r) {
        List<TracePlot.Marker> m = new ArrayList<>();
        for (Event e : r.faults()) {
            m.add(new TracePlot.Marker(e.boardSeconds(), e.kind(), false));
        }
        for (ScenarioFault f : r.scenario().faults()) {
            if (f.clearAtSeconds() <= r.simulatedSeconds()) {
                m.add(new TracePlot.Marker(f.clearAtSeconds(), "repaired", false));
            }
        }
        // commands at one time share a marker: a scenario's start often sets several loops at t = 0
        java.util.Map<Double, List<String>> commandsAt = new java.util.TreeMap<>();
        for (ScenarioCommand c : r.scenario().commands()) {
            if (c.atSeconds() <= r.simulatedSeconds()) {
                commandsAt.computeIfAbsent(c.atSeconds(), k -> new ArrayList<>()).add(commandLabel(c));
            }
        }
        commandsAt.forEach((t, names) -> m.add(new TracePlot.Marker(t, String.join("; ", names), false)));
        for (Event e : r.trips()) {
            m.add(new TracePlot.Marker(e.boardSeconds(), "TRIP " + tripLabel(e), true));
        }
        int mxc = java.util.Arrays.asList(r.trace().stages()).indexOf(cryo.hal.device.StageId.MXC);
        if (mxc >= 0 && !r.trace().rows().isEmpty() && r.trace().rows().get(0)[1 + mxc] > 1.0) { // a cooldown: mark base reached
            for (double[] row : r.trace().rows()) {
                if (row[1 + mxc] < 0.020) {
                    m.add(new TracePlot.Marker(row[0], String.format(Locale.ROOT, "MXC < 20 mK at %.1f h", row[0] / 3600), false));
                    break;
                }
            }
        }
        m.sort(java.util.Comparator.comparingDouble(TracePlot.Marker::seconds));
        return m;
    }

    /** A scenario command in a few words: "mxc pid 30 mK", "still open-loop 15 mW", "operator acknowledges". */
    static String commandLabel(ScenarioCommand c) {
        if (c.command() != null) {
            // "set_ramp loop_id: \"mxc\" enabled: true ...", clipped: the marker is a few words
            String action = c.command().getActionCase().name().toLowerCase(Locale.ROOT);
            com.google.protobuf.Descriptors.FieldDescriptor f = Command.getDescriptor().findFieldByName(action);
            String args = f == null ? "" : com.google.protobuf.TextFormat.shortDebugString((com.google.protobuf.Message) c.command().getField(f));
            String label = (action + " " + args.replace("\"", "")).trim();
            return label.length() > 48 ? label.substring(0, 47) + "…" : label;
        }
        List<String> w = new ArrayList<>();
        if (c.acknowledge()) {
            w.add("operator acknowledges");
        }
        if (c.warmup() != null) {
            w.add("warm-up mode " + (c.warmup() ? "on" : "off"));
        }
        if (c.loopId() != null) {
            StringBuilder b = new StringBuilder(c.loopId());
            if (c.mode() != null) {
                b.append(' ').append(c.mode());
            }
            if (c.heaterRange() >= 0) {
                b.append(" range ").append(c.heaterRange());
            }
            if (!Double.isNaN(c.outputWatts())) {
                b.append(' ').append(watts(c.outputWatts()));
            }
            if (!Double.isNaN(c.setpointKelvin())) {
                b.append(' ').append(kelvin(c.setpointKelvin()));
            }
            w.add(b.toString());
        }
        return String.join(", ", w);
    }

    /** "rate of rise on still: 0.034 K/s (limit 0.01)": the trip's cause and stage, value and limit to 3 figures. */
    static String tripLabel(Event trip) {
        String cause = trip.kind().toLowerCase(Locale.ROOT).replace('_', ' ');
        java.util.regex.Matcher mt = java.util.regex.Pattern
                .compile("^[A-Z_]+(.*?): (\\S+) (.*?) \\(limit (\\S+) .*\\)$").matcher(trip.reason());
        if (!mt.matches()) {
            return cause;
        }
        double value = Double.parseDouble(mt.group(2));
        double limit = Double.parseDouble(mt.group(4));
        String unit = mt.group(3);
        String v = unit.equals("W") ? watts(value) + " (limit " + watts(limit) + ")"
                : unit.equals("K") ? kelvin(value) + " (limit " + kelvin(limit) + ")"
                : (g3(value) + " " + unit).trim() + " (limit " + g3(limit) + ")";
        return cause + mt.group(1) + ": " + v;
    }

    private static String watts(double w) {
        double a = Math.abs(w);
        return a == 0 ? "0 W" : a < 1e-3 ? g3(w * 1e6) + " µW" : a < 1 ? g3(w * 1e3) + " mW" : g3(w) + " W";
    }

    private static String kelvin(double k) {
        return k < 1 ? g3(k * 1e3) + " mK" : g3(k) + " K";
    }

    /** Three significant figures without trailing zeros: 0.034, 15, 2.5e-05. */
    private static String g3(double v) {
        String s = String.format(Locale.ROOT, "%.3g", v);
        int e = s.indexOf('e');
        String mant = e < 0 ? s : s.substring(0, e);
        if (mant.contains(".")) {
            mant = mant.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return e < 0 ? mant : mant + s.substring(e);
    }
}
