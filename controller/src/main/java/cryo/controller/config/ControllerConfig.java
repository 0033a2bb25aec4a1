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
 * @param interlocks            every interlock limit (per sensor, loop, pair, bus)
 * @param deadbandFraction      report by exception: a relative temperature change beyond this sends a
 *                              status before the cadence (0 = off); YAML {@code mqtt.deadbandFraction}
 * @param boardUri              the board's bus ({@code spi:BUS.CS[@HZ]} or {@code tcp://HOST:PORT}), or null when
 *                              the command line names it; YAML {@code board}
 * @param jobs                  the job queue (issue 22); YAML {@code jobs:}
 */
public record ControllerConfig(String nodeId, String firmwareVersion, double tickIntervalSeconds,
                               double statusIntervalSeconds, int watchdogTimeoutMillis,
                               List<SensorConfig> sensors, List<LoopConfig> loops,
                               List<OverTemperatureLimit> overTemperature, InterlockConfig interlocks,
                               double deadbandFraction, String boardUri, cryo.controller.jobs.JobsConfig jobs) {
    /** Report by exception on a 5 % relative temperature change. */
    public static final double DEFAULT_DEADBAND_FRACTION = 0.05;

    /** The job queue's defaults ({@link cryo.controller.jobs.JobsConfig#DEFAULTS}). */
    public ControllerConfig(String nodeId, String firmwareVersion, double tickIntervalSeconds,
                            double statusIntervalSeconds, int watchdogTimeoutMillis,
                            List<SensorConfig> sensors, List<LoopConfig> loops,
                            List<OverTemperatureLimit> overTemperature, InterlockConfig interlocks,
                            double deadbandFraction, String boardUri) {
        this(nodeId, firmwareVersion, tickIntervalSeconds, statusIntervalSeconds, watchdogTimeoutMillis,
                sensors, loops, overTemperature, interlocks, deadbandFraction, boardUri, cryo.controller.jobs.JobsConfig.DEFAULTS);
    }

    /** No board named: the command line gives it. */
    public ControllerConfig(String nodeId, String firmwareVersion, double tickIntervalSeconds,
                            double statusIntervalSeconds, int watchdogTimeoutMillis,
                            List<SensorConfig> sensors, List<LoopConfig> loops,
                            List<OverTemperatureLimit> overTemperature, InterlockConfig interlocks,
                            double deadbandFraction) {
        this(nodeId, firmwareVersion, tickIntervalSeconds, statusIntervalSeconds, watchdogTimeoutMillis,
                sensors, loops, overTemperature, interlocks, deadbandFraction, null);
    }

    /** Interlock limits given, the default deadband. */
    public ControllerConfig(String nodeId, String firmwareVersion, double tickIntervalSeconds,
                            double statusIntervalSeconds, int watchdogTimeoutMillis,
                            List<SensorConfig> sensors, List<LoopConfig> loops,
                            List<OverTemperatureLimit> overTemperature, InterlockConfig interlocks) {
        this(nodeId, firmwareVersion, tickIntervalSeconds, statusIntervalSeconds, watchdogTimeoutMillis,
                sensors, loops, overTemperature, interlocks, DEFAULT_DEADBAND_FRACTION);
    }

    /** The walking skeleton's signature: interlock limits are the per-stage defaults. */
    public ControllerConfig(String nodeId, String firmwareVersion, double tickIntervalSeconds,
                            double statusIntervalSeconds, int watchdogTimeoutMillis,
                            List<SensorConfig> sensors, List<LoopConfig> loops,
                            List<OverTemperatureLimit> overTemperature) {
        this(nodeId, firmwareVersion, tickIntervalSeconds, statusIntervalSeconds, watchdogTimeoutMillis,
                sensors, loops, overTemperature, InterlockConfig.defaults(sensors, loops, overTemperature));
    }

    public ControllerConfig {
        if (nodeId == null || !nodeId.matches("[A-Za-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("nodeId '" + nodeId + "' must be 1..64 characters of A-Z a-z 0-9 _ - (it becomes an MQTT topic level)");
        }
        if (!(tickIntervalSeconds >= 0.001 && tickIntervalSeconds <= 10)) {
            throw new IllegalArgumentException("tickIntervalSeconds " + tickIntervalSeconds + " outside 0.001..10");
        }
        if (!(statusIntervalSeconds >= tickIntervalSeconds && statusIntervalSeconds <= 3600)) {
            throw new IllegalArgumentException("statusIntervalSeconds " + statusIntervalSeconds + " outside tickIntervalSeconds..3600");
        }
        if (!(deadbandFraction >= 0 && deadbandFraction <= 1)) {
            throw new IllegalArgumentException("mqtt.deadbandFraction " + deadbandFraction + " outside 0..1 (relative change; 0 = report by exception off)");
        }
        if (watchdogTimeoutMillis < 10 || watchdogTimeoutMillis > 60_000) {
            // the board's watchdog register takes 10..60000 ms (CmosWatchdog): refused here, with the key, not at arming
            throw new IllegalArgumentException("watchdogTimeoutMillis " + watchdogTimeoutMillis + " outside 10..60000");
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
        checkInterlocks(interlocks, sensors, loops);
        if (jobs == null) {
            jobs = cryo.controller.jobs.JobsConfig.DEFAULTS;
        }
    }

    /** Cross-checks that no single record can: indices, loop ids, and limits that contradict each other. */
    private static void checkInterlocks(InterlockConfig il, List<SensorConfig> sensors, List<LoopConfig> loops) {
        if (il == null) {
            throw new IllegalArgumentException("interlocks: the interlock limits are required");
        }
        for (SensorInterlock s : il.sensors()) {
            if (s.sensorIndex() < 0 || s.sensorIndex() >= sensors.size()) {
                throw new IllegalArgumentException("interlocks.sensors.sensorIndex " + s.sensorIndex() + " outside 0.." + (sensors.size() - 1));
            }
            SensorConfig sensor = sensors.get(s.sensorIndex());
            if (Double.isNaN(sensor.curve().toUnits(s.overTemperatureKelvin()))) {
                // the sensor cannot read that temperature: the trip could never fire (the reading
                // would leave the curve first and trip as a sensor fault, under another name)
                throw new IllegalArgumentException("interlocks.sensors[" + s.sensorIndex() + "].overTemperatureKelvin " + s.overTemperatureKelvin()
                        + " is outside the calibration curve of sensor " + sensor.sensorId() + ": it could never be read");
            }
            if (!Double.isNaN(s.comparatorKelvin())) {
                SensorConfig sc = sensors.get(s.sensorIndex());
                if (Double.isNaN(sc.curve().toUnits(s.comparatorKelvin()))) {
                    throw new IllegalArgumentException("interlocks.sensors[" + s.sensorIndex() + "].comparatorKelvin " + s.comparatorKelvin()
                            + " is outside the calibration curve of sensor " + sc.sensorId() + " (the board compares sensor units)");
                }
            }
        }
        for (int i = 0; i < sensors.size(); i++) {
            if (il.sensor(i) == null) {
                throw new IllegalArgumentException("interlocks.sensors: sensor " + i + " (" + sensors.get(i).stageId() + ") has no limits");
            }
        }
        for (LoopConfig l : loops) {
            LoopInterlock li = il.loop(l.loopId());
            if (li == null) {
                throw new IllegalArgumentException("interlocks.loops." + l.loopId() + ": loop has no interlock limits");
            }
            SensorInterlock s = il.sensor(l.sensorIndex());
            if (!Double.isNaN(s.underTemperatureKelvin()) && l.setpointKelvin() - li.holdBandKelvin() <= s.underTemperatureKelvin()) {
                // regulating there would trip the interlock the loop is meant to stay clear of
                throw new IllegalArgumentException("interlocks.loops." + l.loopId() + ".holdBandKelvin " + li.holdBandKelvin()
                        + " below setpointKelvin " + l.setpointKelvin() + " reaches underTemperatureKelvin " + s.underTemperatureKelvin()
                        + ": the hold band must lie above the under-temperature limit");
            }
            if (l.setpointLimitKelvin() + li.holdBandKelvin() >= s.overTemperatureKelvin()) {
                throw new IllegalArgumentException("interlocks.loops." + l.loopId() + ".holdBandKelvin " + li.holdBandKelvin()
                        + " above setpointLimitKelvin " + l.setpointLimitKelvin() + " reaches overTemperatureKelvin "
                        + s.overTemperatureKelvin() + ": the hold band must lie inside the hard limit");
            }
        }
        for (LoopInterlock li : il.loops()) {
            boolean found = false;
            for (LoopConfig l : loops) {
                found |= l.loopId().equals(li.loopId());
            }
            if (!found) {
                throw new IllegalArgumentException("interlocks.loops." + li.loopId() + ": no such loop");
            }
        }
        for (SensorPair p : il.pairs()) {
            if (p.sensorA() < 0 || p.sensorA() >= sensors.size() || p.sensorB() < 0 || p.sensorB() >= sensors.size()) {
                throw new IllegalArgumentException("interlocks.pairs[" + p.sensorA() + "," + p.sensorB() + "]: sensor index outside 0.." + (sensors.size() - 1));
            }
            String stageA = sensors.get(p.sensorA()).stageId();
            String stageB = sensors.get(p.sensorB()).stageId();
            if (!stageA.equals(stageB)) {
                throw new IllegalArgumentException("interlocks.pairs[" + p.sensorA() + "," + p.sensorB() + "]: sensors "
                        + sensors.get(p.sensorA()).sensorId() + " (" + stageA + ") and " + sensors.get(p.sensorB()).sensorId()
                        + " (" + stageB + ") are on different stages: a redundant pair watches one stage");
            }
        }
    }

    public ControllerConfig withInterlocks(InterlockConfig il) {
        return new ControllerConfig(nodeId, firmwareVersion, tickIntervalSeconds, statusIntervalSeconds,
                watchdogTimeoutMillis, sensors, loops, overTemperature, il, deadbandFraction, boardUri, jobs);
    }

    public ControllerConfig withNodeId(String node) {
        return new ControllerConfig(node, firmwareVersion, tickIntervalSeconds, statusIntervalSeconds,
                watchdogTimeoutMillis, sensors, loops, overTemperature, interlocks, deadbandFraction, boardUri, jobs);
    }

    public ControllerConfig withFirmwareVersion(String version) {
        return new ControllerConfig(nodeId, version, tickIntervalSeconds, statusIntervalSeconds,
                watchdogTimeoutMillis, sensors, loops, overTemperature, interlocks, deadbandFraction, boardUri, jobs);
    }

    public ControllerConfig withDeadbandFraction(double fraction) {
        return new ControllerConfig(nodeId, firmwareVersion, tickIntervalSeconds, statusIntervalSeconds,
                watchdogTimeoutMillis, sensors, loops, overTemperature, interlocks, fraction, boardUri, jobs);
    }

    /**
     * The same configuration at another tick (a simulation scenario's control_tick_s): the status
     * interval and the board watchdog stretch to at least one and three ticks.
     */
    public ControllerConfig withTickIntervalSeconds(double tick) {
        return new ControllerConfig(nodeId, firmwareVersion, tick, Math.max(statusIntervalSeconds, tick),
                (int) Math.max(watchdogTimeoutMillis, Math.ceil(3000 * tick)), sensors, loops, overTemperature, interlocks,
                deadbandFraction, boardUri);
    }

    public ControllerConfig withBoardUri(String uri) {
        return new ControllerConfig(nodeId, firmwareVersion, tickIntervalSeconds, statusIntervalSeconds,
                watchdogTimeoutMillis, sensors, loops, overTemperature, interlocks, deadbandFraction, uri, jobs);
    }

    public ControllerConfig withJobs(cryo.controller.jobs.JobsConfig j) {
        return new ControllerConfig(nodeId, firmwareVersion, tickIntervalSeconds, statusIntervalSeconds,
                watchdogTimeoutMillis, sensors, loops, overTemperature, interlocks, deadbandFraction, boardUri, j);
    }
}
