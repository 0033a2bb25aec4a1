package cryo.controller.heater;

import cryo.controller.config.LoopConfig;
import cryo.controller.config.ZoneConfig;
import cryo.hal.device.HeaterRanges;
import cryo.v1.LoopMode;
import java.util.List;

/**
 * One heater loop: mode, setpoint ramp, heater range, zone table and its PID, like one output of a
 * laboratory temperature controller. Owned by the heater loop stage on the ring thread (single
 * writer); telemetry reads it on the same thread.
 *
 * <p>Every change comes through a {@code set...} method that checks the whole request first and
 * returns a refusal (naming the field and the limit) without touching anything, or applies it all
 * and returns null. {@link #tick} allocates nothing.
 */
public final class HeaterLoop {
    public static final String FAULT_INTERLOCK = "interlock tripped";
    /** After a trip switched the loop off, until an operator sets its mode. */
    public static final String FAULT_SWITCHED_OFF_BY_TRIP = "switched off by an interlock trip: set its mode to heat again";

    final LoopConfig config;
    final PidController pid;
    final SetpointRamp ramp;
    private final double setpointLimitKelvin;
    private final String setpointLimitWhy;
    /** Setpoints at or below this would hold the stage in reach of its under-temperature trip. */
    private final double setpointFloorKelvin;
    LoopMode mode;
    int heaterRange;
    double manualOutputWatts;
    double outputWatts;
    String faultReason = "";
    /** What the board says the heater delivers, watts; NaN until read or when the read failed. */
    double heaterReadbackWatts = Double.NaN;
    private ZoneTable zones;
    private int activeZone = -1;
    private double ownP;
    private double ownI;
    private double ownD;
    private double lastMeasurementKelvin = Double.NaN;
    final Autotuner autotuner;
    /** A trip switched this loop off and no operator has set its mode since. */
    private boolean switchedOffByTrip;

    public HeaterLoop(LoopConfig config) {
        this(config, Double.POSITIVE_INFINITY);
    }

    /**
     * @param curveSetpointLimitKelvin the setpoint limit of the loop sensor's calibration curve
     */
    public HeaterLoop(LoopConfig config, double curveSetpointLimitKelvin) {
        this(config, curveSetpointLimitKelvin, 0.0);
    }

    /**
     * @param curveSetpointLimitKelvin the setpoint limit of the loop sensor's calibration curve
     * @param setpointFloorKelvin      setpoints must lie above this: the sensor's under-temperature
     *                                 limit plus the loop's hold band (0 when the stage has no such limit)
     */
    public HeaterLoop(LoopConfig config, double curveSetpointLimitKelvin, double setpointFloorKelvin) {
        this.config = config;
        if (!(setpointFloorKelvin >= 0)) {
            throw new IllegalArgumentException("setpointFloorKelvin " + setpointFloorKelvin + " must be >= 0");
        }
        this.setpointFloorKelvin = setpointFloorKelvin;
        boolean curveLower = curveSetpointLimitKelvin < config.setpointLimitKelvin();
        this.setpointLimitKelvin = curveLower ? curveSetpointLimitKelvin : config.setpointLimitKelvin();
        this.setpointLimitWhy = curveLower ? "the sensor curve's setpoint limit" : "the loop's setpoint limit";
        if (config.setpointKelvin() <= setpointFloorKelvin) {
            throw new IllegalArgumentException("loops." + config.loopId() + ".setpointKelvin " + config.setpointKelvin()
                    + " at or below " + setpointFloorKelvin + " K (the under-temperature limit plus the hold band)");
        }
        if (config.setpointKelvin() > setpointLimitKelvin) {
            throw new IllegalArgumentException("loops." + config.loopId() + ".setpointKelvin " + config.setpointKelvin()
                    + " above " + setpointLimitWhy + " " + setpointLimitKelvin + " K");
        }
        this.heaterRange = config.heaterRange();
        this.ownP = config.kp();
        this.ownI = config.ki();
        this.ownD = config.kd();
        this.pid = new PidController(ownP, ownI, ownD, rangeMaxWatts(), config.pidOptions());
        this.ramp = new SetpointRamp(config.setpointKelvin(), config.rampEnabled(), config.rampRateKelvinPerMinute());
        this.zones = new ZoneTable(config.zones());
        this.mode = config.startMode();
        this.autotuner = new Autotuner();
    }

    /**
     * One control tick.
     *
     * @param measurementTicks board time the sample was taken (it stops advancing when the sensor does)
     * @param sensorFaulted    the sample is known bad (bus fault, open or shorted sensor)
     * @return heater power to request, watts
     */
    public double tick(long nowTicks, double measurementKelvin, long measurementTicks, boolean sensorFaulted, boolean interlockTripped) {
        return tick(nowTicks, measurementKelvin, measurementTicks, sensorFaulted, false, interlockTripped);
    }

    /**
     * @param sampleMissed the sensor's read failed on the bus this tick: closed-loop output holds
     *                     (PidController.hold) until the last sample goes stale
     */
    public double tick(long nowTicks, double measurementKelvin, long measurementTicks, boolean sensorFaulted,
                       boolean sampleMissed, boolean interlockTripped) {
        lastMeasurementKelvin = sensorFaulted || sampleMissed ? Double.NaN : measurementKelvin;
        double out;
        if (interlockTripped) {
            if (mode == LoopMode.LOOP_MODE_AUTOTUNE) {
                endAutotune(Autotuner.ABORTED_INTERLOCK);
            }
            // as a Lake Shore sets the heater range off: the trip switches the loop off, and an
            // acknowledgement re-arms the interlock only; heat comes back when an operator sets a mode
            if (mode != LoopMode.LOOP_MODE_OFF && mode != LoopMode.LOOP_MODE_MONITOR) {
                mode = LoopMode.LOOP_MODE_OFF;
                manualOutputWatts = 0.0;
                pid.setMaxOutputWatts(outputCeilingWatts());
                switchedOffByTrip = true;
            }
            ramp.pause(nowTicks);
            out = 0.0;
            pid.track(ramp.setpointKelvin(), measurementKelvin, measurementTicks, nowTicks, 0.0);
            faultReason = FAULT_INTERLOCK;
        } else if (mode == LoopMode.LOOP_MODE_PID || mode == LoopMode.LOOP_MODE_ZONE) {
            double zoneRate = 0.0;
            if (mode == LoopMode.LOOP_MODE_ZONE && activeZone >= 0) {
                zoneRate = zones.zone(activeZone).rampRateKelvinPerMinute();
            }
            ramp.advance(nowTicks, zoneRate);
            if (mode == LoopMode.LOOP_MODE_ZONE) {
                int z = zones.select(ramp.setpointKelvin());
                if (z != activeZone) {
                    applyZone(z);
                }
            }
            out = sampleMissed && !sensorFaulted ? pid.hold(nowTicks)
                    : pid.update(ramp.setpointKelvin(), measurementKelvin, measurementTicks, nowTicks, sensorFaulted);
            faultReason = pid.faultReason();
        } else if (mode == LoopMode.LOOP_MODE_AUTOTUNE) {
            ramp.pause(nowTicks);
            out = autotuner.update(measurementKelvin, measurementTicks, nowTicks, sensorFaulted || sampleMissed);
            faultReason = autotuner.faultReason();
            pid.track(ramp.setpointKelvin(), measurementKelvin, measurementTicks, nowTicks, out);
            if (autotuner.finished()) {
                endAutotune(null);
            }
        } else if (mode == LoopMode.LOOP_MODE_OPEN_LOOP) {
            ramp.pause(nowTicks);
            out = Math.min(manualOutputWatts, outputCeilingWatts());
            pid.track(ramp.setpointKelvin(), measurementKelvin, measurementTicks, nowTicks, out);
            faultReason = PidController.NO_FAULT;
        } else {
            ramp.pause(nowTicks);
            out = 0.0;
            pid.track(ramp.setpointKelvin(), measurementKelvin, measurementTicks, nowTicks, 0.0);
            faultReason = switchedOffByTrip ? FAULT_SWITCHED_OFF_BY_TRIP : PidController.NO_FAULT;
        }
        outputWatts = out;
        return out;
    }

    private void applyZone(int z) {
        ZoneConfig zc = zones.zone(z);
        pid.setGains(zc.p(), zc.i(), zc.d()); // bumpless: the integrator absorbs the gain change
        heaterRange = zc.heaterRange();
        activeZone = z;
        pid.setMaxOutputWatts(outputCeilingWatts());
    }

    // ---- commands: check everything, then change everything, or nothing ----

    /** The lowest setpoint any loop takes: below a millikelvin no calibration curve reads. */
    public static final double MIN_SETPOINT_KELVIN = 0.001;

    public String setSetpoint(double kelvin) {
        if (!Double.isFinite(kelvin) || !(kelvin > 0) || kelvin > setpointLimitKelvin) {
            return "set_setpoint.setpoint_kelvin " + kelvin + " outside (0, " + setpointLimitKelvin + "] K (" + setpointLimitWhy
                    + ") for loop " + loopId();
        }
        if (kelvin < MIN_SETPOINT_KELVIN) {
            // 4.9e-324 K is a number, not a temperature: no thermometer curve reads below a millikelvin
            return "set_setpoint.setpoint_kelvin " + kelvin + " below " + MIN_SETPOINT_KELVIN
                    + " K: no thermometer curve covers sub-millikelvin temperatures (loop " + loopId() + ")";
        }
        if (kelvin <= setpointFloorKelvin) {
            // holding there keeps the stage within its hold band of the under-temperature trip
            return "set_setpoint.setpoint_kelvin " + kelvin + " at or below " + setpointFloorKelvin
                    + " K (the stage's under-temperature limit plus the hold band) for loop " + loopId();
        }
        ramp.setTarget(kelvin);
        return null;
    }

    public String setRamp(boolean enabled, double rateKelvinPerMinute) {
        if (!Double.isFinite(rateKelvinPerMinute) || rateKelvinPerMinute < 0 || rateKelvinPerMinute > LoopConfig.MAX_RAMP_KELVIN_PER_MINUTE) {
            return "set_ramp.rate_kelvin_per_minute " + rateKelvinPerMinute + " outside 0.." + LoopConfig.MAX_RAMP_KELVIN_PER_MINUTE + " K/min";
        }
        if (enabled && rateKelvinPerMinute == 0) {
            return "set_ramp.rate_kelvin_per_minute must be > 0 to enable ramping";
        }
        ramp.configure(enabled, rateKelvinPerMinute);
        return null;
    }

    public String setMode(LoopMode m) {
        if (m != LoopMode.LOOP_MODE_OFF && m != LoopMode.LOOP_MODE_PID && m != LoopMode.LOOP_MODE_ZONE
                && m != LoopMode.LOOP_MODE_OPEN_LOOP && m != LoopMode.LOOP_MODE_MONITOR) {
            return "set_mode.mode " + m + " not settable on loop " + loopId() + " (off, pid, zone, open-loop, monitor; autotune has its own command)";
        }
        if (m == LoopMode.LOOP_MODE_ZONE && zones.size() == 0) {
            return "set_mode.mode zone: loop " + loopId() + " has no zone table (send set_zone_table first)";
        }
        if (mode == LoopMode.LOOP_MODE_AUTOTUNE) {
            endAutotune(Autotuner.ABORTED_MODE);
        }
        boolean wasClosed = closedLoop();
        if (m == LoopMode.LOOP_MODE_OPEN_LOOP && mode != LoopMode.LOOP_MODE_OPEN_LOOP) {
            manualOutputWatts = outputWatts; // bumpless: manual starts where the loop was
        }
        if (m == LoopMode.LOOP_MODE_PID) {
            pid.setGains(ownP, ownI, ownD);
            pid.setMaxOutputWatts(rangeMaxWatts());
        }
        activeZone = -1; // zone mode picks its zone (bumplessly) on the next tick
        mode = m;
        switchedOffByTrip = false;
        if (closedLoop() && !wasClosed) {
            ramp.startFrom(lastMeasurementKelvin); // a ramp starts from where the stage is
        }
        if (!closedLoop()) {
            pid.setMaxOutputWatts(outputCeilingWatts());
        }
        return null;
    }

    public String setHeaterRange(int range) {
        if (range < 0 || range > config.heaterRangeCount()) {
            return "set_heater_range.heater_range " + range + " outside 0.." + config.heaterRangeCount() + " (ranges heater of loop "
                    + loopId() + " has)";
        }
        if (mode == LoopMode.LOOP_MODE_ZONE) {
            return "set_heater_range: loop " + loopId() + " is in zone mode, where the zone table sets the range";
        }
        if (mode == LoopMode.LOOP_MODE_AUTOTUNE) {
            return "set_heater_range: loop " + loopId() + " is autotuning";
        }
        heaterRange = range;
        pid.setMaxOutputWatts(rangeMaxWatts());
        return null;
    }

    public String setZoneTable(List<ZoneConfig> rows) {
        String p = ZoneConfig.tableProblem("set_zone_table.zones", rows, config.heaterResistanceOhms(), config.heaterRangeCount());
        if (p != null) {
            return p;
        }
        if (rows.isEmpty() && (mode == LoopMode.LOOP_MODE_ZONE || mode == LoopMode.LOOP_MODE_AUTOTUNE)) {
            return "set_zone_table: an empty table would leave loop " + loopId() + " in " + mode + " without zones";
        }
        if (mode == LoopMode.LOOP_MODE_AUTOTUNE) {
            return "set_zone_table: loop " + loopId() + " is autotuning (abort it first)";
        }
        zones = new ZoneTable(rows);
        activeZone = -1;
        return null;
    }

    public String setGains(double p, double i, double d) {
        String m = PidController.checkGainsMessage(p, i, d);
        if (m != null) {
            return "set_gains: " + m;
        }
        ownP = p;
        ownI = i;
        ownD = d;
        if (mode == LoopMode.LOOP_MODE_PID) {
            pid.setGains(p, i, d);
        }
        return null;
    }

    public String setManualOutput(double watts) {
        double max = rangeMaxWatts();
        if (!Double.isFinite(watts) || watts < 0 || watts > max) {
            return "set_manual_output.output_watts " + watts + " outside [0, " + max + "] W of range " + heaterRange + " on loop " + loopId();
        }
        manualOutputWatts = watts;
        return null;
    }

    /**
     * Starts relay autotune of one zone around the present setpoint: the heater switches between
     * the present output ± {@code stepWatts}; the result becomes the zone's gains.
     */
    public String startAutotune(long zoneIndex, double stepWatts, double amplitudeLimitKelvin, double timeoutSeconds, long nowTicks) {
        if (zoneIndex < 0 || zoneIndex >= zones.size()) {
            return "start_autotune.zone " + zoneIndex + " outside 0.." + (zones.size() - 1) + " (zones of loop " + loopId() + ")";
        }
        int zone = (int) zoneIndex;
        if (mode != LoopMode.LOOP_MODE_PID && mode != LoopMode.LOOP_MODE_ZONE) {
            return "start_autotune: loop " + loopId() + " must be in closed loop (pid or zone) and settled near the setpoint, is " + mode;
        }
        ZoneConfig z = zones.zone(zone);
        double ceiling = z.maxOutputWatts() > 0 ? z.maxOutputWatts() : HeaterRanges.maxPowerWatts(z.heaterRange(), config.heaterResistanceOhms());
        if (!Double.isFinite(stepWatts) || !(stepWatts > 0) || stepWatts > ceiling) {
            return "start_autotune.step_watts " + stepWatts + " outside (0, " + ceiling + "] W of zone " + zone;
        }
        if (!Double.isFinite(amplitudeLimitKelvin) || !(amplitudeLimitKelvin > 0) || amplitudeLimitKelvin > setpointKelvin()) {
            return "start_autotune.amplitude_limit_kelvin " + amplitudeLimitKelvin + " outside (0, " + setpointKelvin() + "] K";
        }
        if (setpointKelvin() - amplitudeLimitKelvin <= setpointFloorKelvin) {
            return "start_autotune.amplitude_limit_kelvin " + amplitudeLimitKelvin + " below setpoint " + setpointKelvin()
                    + " K reaches " + setpointFloorKelvin + " K (the stage's under-temperature limit plus the hold band)";
        }
        if (!Double.isFinite(timeoutSeconds) || timeoutSeconds < 10 || timeoutSeconds > 86_400) {
            return "start_autotune.timeout_seconds " + timeoutSeconds + " outside 10..86400 s";
        }
        if (!Double.isFinite(lastMeasurementKelvin)) {
            return "start_autotune: loop " + loopId() + " has no valid measurement";
        }
        double bias = Math.min(Math.max(outputWatts, stepWatts), ceiling - stepWatts);
        if (bias < stepWatts - 1e-15) {
            return "start_autotune.step_watts " + stepWatts + " too large for zone " + zone + ": output ± step must fit in [0, " + ceiling + "] W";
        }
        if (mode == LoopMode.LOOP_MODE_ZONE) {
            // tune with the zone's range, whatever the setpoint selects
            heaterRange = z.heaterRange();
        }
        pid.setMaxOutputWatts(ceiling);
        autotuner.start(zone, setpointKelvin(), bias, stepWatts, amplitudeLimitKelvin, timeoutSeconds, ceiling, mode, nowTicks);
        mode = LoopMode.LOOP_MODE_AUTOTUNE;
        return null;
    }

    public String abortAutotune() {
        if (mode != LoopMode.LOOP_MODE_AUTOTUNE) {
            return "abort_autotune: loop " + loopId() + " is not autotuning";
        }
        endAutotune(Autotuner.ABORTED_COMMAND);
        return null;
    }

    /** Ends a tuning run: stores the result on success, else leaves the heater off (mode off). */
    private void endAutotune(String abortReason) {
        if (abortReason != null) {
            autotuner.abort(abortReason);
        }
        if (autotuner.succeeded()) {
            int z = autotuner.zone();
            ZoneConfig old = zones.zone(z);
            ZoneConfig tuned = new ZoneConfig(old.upperBoundKelvin(), autotuner.resultP(), autotuner.resultI(), autotuner.resultD(),
                    old.heaterRange(), old.maxOutputWatts(), old.rampRateKelvinPerMinute());
            java.util.ArrayList<ZoneConfig> rows = new java.util.ArrayList<>();
            for (int k = 0; k < zones.size(); k++) {
                rows.add(k == z ? tuned : zones.zone(k));
            }
            zones = new ZoneTable(rows);
            activeZone = -1;
            mode = autotuner.returnMode();
            if (mode == LoopMode.LOOP_MODE_PID) {
                pid.setGains(ownP, ownI, ownD);
                pid.setMaxOutputWatts(rangeMaxWatts());
            }
        } else {
            mode = LoopMode.LOOP_MODE_OFF; // an aborted or failed tune leaves the heater off
            pid.setMaxOutputWatts(rangeMaxWatts());
        }
    }

    // ---- read side ----

    /** Whether a trip switched this loop off and no operator has set its mode since. */
    public boolean switchedOffByTrip() {
        return switchedOffByTrip;
    }

    public boolean closedLoop() {
        return mode == LoopMode.LOOP_MODE_PID || mode == LoopMode.LOOP_MODE_ZONE;
    }

    /** Whether the loop heats, or will once armed: closed loop, autotune, or open loop with a manual output above zero. */
    public boolean heating() {
        return closedLoop() || mode == LoopMode.LOOP_MODE_AUTOTUNE || mode == LoopMode.LOOP_MODE_OPEN_LOOP && manualOutputWatts > 0;
    }

    public double rangeMaxWatts() {
        return HeaterRanges.maxPowerWatts(heaterRange, config.heaterResistanceOhms());
    }

    /** What the output may reach now: the range's maximum, or a zone's lower ceiling. */
    public double outputCeilingWatts() {
        double max = rangeMaxWatts();
        if (mode == LoopMode.LOOP_MODE_ZONE && activeZone >= 0) {
            double zoneMax = zones.zone(activeZone).maxOutputWatts();
            if (zoneMax > 0 && zoneMax < max) {
                return zoneMax;
            }
        }
        return max;
    }

    public String loopId() {
        return config.loopId();
    }

    public LoopConfig config() {
        return config;
    }

    public int sensorIndex() {
        return config.sensorIndex();
    }

    public LoopMode mode() {
        return mode;
    }

    /** The active (possibly ramping) setpoint. */
    public double setpointKelvin() {
        return ramp.setpointKelvin();
    }

    public double targetSetpointKelvin() {
        return ramp.targetKelvin();
    }

    public boolean ramping() {
        return ramp.ramping();
    }

    public boolean rampEnabled() {
        return ramp.enabled();
    }

    public double rampRateKelvinPerMinute() {
        return ramp.rateKelvinPerMinute();
    }

    public double setpointLimitKelvin() {
        return setpointLimitKelvin;
    }

    public double outputWatts() {
        return outputWatts;
    }

    /**
     * The heater power the board measured, read each tick after the output was written (the
     * simulated board applies a written output at once; a real one may show it a tick later).
     * Differs from {@link #outputWatts()} when the heater is stuck, open or cut; NaN when the
     * board could not be read.
     */
    public double heaterReadbackWatts() {
        return heaterReadbackWatts;
    }

    /** The loop sensor's reading at the last tick, kelvin; NaN when it was faulted. */
    public double measurementKelvin() {
        return lastMeasurementKelvin;
    }

    public double manualOutputWatts() {
        return manualOutputWatts;
    }

    public int heaterRange() {
        return heaterRange;
    }

    public String faultReason() {
        return faultReason;
    }

    public boolean settled() {
        return closedLoop() && pid.settled();
    }

    /** Active zone, -1 when not in zone mode (or not yet chosen). */
    public int zone() {
        return mode == LoopMode.LOOP_MODE_ZONE ? activeZone : -1;
    }

    public ZoneTable zones() {
        return zones;
    }

    public PidController pid() {
        return pid;
    }

    public Autotuner autotuner() {
        return autotuner;
    }
}
