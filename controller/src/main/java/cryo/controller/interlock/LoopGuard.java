package cryo.controller.interlock;

import cryo.controller.alarm.AlarmRecord;
import cryo.controller.config.LoopInterlock;
import cryo.controller.heater.HeaterLoop;
import cryo.controller.ring.ControlEvent;
import cryo.v1.AlarmCause;

/**
 * Every check on one heater loop, after the heater stage of the same pass: heat-up, hold band,
 * heater stuck on, readback above the command, and a sensor detached from its stage. It judges the
 * output the heater stage commanded and the readback it took, both carried in the event
 * ({@link ControlEvent#heaterCommandWatts}, {@link ControlEvent#heaterReadbackWatts}), and keeps
 * the command for the sensor guards of the next pass (stuck sensor, cooling loss, the jump check's
 * "warmed by a heater"). Ring thread only; no allocation.
 */
final class LoopGuard implements Guard {
    private final int l;
    private final HeaterLoop loop;
    private final Interlock interlock;
    private final WarmupMode warmup;
    private final HeatUpDetector heatUp;
    private final HoldBandDetector hold;
    private final HeaterStuckOnDetector stuckOn;
    private final HeaterReadbackDetector readback;
    private final DetachedSensorDetector detached;
    private final double holdBandKelvin;
    private double lastCommandWatts;
    private long lastHeatTicks = Long.MIN_VALUE;

    LoopGuard(int l, HeaterLoop loop, LoopInterlock li, Interlock interlock, WarmupMode warmup) {
        this.l = l;
        this.holdBandKelvin = li.holdBandKelvin();
        this.loop = loop;
        this.interlock = interlock;
        this.warmup = warmup;
        heatUp = new HeatUpDetector(li.heatUpGainKelvin(), li.heatUpPeriodSeconds(), li.heatUpHysteresisKelvin());
        hold = new HoldBandDetector(li.holdBandKelvin(), li.holdPeriodSeconds(), li.holdMaxIntegratedKelvinSeconds());
        stuckOn = new HeaterStuckOnDetector(li.stuckOnRiseKelvin(), li.stuckOnWindowSeconds(),
                li.stuckOnSettleSeconds(), li.stuckOnOtherToleranceWatts(), li.stuckOnOtherToleranceFraction());
        readback = new HeaterReadbackDetector(li.readbackToleranceWatts(), li.readbackToleranceFraction(), li.readbackDebounceSamples());
        detached = new DetachedSensorDetector(li.detachedHoldWattsPerKelvinSquared(), li.detachedFloorWatts(),
                li.detachedFactor(), li.detachedPeriodSeconds());
    }

    /** What this pass's heater stage commanded: zero while tripped (the safe state). */
    static double commanded(ControlEvent e, int l, boolean tripped) {
        return tripped ? 0.0 : Math.max(0, e.heaterCommandWatts[l]);
    }

    /**
     * @param allCommandedWatts every loop's command this pass: the stuck-on check judges a stage
     *                          only while the other heaters hold still
     */
    void check(ControlEvent e, long t, double allCommandedWatts) {
        int s = loop.sensorIndex();
        double k = e.temperatureKelvin[s];
        boolean tripped = interlock.tripped();
        double commanded = commanded(e, l, tripped);
        // behaviour checks only while the loop regulates; a tripped interlock holds the output at zero;
        // a cold-stage loop cannot regulate during warm-up (refused), its checks stand down all the same
        boolean regulating = loop.closedLoop() && !tripped && !warmup.standsDown(s);
        double sp = regulating ? loop.setpointKelvin() : Double.NaN;
        if (heatUp.update(k, sp, t)) {
            interlock.trip(AlarmCause.HEATUP_FAILED, s, l, k, heatUp.targetKelvin(), t);
        }
        if (hold.update(k, sp, t)) {
            interlock.trip(AlarmCause.HOLD_BAND_RUNAWAY, s, l, hold.lastErrorKelvin(), hold.bandKelvin(), t);
        }
        // warming with the command at zero is what a warm-up is: a cold stage's thermometer cannot tell a
        // stuck heater from it (no reading: no window); the readback check below judges its heater instead
        double stuckOnKelvin = warmup.standsDown(s) ? Double.NaN : k;
        if (stuckOn.update(stuckOnKelvin, commanded, allCommandedWatts - commanded, t)) {
            interlock.trip(AlarmCause.HEATER_STUCK_ON, s, l, stuckOn.lastRiseKelvin(), stuckOn.riseKelvin(), t);
        }
        if (detached.update(tripped ? 0.0 : e.heaterCommandWatts[l], sp, t)) {
            interlock.trip(AlarmCause.SENSOR_DETACHED_FROM_STAGE, s, l, detached.lastOutputWatts(), detached.lastLimitWatts(), t);
        }
        double rb = e.heaterReadbackWatts[l];
        if (!Double.isNaN(rb) && readback.update(commanded, rb)) {
            interlock.trip(AlarmCause.HEATER_READBACK_MISMATCH, s, l, rb, commanded + readback.toleranceWatts(), t);
        }
        lastCommandWatts = commanded;
        if (commanded > 0) {
            lastHeatTicks = t;
        }
    }

    /** The command of the last pass, watts (for the sensor guards of the next). */
    double lastCommandWatts() {
        return lastCommandWatts;
    }

    /**
     * Whether this loop warms its stage on purpose now: its heater was commanded above zero within
     * {@code ticks} of board time before {@code t}, and (in closed loop) the stage, as read in
     * this pass, is not beyond {@code factor} × (setpoint + hold band): a heater drives its stage
     * towards the setpoint, so a reading far past it is not its heat (a stuck heater, or a sensor
     * fault), whatever was commanded.
     */
    boolean warmingOnPurpose(ControlEvent e, long t, long ticks, double factor) {
        if (lastHeatTicks == Long.MIN_VALUE || t - lastHeatTicks > ticks) {
            return false;
        }
        return !loop.closedLoop() || stageKelvin(e) <= factor * (loop.setpointKelvin() + holdBandKelvin);
    }

    /** This loop's stage as read in this pass, kelvin (NaN when not read). */
    double stageKelvin(ControlEvent e) {
        return e.temperatureKelvin[loop.sensorIndex()];
    }

    @Override
    public boolean causePresent(AlarmRecord r) {
        switch (r.cause()) {
            case HEATER_STUCK_ON: return stuckOn.causePresent();
            case HEATER_READBACK_MISMATCH: return readback.causePresent();
            // heat-up, hold band, detached: judged again only with heat on after re-arm; CONFIG_FAULT:
            // a comparator write is retried each tick, and a fresh failure raises it again
            default: return false;
        }
    }

    @Override
    public void reset() {
        heatUp.reset();
        hold.reset();
        detached.reset();
    }
}
