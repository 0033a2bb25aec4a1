package cryo.sim.board;

import cryo.hal.device.StageId;
import cryo.sim.sensor.SensorModel;

/**
 * What is connected to which board channel: a thermometer channel reads a sensor on a stage, a
 * heater channel drives a heater of a given resistance on a stage. Unwired channels read invalid.
 */
public final class BoardWiring {
    final StageId[] thermometerStage;
    final SensorModel[] sensors;
    final StageId[] heaterStage;
    final double[] heaterResistanceOhms;

    public BoardWiring(int thermometerChannels, int heaterChannels) {
        thermometerStage = new StageId[thermometerChannels];
        sensors = new SensorModel[thermometerChannels];
        heaterStage = new StageId[heaterChannels];
        heaterResistanceOhms = new double[heaterChannels];
    }

    public BoardWiring thermometer(int channel, StageId stage, SensorModel sensor) {
        thermometerStage[channel] = stage;
        sensors[channel] = sensor;
        return this;
    }

    public BoardWiring heater(int channel, StageId stage, double resistanceOhms) {
        if (!(resistanceOhms > 0)) {
            throw new IllegalArgumentException("heater " + channel + ": resistanceOhms must be > 0");
        }
        heaterStage[channel] = stage;
        heaterResistanceOhms[channel] = resistanceOhms;
        return this;
    }

    public int thermometerChannels() {
        return thermometerStage.length;
    }

    public int heaterChannels() {
        return heaterStage.length;
    }

    public StageId thermometerStage(int channel) {
        return thermometerStage[channel];
    }

    public SensorModel sensor(int channel) {
        return sensors[channel];
    }

    public StageId heaterStage(int channel) {
        return heaterStage[channel];
    }

    public double heaterResistanceOhms(int channel) {
        return heaterResistanceOhms[channel];
    }
}
