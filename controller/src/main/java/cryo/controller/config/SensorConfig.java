package cryo.controller.config;

import cryo.hal.calibration.CalibrationCurve;

/**
 * A thermometer the controller reads: the stage it sits on, its board channel and its curve.
 *
 * @param stageId  one of 50k, 4k, still, cold-plate, mxc, sample
 * @param sensorId the sensor's name (serial or model)
 * @param channel  board thermometer channel
 * @param curve    calibration from sensor units to kelvin
 */
public record SensorConfig(String stageId, String sensorId, int channel, CalibrationCurve curve) {
    public SensorConfig {
        cryo.hal.device.StageId.fromId(stageId);
        if (curve == null) {
            throw new IllegalArgumentException("sensors." + stageId + ".curve: a calibration curve is required");
        }
    }
}
