package cryo.controller.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;

import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.InterlockState;
import cryo.v1.Quality;
import cryo.v1.SensorHealth;
import cryo.v1.Status;
import org.junit.jupiter.api.Test;

/** Per-value quality in Status: good, stale (no new sample, bus fault), bad (no valid reading). */
class StatusQualityTest {
    private final ControllerConfig config = DefaultConfig.mixingChamber("q-1",
            SimulatedBoards.mixingChamber(1).wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve());
    private final StatusBuilder builder = new StatusBuilder(config);

    private static StatusSnapshot snapshot(double kelvin, int sensorStatus, boolean stale, boolean busFault) {
        StatusSnapshot s = new StatusSnapshot(1, 1);
        s.interlockState = InterlockState.INTERLOCK_ARMED_VALUE;
        s.temperatureKelvin[0] = kelvin;
        s.sensorStatus[0] = sensorStatus;
        s.sensorStale[0] = stale;
        s.busFault = busFault;
        return s;
    }

    @Test
    void freshValidReadingIsGood() {
        Status st = builder.build(snapshot(0.05, CryoCmosRegisters.THERM_STATUS_VALID, false, false), 0, 0);
        assertEquals(Quality.QUALITY_GOOD, st.getStages(0).getQuality());
        assertEquals(Quality.QUALITY_GOOD, st.getLoops(0).getQuality());
        assertEquals("ohm", st.getStages(0).getUnits(), "units from the calibration curve");
    }

    @Test
    void noNewSampleSinceTheLastStatusIsStale() {
        Status st = builder.build(snapshot(0.05, CryoCmosRegisters.THERM_STATUS_VALID, true, false), 0, 0);
        assertEquals(Quality.QUALITY_STALE, st.getStages(0).getQuality());
        assertEquals(SensorHealth.SENSOR_OK, st.getStages(0).getSensorHealth(), "stale is not a sensor fault");
    }

    @Test
    void aBusFaultMakesStageAndLoopStale() {
        Status st = builder.build(snapshot(0.05, CryoCmosRegisters.THERM_STATUS_VALID, true, true), 0, 0);
        assertEquals(Quality.QUALITY_STALE, st.getStages(0).getQuality());
        assertEquals(Quality.QUALITY_STALE, st.getLoops(0).getQuality());
    }

    @Test
    void noValidReadingIsBadEvenWhenFresh() {
        Status open = builder.build(snapshot(Double.NaN, CryoCmosRegisters.THERM_STATUS_OPEN, false, false), 0, 0);
        assertEquals(Quality.QUALITY_BAD, open.getStages(0).getQuality());
        assertEquals(SensorHealth.SENSOR_OPEN, open.getStages(0).getSensorHealth());
        Status outOfRange = builder.build(snapshot(Double.NaN, CryoCmosRegisters.THERM_STATUS_VALID, true, false), 0, 0);
        assertEquals(Quality.QUALITY_BAD, outOfRange.getStages(0).getQuality(), "bad wins over stale");
        assertEquals(SensorHealth.SENSOR_OUT_OF_RANGE, outOfRange.getStages(0).getSensorHealth());
    }
}
