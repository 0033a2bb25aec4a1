package cryo.workstation.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.v1.Alarm;
import cryo.v1.AlarmState;
import cryo.v1.InterlockState;
import cryo.v1.InterlockStatus;
import cryo.v1.LoopMode;
import cryo.v1.LoopStatus;
import cryo.v1.Quality;
import cryo.v1.SensorHealth;
import cryo.v1.StageStatus;
import cryo.v1.Status;
import java.time.LocalTime;
import org.junit.jupiter.api.Test;

class StatusLineFormatTest {
    static final LocalTime T = LocalTime.of(14, 3, 7);

    static StageStatus stage(String id, double kelvin) {
        return StageStatus.newBuilder().setStageId(id).setTemperatureKelvin(kelvin).setQuality(Quality.QUALITY_GOOD)
                .setSensorHealth(SensorHealth.SENSOR_OK).build();
    }

    static LoopStatus.Builder loop(String id, LoopMode mode, double setpoint, double watts, int range, double rangeMax) {
        return LoopStatus.newBuilder().setLoopId(id).setStageId(id).setMode(mode).setSetpointKelvin(setpoint)
                .setTargetSetpointKelvin(setpoint).setOutputWatts(watts).setHeaterRange(range).setRangeMaxWatts(rangeMax)
                .setQuality(Quality.QUALITY_GOOD);
    }

    /** The shipped cryostat: six stages, mxc in zone, still in pid, the two warm-up loops off. */
    static Status.Builder cryostat() {
        return Status.newBuilder().setNodeId("sim-1").setBoardTimeTicks(123_400_000_000L)
                .addStages(stage("mxc", 0.0200123)).addStages(stage("still", 0.80021)).addStages(stage("cold-plate", 0.0981))
                .addStages(stage("sample", 0.02031)).addStages(stage("50k", 45.2)).addStages(stage("4k", 3.21))
                .addLoops(loop("mxc", LoopMode.LOOP_MODE_ZONE, 0.020, 3.7e-4, 4, 1e-3).setSettled(true))
                .addLoops(loop("still", LoopMode.LOOP_MODE_PID, 0.8, 0.0171, 7, 0.1))
                .addLoops(loop("50k", LoopMode.LOOP_MODE_OFF, 0, 0, 0, 0))
                .addLoops(loop("4k", LoopMode.LOOP_MODE_OFF, 0, 0, 0, 0))
                .setInterlock(InterlockStatus.newBuilder().setState(InterlockState.INTERLOCK_ARMED));
    }

    @Test
    void frontPanelLineFits100ColumnsWithReadingSetpointHeaterModeAndState() {
        String line = StatusLineFormat.format(cryostat().build(), T, "", 100);
        System.out.println(line);
        assertTrue(line.length() <= 100, line.length() + ": " + line);
        assertTrue(line.startsWith("14:03:07 | mxc 20.01mK sp 20mK 37% R4 zone settled | "), line);
        assertTrue(StatusLineFormat.format(cryostat().build(), T, "", 120).contains(" | still 800.2mK sp 800mK 17% R7 pid"), "120 columns");
        assertTrue(line.endsWith(" | ARMED 0 alarms"), line);
        assertTrue(line.contains("more | "), "what did not fit is counted: " + line);
    }

    @Test
    void wideLineHasEverything() {
        String line = StatusLineFormat.format(cryostat().build(), T, "sim-1", 0);
        for (String part : new String[] {"14:03:07 sim-1 t=123.4s", "cold-plate 98.10mK", "sample 20.31mK", "50k 45.20K off", "4k 3.210K off",
                "37% R4(1.00mW) 370uW", "17.1mW", "ARMED 0 alarms"}) {
            assertTrue(line.contains(part), part + " in " + line);
        }
        assertFalse(line.contains("more"), line);
    }

    @Test
    void staleAndBadValuesSaySo() {
        Status s = cryostat().setStages(0, stage("mxc", 0.0201).toBuilder().setQuality(Quality.QUALITY_STALE))
                .setStages(1, stage("still", Double.NaN).toBuilder().setQuality(Quality.QUALITY_BAD).setSensorHealth(SensorHealth.SENSOR_OPEN)).build();
        String line = StatusLineFormat.format(s, T, "", 0);
        assertTrue(line.contains("mxc 20.10mK STALE"), line);
        assertTrue(line.contains("still BAD open"), line);
        assertTrue(StatusLineFormat.format(cryostat().setStages(0, stage("mxc", Double.NaN)).build(), T, "", 100).contains("mxc ---- sp"));
    }

    @Test
    void rampingTrippedAndAlarms() {
        Status s = cryostat().setLoops(0, loop("mxc", LoopMode.LOOP_MODE_ZONE, 0.025, 0, 0, 0).setRamping(true).setTargetSetpointKelvin(0.05)
                        .setRampRateKelvinPerMinute(0.01))
                .setInterlock(InterlockStatus.newBuilder().setState(InterlockState.INTERLOCK_TRIPPED).setCause("OVER_TEMPERATURE").setStageId("mxc"))
                .addActiveAlarms(Alarm.newBuilder().setAlarmId(3).setState(AlarmState.ALARM_ACTIVE))
                .addActiveAlarms(Alarm.newBuilder().setAlarmId(4).setState(AlarmState.ALARM_ACKNOWLEDGED)).build();
        String line = StatusLineFormat.format(s, T, "", 100);
        assertTrue(StatusLineFormat.format(s, T, "", 120).contains("mxc 20.01mK sp 25mK htr off zone ramping"), line);
        assertTrue(line.endsWith("TRIPPED(OVER_TEMPERATURE mxc) 2 alarms (1 unacked)"), line);
        assertTrue(line.length() <= 100, line);
        assertTrue(StatusLineFormat.format(s, T, "", 0).contains("ramping to 50.000mK at 10.0mK/min"));
    }

    @Test
    void siPrefixChosenPerValue() {
        assertEquals("8.86uW", Si.format(8.86e-6, "W", 3));
        assertEquals("17.1mW", Si.format(0.0171, "W", 3));
        assertEquals("102uW", Si.format(0.000102, "W", 3));
        assertEquals("1.00W", Si.format(0.99999, "W", 3));
        assertEquals("0W", Si.format(0, "W", 3));
        assertEquals("71.1 kΩ", Si.plot(71_080, "Ω", 3));
        assertEquals("----", Si.format(Double.NaN, "K", 3));
        assertEquals("-5.00mK", Si.format(-0.005, "K", 3));
        assertEquals("20mK", Si.trimmed(0.020, "K", 5));
        assertEquals("1.25K", Si.trimmed(1.25, "K", 5));
        assertEquals("800mK", Si.trimmed(0.8, "K", 5));
    }
}
