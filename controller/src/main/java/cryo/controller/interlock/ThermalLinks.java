package cryo.controller.interlock;

import cryo.controller.config.ControllerConfig;
import cryo.hal.device.StageId;

/**
 * Which loop heaters warm which thermometers: a loop's heater warms every thermometer on its own
 * stage (a second, redundant thermometer too: {@link #sameStage}), and the mixing-chamber heater
 * warms the sample stage, which is mounted on the mixing chamber and follows it within a second
 * ({@link #mounted}). A stage warmed by such a heater may rise by more than the jump factor between
 * two samples; that is heating, not a sensor jump. Built once at start-up.
 */
final class ThermalLinks {
    private ThermalLinks() {
    }

    /** @return per sensor, a bit per loop whose heater sits on the sensor's own stage */
    static int[] sameStage(ControllerConfig config) {
        return masks(config, false);
    }

    /** @return per sensor, a bit per loop whose heater warms the stage the sensor's stage is mounted on */
    static int[] mounted(ControllerConfig config) {
        return masks(config, true);
    }

    private static int[] masks(ControllerConfig config, boolean mountedOnly) {
        int sensors = config.sensors().size();
        int[] mask = new int[sensors];
        for (int s = 0; s < sensors; s++) {
            String stage = config.sensors().get(s).stageId();
            for (int l = 0; l < config.loops().size(); l++) {
                String loopStage = config.sensors().get(config.loops().get(l).sensorIndex()).stageId();
                if (mountedOnly ? mountedOn(stage, loopStage) : stage.equals(loopStage)) {
                    mask[s] |= 1 << l;
                }
            }
        }
        return mask;
    }

    /** Whether stage {@code stage} sits on {@code below} and follows it (the sample on the mixing chamber). */
    static boolean mountedOn(String stage, String below) {
        return StageId.SAMPLE.id().equals(stage) && StageId.MXC.id().equals(below);
    }
}
