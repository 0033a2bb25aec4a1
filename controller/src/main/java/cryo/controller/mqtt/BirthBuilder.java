package cryo.controller.mqtt;

import cryo.controller.config.ControllerConfig;
import cryo.controller.config.LoopConfig;
import cryo.controller.config.SensorConfig;
import cryo.controller.config.SensorInterlock;
import cryo.hal.device.HeaterRanges;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.v1.Birth;
import cryo.v1.ChannelInfo;
import cryo.v1.LoopInfo;
import cryo.v1.StageInfo;

/**
 * What a Birth says about the node, from its configuration: the summary, the stages (sensor
 * units from the calibration curve, limits from the interlock's under/over-temperature trips),
 * the loops, and every board channel the node uses (thermometers, heaters, pulse channels).
 */
final class BirthBuilder {
    static final String THERMOMETER = "thermometer";
    static final String HEATER = "heater";
    static final String PULSE = "pulse";
    /** A pulse channel's full scale (sequence amplitudes are fractions of it). */
    static final double PULSE_FULL_SCALE = 1.0;

    private BirthBuilder() {
    }

    static void describe(Birth.Builder b, ControllerConfig config) {
        b.setStatusIntervalSeconds(config.statusIntervalSeconds());
        b.setRunbookBaseUrl(cryo.controller.alarm.Runbooks.BASE);
        b.setConfigSummary(config.sensors().size() + " sensor(s), " + config.loops().size() + " loop(s), tick "
                + config.tickIntervalSeconds() + " s, status " + config.statusIntervalSeconds() + " s, deadband "
                + config.deadbandFraction() + ", watchdog " + config.watchdogTimeoutMillis() + " ms");
        for (int i = 0; i < config.sensors().size(); i++) {
            SensorConfig s = config.sensors().get(i);
            b.addStages(stage(s, config.interlocks().sensor(i)));
            b.addChannels(ChannelInfo.newBuilder().setName(s.sensorId()).setBoardChannel(s.channel()).setKind(THERMOMETER));
        }
        for (LoopConfig l : config.loops()) {
            LoopInfo.Builder li = LoopInfo.newBuilder().setLoopId(l.loopId())
                    .setStageId(config.sensors().get(l.sensorIndex()).stageId())
                    .setHeaterId(heaterName(l))
                    .setSetpointLimitKelvin(l.setpointLimitKelvin());
            for (int r = 0; r <= HeaterRanges.COUNT; r++) {
                li.addRangeMaxWatts(HeaterRanges.maxPowerWatts(r, l.heaterResistanceOhms()));
            }
            b.addLoops(li);
            b.addChannels(ChannelInfo.newBuilder().setName(heaterName(l)).setBoardChannel(l.heaterChannel()).setKind(HEATER)
                    .setMaxAmplitude(HeaterRanges.maxPowerWatts(l.heaterRangeCount(), l.heaterResistanceOhms())));
        }
        for (int c = 0; c < CryoCmosRegisters.PULSE_CHANNELS; c++) {
            b.addChannels(ChannelInfo.newBuilder().setName(PULSE + c).setBoardChannel(c).setKind(PULSE).setMaxAmplitude(PULSE_FULL_SCALE));
        }
    }

    private static StageInfo stage(SensorConfig s, SensorInterlock limits) {
        StageInfo.Builder st = StageInfo.newBuilder().setStageId(s.stageId()).setSensorId(s.sensorId()).setSensorUnits(s.curve().units());
        if (limits != null) {
            st.setMaxKelvin(limits.overTemperatureKelvin());
            if (!Double.isNaN(limits.underTemperatureKelvin())) {
                st.setMinKelvin(limits.underTemperatureKelvin()); // 0 (unset): no under-temperature trip
            }
        }
        return st.build();
    }

    static String heaterName(LoopConfig l) {
        return HEATER + l.heaterChannel();
    }
}
