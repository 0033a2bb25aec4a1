package cryo.controller.interlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.alarm.AlarmSet;
import cryo.controller.sequencer.PulseSequencerStage;
import cryo.hal.device.StageId;
import cryo.sim.fault.FaultInjector;
import cryo.sim.fault.FaultKind;
import cryo.v1.ChannelKind;
import cryo.v1.Envelope;
import cryo.v1.Pulse;
import cryo.v1.PulseChannel;
import cryo.v1.PulseSequence;
import cryo.v1.StartSequence;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.AlarmCause;
import cryo.v1.Command;
import cryo.v1.SetHeaterRange;
import cryo.v1.SetSetpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fault matrix: every fault the simulator injects, at the operating points where it matters.
 * Each row asserts that the controller reached the safe state (heater power zero on the board,
 * interlock tripped) within the row's deadline, that the true stage temperature stayed under the
 * row's bound, and that an alarm with the right cause was raised. Lock-step virtual time from a
 * fixed seed, so detection times and peaks are deterministic: the table in controller/SAFETY.md
 * is generated from these rows and checked to be current (regenerate with -Dsafety.write=true).
 */
class FaultMatrixTest {
    private static final int MXC = SimulatedBoards.MXC_THERMOMETER;
    private static final int HEATER = SimulatedBoards.MXC_HEATER;
    private static final Map<Integer, String> TABLE = new TreeMap<>();

    /** Builds the harness of an operating point from the row's seed. */
    interface HarnessFactory {
        SafetyHarness make(long seed) throws Exception;
    }

    enum OperatingPoint {
        COOLING_DOWN("cooling down from 4 K", h -> h.run(0.5)),
        HOLD_20MK("regulating at 20 mK", h -> {
            h.command(setpoint(0.020));
            h.run(120);
        }),
        HOLD_500MK("regulating at 500 mK", h -> {
            h.command(range(7));
            h.command(setpoint(0.5));
            h.run(180);
        }),
        WARMING_UP("warming up 20 mK to 800 mK", h -> {
            h.command(setpoint(0.020));
            h.run(60);
            h.command(range(7));
            h.command(setpoint(0.8));
            h.run(1);
        }),
        SEQUENCE_20MK("pulse sequence playing at 20 mK", h -> {
            h.command(setpoint(0.020));
            h.run(120);
            String started = h.command(Command.newBuilder().setStartSequence(StartSequence.newBuilder().setSequence(sequence()).setLoops(0)));
            assertTrue(started.startsWith("accepted"), started);
            h.run(1);
            assertEquals(PulseSequencerStage.RUNNING, h.controller.sequencer().state());
            assertTrue(h.board.pulseEngine().playedCount() > 0, "pulses play before the fault");
        }),
        CRYOSTAT_BASE("cryostat at base, mxc at 30 mK (1 s tick)", seed -> SafetyHarness.cryostatAtBase(seed, 0.030, 600), h -> { });

        final String text;
        final HarnessFactory factory;
        final Consumer<SafetyHarness> setUp;

        OperatingPoint(String text, Consumer<SafetyHarness> setUp) {
            this(text, SafetyHarness::new, setUp);
        }

        OperatingPoint(String text, HarnessFactory factory, Consumer<SafetyHarness> setUp) {
            this.text = text;
            this.factory = factory;
            this.setUp = setUp;
        }
    }

    /** A sparse pulse sequence: one Gaussian on one drive channel every 50 ms (well inside the thermal budget). */
    static PulseSequence sequence() {
        return PulseSequence.newBuilder().setName("matrix").setVersion(1)
                .addChannels(PulseChannel.newBuilder().setName("q0").setKind(ChannelKind.CHANNEL_DRIVE).setBoardChannel(0).setMaxAmplitude(0.8))
                .addPulses(Pulse.newBuilder().setName("x90").setChannel("q0").setStartTicks(0).setDurationTicks(40).setAmplitude(0.4)
                        .setPhaseRadians(0.25).setCarrierHz(5.1e6).setEnvelope(Envelope.ENVELOPE_GAUSSIAN).setSigmaTicks(10))
                .setLengthTicks(50_000_000)
                .build();
    }

    /** After a fault during a sequence: the sequence aborted, the engine stopped with its FIFO empty. */
    static void sequenceAborted(SafetyHarness h) {
        assertEquals(PulseSequencerStage.ABORTED, h.controller.sequencer().state(), h.controller.sequencer().lastError());
        assertEquals(0, h.board.pulseEngine().queued(), "engine FIFO empty");
        assertFalse(h.board.pulseEngine().running(), "engine stopped");
        long played = h.board.pulseEngine().playedCount();
        h.run(1);
        assertEquals(played, h.board.pulseEngine().playedCount(), "nothing plays after the safe state");
    }

    /** A fault: how to inject it, and what must happen. */
    enum Row {
        DRIVER_STUCK_20MK(OperatingPoint.HOLD_20MK, "heater driver delivers 50 mW whatever is commanded",
                inject(FaultKind.HEATER_FORCED_POWER, StageId.MXC, 0.05), AlarmCause.HEATER_READBACK_MISMATCH, 0.5, 2.0),
        DRIVER_STUCK_500MK(OperatingPoint.HOLD_500MK, "heater driver delivers 50 mW whatever is commanded",
                inject(FaultKind.HEATER_FORCED_POWER, StageId.MXC, 0.05), AlarmCause.HEATER_READBACK_MISMATCH, 0.5, 2.0),
        DRIVER_STUCK_COOLDOWN(OperatingPoint.COOLING_DOWN, "heater driver delivers 50 mW whatever is commanded",
                inject(FaultKind.HEATER_FORCED_POWER, StageId.MXC, 0.05), AlarmCause.HEATER_READBACK_MISMATCH, 0.5, 4.5),
        OPEN_20MK(OperatingPoint.HOLD_20MK, "sensor open circuit",
                inject(FaultKind.SENSOR_OPEN, StageId.MXC, 0), AlarmCause.SENSOR_OPEN_CIRCUIT, 0.5, 0.1),
        OPEN_WARMUP(OperatingPoint.WARMING_UP, "sensor open circuit",
                inject(FaultKind.SENSOR_OPEN, StageId.MXC, 0), AlarmCause.SENSOR_OPEN_CIRCUIT, 0.5, 1.5),
        SHORT_500MK(OperatingPoint.HOLD_500MK, "sensor short circuit",
                inject(FaultKind.SENSOR_SHORT, StageId.MXC, 0), AlarmCause.SENSOR_SHORT_CIRCUIT, 0.5, 1.0),
        STUCK_20MK(OperatingPoint.HOLD_20MK, "sensor stuck at its last reading",
                inject(FaultKind.SENSOR_STUCK, StageId.MXC, 0), AlarmCause.SENSOR_STUCK_VALUE, 6, 0.1),
        STUCK_WARMUP(OperatingPoint.WARMING_UP, "sensor stuck at its last reading",
                inject(FaultKind.SENSOR_STUCK, StageId.MXC, 0), AlarmCause.SENSOR_STUCK_VALUE, 6, 1.6),
        FROZEN_500MK(OperatingPoint.HOLD_500MK, "converter frozen (no new sample)",
                inject(FaultKind.SENSOR_FROZEN, StageId.MXC, 0), AlarmCause.STALE_DATA, 0.5, 1.0),
        HUNG_20MK(OperatingPoint.HOLD_20MK, "board hung (answers nothing)",
                inject(FaultKind.BOARD_HANG, null, 0), AlarmCause.BOARD_NOT_ANSWERING, 3.1, 0.1),
        HUNG_WARMUP(OperatingPoint.WARMING_UP, "board hung (answers nothing)",
                inject(FaultKind.BOARD_HANG, null, 0), AlarmCause.BOARD_NOT_ANSWERING, 3.1, 1.6),
        CRC_500MK(OperatingPoint.HOLD_500MK, "60 corrupted response frames",
                h -> h.board.corruptNextResponses(60), AlarmCause.BUS_CRC_RATE, 1.0, 1.0),
        JUMP_500MK(OperatingPoint.HOLD_500MK, "reading jumps to 1/10",
                h -> h.board.mockTemperatureKelvin(MXC, 0.05), AlarmCause.SENSOR_JUMP_DETECTED, 0.3, 1.0),
        OVER_TEMPERATURE_COOLDOWN(OperatingPoint.COOLING_DOWN, "reading at 5.5 K",
                h -> h.board.mockTemperatureKelvin(MXC, 5.5), AlarmCause.OVER_TEMPERATURE, 0.5, 4.5),
        COMPARATOR_20MK(OperatingPoint.HOLD_20MK, "reading at 7 K (above the board comparator)",
                h -> h.board.mockTemperatureKelvin(MXC, 7.0), AlarmCause.OVER_TEMPERATURE, 0.2, 0.1),
        DETACHED_20MK(OperatingPoint.HOLD_20MK, "sensor detached (reads 12 mK whatever the stage does)",
                h -> h.board.mockTemperatureKelvin(MXC, 0.012), AlarmCause.SENSOR_DETACHED_FROM_STAGE, 70, 0.3),
        OFFSET_20MK(OperatingPoint.HOLD_20MK, "reading offset to 35 mK (hold band ± 10 mK)",
                h -> h.board.mockTemperatureKelvin(MXC, 0.035), AlarmCause.HOLD_BAND_RUNAWAY, 32, 0.1),
        HEATUP_20MK(OperatingPoint.HOLD_20MK, "setpoint raised to 100 mK on heater range 1 (0.1 µW at most)",
                h -> {
                    h.command(Command.newBuilder().setSetMode(cryo.v1.SetMode.newBuilder().setLoopId("mxc")
                            .setMode(cryo.v1.LoopMode.LOOP_MODE_PID)));
                    h.command(range(1));
                    h.command(setpoint(0.1));
                }, AlarmCause.HEATUP_FAILED, 32, 0.1),
        DRIFT_500MK(OperatingPoint.HOLD_500MK, "reading drifts up at 0.1 K/s",
                null, AlarmCause.RATE_OF_RISE, 21, 1.0),
        SEQUENCE_OVER_TEMPERATURE(OperatingPoint.SEQUENCE_20MK, "reading at 7 K while a sequence plays",
                h -> h.board.mockTemperatureKelvin(MXC, 7.0), AlarmCause.OVER_TEMPERATURE, 0.2, 0.1, StageId.MXC,
                FaultMatrixTest::sequenceAborted),
        SEQUENCE_BOARD_HUNG(OperatingPoint.SEQUENCE_20MK, "board hung while a sequence plays",
                h -> new FaultInjector(h.board).inject(FaultKind.BOARD_HANG, null, 0), AlarmCause.BOARD_NOT_ANSWERING, 3.1, 0.1, StageId.MXC,
                h -> {
                    new FaultInjector(h.board).clear(FaultKind.BOARD_HANG, null); // the bus is back: the host sees the aborted sequence and the cut engine
                    h.run(1);
                    sequenceAborted(h);
                }),
        SEQUENCE_HEATER_DRIVER(OperatingPoint.SEQUENCE_20MK, "heater driver delivers 50 mW while a sequence plays",
                inject(FaultKind.HEATER_FORCED_POWER, StageId.MXC, 0.05), AlarmCause.HEATER_READBACK_MISMATCH, 0.5, 2.0, StageId.MXC,
                FaultMatrixTest::sequenceAborted),
        COOLING_LOSS_4K(OperatingPoint.CRYOSTAT_BASE, "pulse tube stops (4 K plate warms, its heater off)",
                inject(FaultKind.PULSE_TUBE_STOP, null, 0), AlarmCause.COOLING_LOSS, 30, 10,
                StageId.PLATE_4K, null),
        DISAGREEMENT_MXC(OperatingPoint.CRYOSTAT_BASE, "mxc thermometer reads 20 mK, its twin the stage (30 mK)",
                h -> h.board.mockTemperatureKelvin(MXC, 0.020), AlarmCause.SENSOR_DISAGREEMENT, 6, 0.1, StageId.MXC, null),
        OFFSET_KIND_CRYOSTAT(OperatingPoint.CRYOSTAT_BASE, "mxc thermometer reads 20 mK high (its twin does not)",
                inject(FaultKind.SENSOR_OFFSET, StageId.MXC, 0.020), AlarmCause.SENSOR_DISAGREEMENT, 6, 0.1, StageId.MXC, null),
        CRYOSTAT_OVER_TEMPERATURE_MXC(OperatingPoint.CRYOSTAT_BASE, "mxc reading at 31 K (software limit 30 K)",
                h -> h.board.mockTemperatureKelvin(MXC, 31.0), AlarmCause.OVER_TEMPERATURE, 5, 0.1, StageId.MXC, null),
        // the rest of the simulator's fault kinds (FaultInjector), each where it matters
        HEATER_STUCK_500MK(OperatingPoint.HOLD_500MK, "heater stuck at its output, then setpoint lowered to 100 mK",
                inject(FaultKind.HEATER_STUCK_ON, StageId.MXC, 0, h -> h.command(setpoint(0.1))),
                AlarmCause.HEATER_READBACK_MISMATCH, 0.5, 1.0),
        HEATER_OPEN_20MK(OperatingPoint.HOLD_20MK, "heater open circuit",
                inject(FaultKind.HEATER_OPEN, StageId.MXC, 0), AlarmCause.HEATER_OPEN, 0.5, 0.1),
        HEATER_SHORT_WARMUP(OperatingPoint.WARMING_UP, "heater short circuit",
                inject(FaultKind.HEATER_SHORT, StageId.MXC, 0), AlarmCause.HEATER_SHORT, 0.5, 1.5),
        NOISY_20MK(OperatingPoint.HOLD_20MK, "sensor noise × 10⁴",
                inject(FaultKind.SENSOR_NOISY, StageId.MXC, 1e4), AlarmCause.SENSOR_JUMP_DETECTED, 5, 0.1),
        DETACHED_KIND_WARMUP(OperatingPoint.WARMING_UP, "sensor thermally detached (10 h time constant)",
                inject(FaultKind.SENSOR_DETACHED, StageId.MXC, 36_000), AlarmCause.HEATUP_FAILED, 32, 2.0),
        DRIFT_KIND_CRYOSTAT(OperatingPoint.CRYOSTAT_BASE, "mxc thermometer drifts +100 %/h (its twin does not)",
                inject(FaultKind.SENSOR_DRIFTING, StageId.MXC, 1.0), AlarmCause.SENSOR_DISAGREEMENT, 600, 0.1, StageId.MXC, null),
        // the chamber's liquid (about a minute's time constant) warms out of the 10 mK band in minutes
        // once its cooling goes, then the hold band's 2 minute window runs
        CIRCULATION_LOSS_CRYOSTAT(OperatingPoint.CRYOSTAT_BASE, "He-3 circulation stops",
                inject(FaultKind.CIRCULATION_LOSS, null, 1.0), AlarmCause.HOLD_BAND_RUNAWAY, 450, 1.0, StageId.MXC, null),
        VACUUM_CRYOSTAT(OperatingPoint.CRYOSTAT_BASE, "vacuum degrades to 1e-3 Pa",
                inject(FaultKind.VACUUM_DEGRADATION, null, 1e-3), AlarmCause.HOLD_BAND_RUNAWAY, 240, 1.0, StageId.MXC, null),
        BIT_ERRORS_500MK(OperatingPoint.HOLD_500MK, "half of the response frames corrupted",
                inject(FaultKind.BUS_BIT_ERRORS, null, 0.5), AlarmCause.BUS_CRC_RATE, 2, 1.0),
        CRC_FAILURES_500MK(OperatingPoint.HOLD_500MK, "half of the request frames corrupted (board refuses them)",
                inject(FaultKind.BUS_CRC_FAILURES, null, 0.5), AlarmCause.BUS_CRC_RATE, 2, 1.0),
        SUPPLY_SAG_20MK(OperatingPoint.HOLD_20MK, "core supply sags by 0.2 V",
                inject(FaultKind.SUPPLY_SAG, null, 0.2), AlarmCause.SUPPLY_FAULT, 0.5, 0.1),
        CMOS_OVERHEATING_CRYOSTAT(OperatingPoint.CRYOSTAT_BASE, "Cryo-CMOS dissipates 1 W more",
                inject(FaultKind.CMOS_OVERHEATING, null, 1.0), AlarmCause.BOARD_OVER_TEMPERATURE, 5, 10, StageId.PLATE_4K, null);

        final OperatingPoint point;
        final String fault;
        final Consumer<SafetyHarness> inject;
        final AlarmCause cause;
        final double deadlineSeconds;
        final double peakBoundKelvin;
        final StageId peakStage;
        final Consumer<SafetyHarness> after;

        Row(OperatingPoint point, String fault, Consumer<SafetyHarness> inject, AlarmCause cause, double deadlineSeconds,
            double peakBoundKelvin) {
            this(point, fault, inject, cause, deadlineSeconds, peakBoundKelvin, StageId.MXC, null);
        }

        Row(OperatingPoint point, String fault, Consumer<SafetyHarness> inject, AlarmCause cause, double deadlineSeconds,
            double peakBoundKelvin, StageId peakStage, Consumer<SafetyHarness> after) {
            this.peakStage = peakStage;
            this.after = after;
            this.point = point;
            this.fault = fault;
            this.inject = inject;
            this.cause = cause;
            this.deadlineSeconds = deadlineSeconds;
            this.peakBoundKelvin = peakBoundKelvin;
        }
    }

    /** Injects a simulator fault kind; the row records the kind so every kind can be seen covered. */
    static Consumer<SafetyHarness> inject(FaultKind kind, StageId stage, double value) {
        return new Injection(kind, stage, value, null);
    }

    /** Injects a fault kind, then does what makes it matter (a setpoint change). */
    static Consumer<SafetyHarness> inject(FaultKind kind, StageId stage, double value, Consumer<SafetyHarness> then) {
        return new Injection(kind, stage, value, then);
    }

    record Injection(FaultKind kind, StageId stage, double value, Consumer<SafetyHarness> then) implements Consumer<SafetyHarness> {
        @Override
        public void accept(SafetyHarness h) {
            new FaultInjector(h.board).inject(kind, stage, value);
            if (then != null) {
                then.accept(h);
            }
        }
    }

    /** The matrix is complete: a fault kind added to the simulator fails here until it has a row. */
    @Test
    void everyFaultTheSimulatorCanInjectHasARow() {
        EnumSet<FaultKind> covered = EnumSet.noneOf(FaultKind.class);
        for (Row r : Row.values()) {
            if (r.inject instanceof Injection i) {
                covered.add(i.kind());
            }
        }
        assertEquals(EnumSet.allOf(FaultKind.class), covered, "fault kinds without a matrix row: "
                + EnumSet.complementOf(covered));
    }

    static Command.Builder setpoint(double kelvin) {
        return Command.newBuilder().setSetSetpoint(SetSetpoint.newBuilder().setLoopId("mxc").setSetpointKelvin(kelvin));
    }

    static Command.Builder range(int r) {
        return Command.newBuilder().setSetHeaterRange(SetHeaterRange.newBuilder().setLoopId("mxc").setHeaterRange(r));
    }

    @ParameterizedTest
    @EnumSource(Row.class)
    void faultReachesTheSafeStateInTime(Row row) throws Exception {
        try (SafetyHarness h = row.point.factory.make(1000 + row.ordinal())) {
            row.point.setUp.accept(h);
            assertTrue(!h.controller.interlock().tripped(), "healthy before the fault: " + h.controller.interlock().cause());
            double dt = h.driver.dtSeconds();
            double startTemp = h.mxcKelvin();
            double driftKelvin = startTemp;
            if (row.inject != null) {
                row.inject.accept(h);
            }
            double detected = Double.NaN;
            double safe = Double.NaN;
            double peak = h.stageKelvin(row.peakStage);
            int steps = (int) Math.round((row.deadlineSeconds + 10) / dt);
            for (int i = 1; i <= steps; i++) {
                if (row.inject == null) {
                    driftKelvin += 0.1 * dt;
                    h.board.mockTemperatureKelvin(MXC, driftKelvin);
                }
                h.driver.step();
                if (i % 8 == 0) {
                    h.latestStatus();
                }
                double t = i * dt;
                peak = Math.max(peak, h.stageKelvin(row.peakStage));
                if (Double.isNaN(detected) && hasAlarm(h.controller.alarms(), row.cause)) {
                    detected = t;
                }
                if (Double.isNaN(safe) && h.controller.interlock().tripped() && h.mxcHeaterWatts() == 0.0) {
                    safe = t;
                }
                if (!Double.isNaN(detected) && !Double.isNaN(safe) && t > Math.max(detected, safe) + 10) {
                    break;
                }
            }
            String firstCause = h.controller.interlock().cause().name();
            synchronized (TABLE) {
                TABLE.put(row.ordinal(), String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s | %s %s | %s |",
                        row.point.text, row.fault, row.cause.name(), firstCause, fmt(row.deadlineSeconds),
                        fmt(detected), fmt(safe), fmtK(peak), row.peakStage.id(), fmtK(row.peakBoundKelvin)));
                System.out.println("fault matrix " + row + ": " + TABLE.get(row.ordinal()));
            }
            assertTrue(detected <= row.deadlineSeconds, row + ": " + row.cause + " raised after " + detected + " s, deadline "
                    + row.deadlineSeconds + " s (first trip cause " + firstCause + ")");
            assertTrue(safe <= row.deadlineSeconds, row + ": safe state after " + safe + " s, deadline " + row.deadlineSeconds + " s");
            assertTrue(peak <= row.peakBoundKelvin, row + ": peak " + peak + " K above bound " + row.peakBoundKelvin + " K");
            if (row.after != null) {
                row.after.accept(h);
            }
        }
    }

    private static boolean hasAlarm(AlarmSet alarms, AlarmCause cause) {
        for (int i = 0; i < alarms.count(); i++) {
            if (alarms.get(i).cause() == cause && alarms.get(i).severity() == cryo.v1.Severity.SEVERITY_CRITICAL) {
                return true;
            }
        }
        return false;
    }

    private static String fmt(double seconds) {
        return Double.isNaN(seconds) ? "never" : String.format(Locale.ROOT, "%.1f s", seconds);
    }

    private static String fmtK(double kelvin) {
        return kelvin < 1 ? String.format(Locale.ROOT, "%.1f mK", kelvin * 1e3) : String.format(Locale.ROOT, "%.2f K", kelvin);
    }

    static final String BEGIN = "<!-- fault-matrix:begin (generated by FaultMatrixTest; regenerate with -Dsafety.write=true) -->";
    static final String END = "<!-- fault-matrix:end -->";

    @AfterAll
    static void writeTable() throws IOException {
        if (TABLE.size() != Row.values().length) {
            return; // a partial run (one row selected) cannot judge the whole table
        }
        StringBuilder b = new StringBuilder();
        b.append(BEGIN).append('\n');
        b.append("| operating point | fault | expected cause | first trip cause | deadline | detected after | safe state after | peak (true stage) | peak bound |\n");
        b.append("|---|---|---|---|---|---|---|---|---|\n");
        for (String row : TABLE.values()) {
            b.append(row).append('\n');
        }
        b.append(END);
        String table = b.toString();
        Path target = Path.of("target", "safety-matrix.md");
        Files.createDirectories(target.getParent());
        Files.writeString(target, table + "\n", StandardCharsets.UTF_8);
        Path doc = Path.of("SAFETY.md");
        String text = Files.readString(doc, StandardCharsets.UTF_8);
        int from = text.indexOf(BEGIN);
        int to = text.indexOf(END);
        if (from < 0 || to < from) {
            throw new AssertionError("controller/SAFETY.md has no fault-matrix section (markers " + BEGIN + " ... " + END + ")");
        }
        String current = text.substring(from, to + END.length());
        if (Boolean.getBoolean("safety.write")) {
            Files.writeString(doc, text.substring(0, from) + table + text.substring(to + END.length()), StandardCharsets.UTF_8);
            return;
        }
        assertEquals(table, current, "controller/SAFETY.md's fault matrix is out of date: run "
                + "mvn -o -pl controller -am test -Dtest=FaultMatrixTest -Dsurefire.failIfNoSpecifiedTests=false -Dsafety.write=true");
    }
}
