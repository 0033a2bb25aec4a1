package cryo.controller.mqtt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cryo.controller.config.ControllerConfig;
import cryo.controller.config.DefaultConfig;
import cryo.controller.config.SensorConfig;
import cryo.controller.telemetry.StatusBuilder;
import cryo.controller.telemetry.StatusChannel;
import cryo.hal.calibration.CalibrationCurve;
import cryo.hal.device.HeaterRanges;
import cryo.sim.board.SimulatedBoard;
import cryo.sim.board.SimulatedBoards;
import cryo.v1.Birth;
import cryo.v1.ChannelInfo;
import cryo.v1.StageInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Birth describes the node from its configuration: units from the curves, limits from the interlocks, every channel. */
class BirthTest {
    @Test
    void stagesCarryCurveUnitsAndInterlockLimitsAndEveryChannelIsListed() {
        SimulatedBoard board = SimulatedBoards.mixingChamber(1);
        ControllerConfig d = DefaultConfig.mixingChamber("birth-1", board.wiring().sensor(SimulatedBoards.MXC_THERMOMETER).curve());
        CalibrationCurve diodeVolts = new CalibrationCurve("DT-SIM", new double[] {0.3, 1.0, 1.7}, new double[] {400, 77, 4},
                400, CalibrationCurve.Interpolation.LINEAR, "V");
        List<SensorConfig> sensors = new ArrayList<>(d.sensors());
        sensors.add(new SensorConfig("50k", "dt-50k", 0, diodeVolts));
        ControllerConfig two = new ControllerConfig("birth-1", "9.8.7", d.tickIntervalSeconds(), 0.5, d.watchdogTimeoutMillis(), sensors, d.loops(), d.overTemperature());
        ControllerConfig config = two.withInterlocks(two.interlocks().withSensor(two.interlocks().sensor(0).withUnderTemperature(0.004)))
                .withDeadbandFraction(0.02);
        StatusPublisher p = new StatusPublisher(BrokerOptions.plain("tcp://127.0.0.1:1"), config, new StatusChannel(4, 2, 1),
                new StatusBuilder(config), System::nanoTime);
        Birth b = p.birth();

        assertEquals("birth-1", b.getNodeId());
        assertEquals("9.8.7", b.getFirmwareVersion());
        assertEquals(0, b.getBdSeq(), "before any connect");
        assertEquals(0.5, b.getStatusIntervalSeconds());
        assertTrue(b.getConfigSummary().startsWith("2 sensor(s), 1 loop(s)") && b.getConfigSummary().contains("deadband 0.02"),
                b.getConfigSummary());

        StageInfo mxc = b.getStages(0);
        assertEquals("mxc", mxc.getStageId());
        assertEquals("ohm", mxc.getSensorUnits(), "RuOx curve: ohms");
        assertEquals(0.004, mxc.getMinKelvin(), "under-temperature trip");
        assertEquals(5.0, mxc.getMaxKelvin(), "over-temperature trip");
        StageInfo plate = b.getStages(1);
        assertEquals("V", plate.getSensorUnits(), "diode curve: volts");
        assertEquals(0.0, plate.getMinKelvin(), "no under-temperature trip: 0");
        assertEquals(320.0, plate.getMaxKelvin(), "the 50 K plate's default over-temperature trip");

        assertEquals("heater3", b.getLoops(0).getHeaterId());
        assertEquals(HeaterRanges.COUNT + 1, b.getLoops(0).getRangeMaxWattsCount());

        List<ChannelInfo> ch = b.getChannelsList();
        assertEquals(2 + 1 + 8, ch.size(), "two thermometers, one heater, eight pulse channels: " + ch);
        assertEquals(ChannelInfo.newBuilder().setName("sim-ruox-mxc").setBoardChannel(4).setKind("thermometer").build(), ch.get(0));
        assertEquals(ChannelInfo.newBuilder().setName("dt-50k").setBoardChannel(0).setKind("thermometer").build(), ch.get(1));
        assertEquals(ChannelInfo.newBuilder().setName("heater3").setBoardChannel(3).setKind("heater")
                .setMaxAmplitude(HeaterRanges.maxPowerWatts(8, 100.0)).build(), ch.get(2));
        for (int i = 0; i < 8; i++) {
            assertEquals(ChannelInfo.newBuilder().setName("pulse" + i).setBoardChannel(i).setKind("pulse").setMaxAmplitude(1.0).build(), ch.get(3 + i));
        }
        assertEquals(0, b.getAlarmsCount(), "no alarms before the first status");
    }
}
