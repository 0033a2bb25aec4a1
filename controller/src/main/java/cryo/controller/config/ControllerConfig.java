package cryo.controller.config;

import java.util.List;

/**
 * Everything the controller needs to run, checked on construction so a bad configuration is
 * refused before anything touches the board.
 *
 * @param nodeId                node id in topics and status
 * @param firmwareVersion       reported in status
 * @param tickIntervalSeconds   control tick period
 * @param statusIntervalSeconds status cadence
 * @param watchdogTimeoutMillis board hardware watchdog timeout
 * @param staleTicks            consecutive failed board reads that trip the interlock
 */
public record ControllerConfig(String nodeId, String firmwareVersion, double tickIntervalSeconds,
                               double statusIntervalSeconds, int watchdogTimeoutMillis, int staleTicks,
                               List<SensorConfig> sensors, List<LoopConfig> loops,
                               List<OverTemperatureLimit> overTemperature) {
    public ControllerConfig {
        if (nodeId == null || !nodeId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("node id '" + nodeId + "' must be 1..64 characters of A-Z a-z 0-9 _ - (it becomes an MQTT topic level)");
        }
        if (!(tickIntervalSeconds >= 0.001 && tickIntervalSeconds <= 10)) {
            throw new IllegalArgumentException("tickIntervalSeconds " + tickIntervalSeconds + " outside 0.001..10");
        }
        if (!(statusIntervalSeconds >= tickIntervalSeconds && statusIntervalSeconds <= 3600)) {
            throw new IllegalArgumentException("statusIntervalSeconds " + statusIntervalSeconds + " outside tickIntervalSeconds..3600");
        }
        if (staleTicks < 1) {
            throw new IllegalArgumentException("staleTicks must be >= 1");
        }
        sensors = List.copyOf(sensors);
        loops = List.copyOf(loops);
        overTemperature = List.copyOf(overTemperature);
        for (LoopConfig l : loops) {
            if (l.sensorIndex() < 0 || l.sensorIndex() >= sensors.size()) {
                throw new IllegalArgumentException("loops." + l.loopId() + ".sensorIndex " + l.sensorIndex() + " outside 0.." + (sensors.size() - 1));
            }
        }
        for (OverTemperatureLimit o : overTemperature) {
            if (o.sensorIndex() < 0 || o.sensorIndex() >= sensors.size()) {
                throw new IllegalArgumentException("interlocks.overTemperature.sensorIndex " + o.sensorIndex() + " outside 0.." + (sensors.size() - 1));
            }
        }
    }

    public ControllerConfig withNodeId(String node) {
        return new ControllerConfig(node, firmwareVersion, tickIntervalSeconds, statusIntervalSeconds,
                watchdogTimeoutMillis, staleTicks, sensors, loops, overTemperature);
    }
}
