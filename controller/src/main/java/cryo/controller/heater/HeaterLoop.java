package cryo.controller.heater;

import cryo.controller.config.LoopConfig;
import cryo.hal.device.HeaterRanges;
import cryo.v1.LoopMode;

/**
 * One heater loop's state: mode, setpoint, range and its PID. Owned by the heater loop stage on
 * the ring thread (single writer); telemetry reads it on the same thread.
 */
public final class HeaterLoop {
    final LoopConfig config;
    final PidController pid;
    LoopMode mode;
    double setpointKelvin;
    int heaterRange;
    double manualOutputWatts;
    double outputWatts;
    String faultReason = "";

    public HeaterLoop(LoopConfig config) {
        this.config = config;
        this.heaterRange = config.heaterRange();
        this.pid = new PidController(config.kp(), config.ki(), config.kd(), 1.0, rangeMaxWatts());
        this.setpointKelvin = config.setpointKelvin();
        this.mode = config.startClosedLoop() ? LoopMode.LOOP_MODE_PID : LoopMode.LOOP_MODE_OFF;
    }

    public double rangeMaxWatts() {
        return HeaterRanges.maxPowerWatts(heaterRange, config.heaterResistanceOhms());
    }

    public String loopId() {
        return config.loopId();
    }

    public int sensorIndex() {
        return config.sensorIndex();
    }

    public LoopMode mode() {
        return mode;
    }

    public double setpointKelvin() {
        return setpointKelvin;
    }

    public double outputWatts() {
        return outputWatts;
    }

    public int heaterRange() {
        return heaterRange;
    }

    public String faultReason() {
        return faultReason;
    }

    public PidController pid() {
        return pid;
    }
}
