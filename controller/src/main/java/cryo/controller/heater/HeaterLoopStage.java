package cryo.controller.heater;

import cryo.controller.config.ZoneConfig;
import cryo.controller.interlock.Interlock;
import cryo.controller.interlock.WarmupMode;
import cryo.controller.ring.ControlEvent;
import cryo.controller.ring.EventType;
import cryo.controller.ring.RingStage;
import cryo.hal.bus.BusException;
import cryo.hal.device.Heater;
import cryo.hal.regmap.CryoCmosRegisters;
import cryo.v1.AlarmCause;
import cryo.v1.Command;
import cryo.v1.Zone;
import java.util.ArrayList;
import java.util.List;

/**
 * Third stage: each heater loop computes its output from the sample and writes range and output
 * to the board, then reads back what the heater delivers; command and readback go into the event
 * for the interlock's loop guards later in the pass. A tripped interlock forces every output to
 * zero and switches every heating loop off (the interlock already drove the board safe; an
 * acknowledgement re-arms it but heats nothing: an operator turns each loop on again, its
 * setpoint then starting from the measured temperature). Applies loop commands atomically: each is
 * checked whole by the loop before any field changes, and refused with a reason otherwise; during
 * warm-up ({@link WarmupMode}, read here, written by the interlock stage) a command that would heat
 * a cold-stage loop is refused. Ring thread only; no allocation on a tick.
 */
public final class HeaterLoopStage implements RingStage {
    private final HeaterLoop[] loops;
    private final Heater[] heaters;
    private final Interlock interlock;
    private final WarmupMode warmup;
    private final int[] writtenRange;
    private final long[] lastSampleCount;
    private final long[] sampleTicks;

    public HeaterLoopStage(HeaterLoop[] loops, Heater[] heaters, Interlock interlock, WarmupMode warmup) {
        this.loops = loops.clone();
        this.heaters = heaters.clone();
        this.interlock = interlock;
        this.warmup = warmup;
        this.writtenRange = new int[loops.length];
        this.lastSampleCount = new long[loops.length];
        this.sampleTicks = new long[loops.length];
        java.util.Arrays.fill(writtenRange, -1);
        java.util.Arrays.fill(lastSampleCount, -1);
    }

    @Override
    public void onEvent(ControlEvent e) {
        if (e.type == EventType.TICK) {
            for (int i = 0; i < loops.length; i++) {
                tick(i, e);
            }
        } else if (e.type == EventType.COMMAND) {
            applyCommand(e);
        }
    }

    private void tick(int i, ControlEvent e) {
        HeaterLoop loop = loops[i];
        int s = loop.sensorIndex();
        int status = e.sensorStatus[s];
        // this loop's own read failed on the bus: missing data, held until stale; a failed transfer
        // elsewhere on the tick says nothing of it
        boolean missed = e.sampleMissed(s);
        // the sample's time is when its count last moved: a board that stops converting goes stale
        if (!missed && e.sampleCount[s] != lastSampleCount[i]) {
            lastSampleCount[i] = e.sampleCount[s];
            sampleTicks[i] = e.boardTicks;
        }
        boolean faulted = !missed && ((status & (CryoCmosRegisters.THERM_STATUS_OPEN | CryoCmosRegisters.THERM_STATUS_SHORT)) != 0
                || (status & CryoCmosRegisters.THERM_STATUS_VALID) == 0);
        boolean tripped = interlock.tripped();
        boolean tuning = loop.autotuner().running();
        double out = loop.tick(e.boardTicks, e.temperatureKelvin[s], sampleTicks[i], faulted, missed, tripped);
        if (tuning && Autotuner.FAILED.equals(loop.autotuner().state())) {
            // a tune that failed (timeout, amplitude) left the heater off: a warning the operator sees and acknowledges
            interlock.warn(AlarmCause.AUTOTUNE_FAILED, s, i, loop.autotuner().cyclesSeen(), 0, e.boardTicks);
        }
        e.heaterCommandWatts[i] = tripped ? 0.0 : out; // judged by the interlock's loop guards later this pass
        if (tripped) {
            writtenRange[i] = -1; // the safe state set range 0; rewrite on re-arm
            // heaters are held at zero by the safe state: write nothing, but still show what the
            // heater delivers (a stuck heater keeps heating through a trip)
            readBack(i, e);
            return;
        }
        try {
            if (writtenRange[i] != loop.heaterRange()) {
                heaters[i].setRange(loop.heaterRange());
                writtenRange[i] = loop.heaterRange();
            }
            heaters[i].setOutputWatts(out);
        } catch (BusException ex) {
            e.busFailed(ex);
            writtenRange[i] = -1;
        }
        readBack(i, e);
    }

    /** The heater's measured power into the loop's status; NaN while the bus is failing. */
    private void readBack(int i, ControlEvent e) {
        double w = Double.NaN; // NaN: a read would only fail again, or it failed
        if (!e.busFault()) {
            try {
                w = heaters[i].readbackWatts();
            } catch (BusException ex) {
                e.busFailed(ex);
            }
        }
        loops[i].heaterReadbackWatts = w;
        e.heaterReadbackWatts[i] = w; // judged by the interlock's loop guards later this pass
    }

    private void applyCommand(ControlEvent e) {
        Command c = e.command;
        HeaterLoop l;
        String refusal;
        String note;
        switch (c.getActionCase()) {
            case SET_SETPOINT: {
                l = find(c.getSetSetpoint().getLoopId(), e);
                if (l == null) {
                    return;
                }
                double sp = c.getSetSetpoint().getSetpointKelvin();
                refusal = l.setSetpoint(sp);
                note = "loop " + l.loopId() + " setpoint " + sp + " K" + (l.rampEnabled() ? " (ramping at " + l.rampRateKelvinPerMinute() + " K/min)" : "");
                break;
            }
            case SET_RAMP: {
                l = find(c.getSetRamp().getLoopId(), e);
                if (l == null) {
                    return;
                }
                refusal = l.setRamp(c.getSetRamp().getEnabled(), c.getSetRamp().getRateKelvinPerMinute());
                note = "loop " + l.loopId() + " ramp " + (c.getSetRamp().getEnabled() ? c.getSetRamp().getRateKelvinPerMinute() + " K/min" : "off");
                break;
            }
            case SET_MODE: {
                l = find(c.getSetMode().getLoopId(), e);
                if (l == null || refusedByWarmup(l, c, e)) {
                    return;
                }
                refusal = l.setMode(c.getSetMode().getMode());
                note = "loop " + l.loopId() + " mode " + c.getSetMode().getMode();
                break;
            }
            case SET_HEATER_RANGE: {
                l = find(c.getSetHeaterRange().getLoopId(), e);
                if (l == null) {
                    return;
                }
                refusal = l.setHeaterRange(c.getSetHeaterRange().getHeaterRange());
                note = "loop " + l.loopId() + " range " + c.getSetHeaterRange().getHeaterRange();
                break;
            }
            case SET_ZONE_TABLE: {
                l = find(c.getSetZoneTable().getLoopId(), e);
                if (l == null) {
                    return;
                }
                refusal = l.setZoneTable(zones(c.getSetZoneTable().getZonesList()));
                note = "loop " + l.loopId() + " zone table of " + c.getSetZoneTable().getZonesCount() + " zones";
                break;
            }
            case SET_GAINS: {
                l = find(c.getSetGains().getLoopId(), e);
                if (l == null) {
                    return;
                }
                var g = c.getSetGains();
                refusal = l.setGains(g.getP(), g.getI(), g.getD());
                note = "loop " + l.loopId() + " gains p=" + g.getP() + " i=" + g.getI() + " d=" + g.getD()
                        + (l.mode() == cryo.v1.LoopMode.LOOP_MODE_PID ? "" : " (stored; used in pid mode)");
                break;
            }
            case SET_MANUAL_OUTPUT: {
                l = find(c.getSetManualOutput().getLoopId(), e);
                if (l == null || refusedByWarmup(l, c, e)) {
                    return;
                }
                refusal = l.setManualOutput(c.getSetManualOutput().getOutputWatts());
                note = "loop " + l.loopId() + " manual output " + c.getSetManualOutput().getOutputWatts() + " W";
                break;
            }
            case START_AUTOTUNE: {
                var a = c.getStartAutotune();
                l = find(a.getLoopId(), e);
                if (l == null || refusedByWarmup(l, c, e)) {
                    return;
                }
                long zone = Integer.toUnsignedLong(a.getZone()); // uint32: 4e9 is not -294967296
                refusal = l.startAutotune(zone, a.getStepWatts(), a.getAmplitudeLimitKelvin(), a.getTimeoutSeconds(), e.boardTicks);
                note = "loop " + l.loopId() + " autotune of zone " + zone + " started";
                break;
            }
            case ABORT_AUTOTUNE: {
                l = find(c.getAbortAutotune().getLoopId(), e);
                if (l == null) {
                    return;
                }
                refusal = l.abortAutotune();
                note = "loop " + l.loopId() + " autotune aborted, heater off";
                break;
            }
            default:
                return; // not a loop command; another stage handles it
        }
        if (refusal == null) {
            e.outcome.accept(note);
        } else {
            e.outcome.refuse(refusal);
        }
    }

    private static List<ZoneConfig> zones(List<Zone> rows) {
        List<ZoneConfig> out = new ArrayList<>(rows.size());
        for (Zone z : rows) {
            out.add(new ZoneConfig(z.getUpperBoundKelvin(), z.getP(), z.getI(), z.getD(), z.getHeaterRange(),
                    z.getMaxOutputWatts(), z.getRampRateKelvinPerMinute()));
        }
        return out;
    }

    /** Refuses (and says so) a command that would heat a cold-stage loop during warm-up. */
    private boolean refusedByWarmup(HeaterLoop l, Command c, ControlEvent e) {
        String why = warmup.refusal(l, c);
        if (why != null) {
            e.outcome.refuse(why);
        }
        return why != null;
    }

    private HeaterLoop find(String loopId, ControlEvent e) {
        for (HeaterLoop l : loops) {
            if (l.loopId().equals(loopId)) {
                return l;
            }
        }
        e.outcome.refuse("unknown loop '" + loopId + "'");
        return null;
    }

    public HeaterLoop[] loops() {
        return loops;
    }
}
