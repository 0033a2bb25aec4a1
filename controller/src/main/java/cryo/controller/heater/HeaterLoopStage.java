package cryo.controller.heater;

import cryo.controller.interlock.Interlock;
import cryo.controller.ring.ControlEvent;
import cryo.controller.ring.EventType;
import cryo.controller.ring.RingStage;
import cryo.hal.bus.BusException;
import cryo.hal.device.Heater;
import cryo.hal.device.HeaterRanges;
import cryo.v1.Command;
import cryo.v1.LoopMode;

/**
 * Third stage: each heater loop computes its output from the sample and writes it to the board.
 * A tripped interlock forces every output to zero (the interlock already drove the board safe;
 * this keeps the loops from fighting it). Applies loop commands atomically: a command is checked
 * whole before any field changes. Ring thread only; no allocation on a tick.
 */
public final class HeaterLoopStage implements RingStage {
    private final HeaterLoop[] loops;
    private final Heater[] heaters;
    private final Interlock interlock;
    private final int[] writtenRange;

    public HeaterLoopStage(HeaterLoop[] loops, Heater[] heaters, Interlock interlock) {
        this.loops = loops.clone();
        this.heaters = heaters.clone();
        this.interlock = interlock;
        this.writtenRange = new int[loops.length];
        java.util.Arrays.fill(writtenRange, -1);
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
        double t = e.temperatureKelvin[loop.sensorIndex()];
        double out;
        if (interlock.tripped()) {
            out = 0.0;
            loop.faultReason = "interlock tripped";
            writtenRange[i] = -1; // the safe state set range 0; rewrite on re-arm
        } else if (loop.mode == LoopMode.LOOP_MODE_PID) {
            if (Double.isNaN(t)) {
                out = 0.0;
                loop.faultReason = e.busFault ? "no sample: bus fault" : "sensor reading invalid";
                loop.pid.update(loop.setpointKelvin, Double.NaN, e.boardTicks);
            } else {
                out = loop.pid.update(loop.setpointKelvin, t, e.boardTicks);
                loop.faultReason = "";
            }
        } else if (loop.mode == LoopMode.LOOP_MODE_OPEN_LOOP) {
            out = Math.min(loop.manualOutputWatts, loop.rangeMaxWatts());
            loop.faultReason = "";
        } else {
            out = 0.0;
            loop.faultReason = "";
        }
        loop.outputWatts = out;
        if (interlock.tripped()) {
            return; // heaters are held at zero by the safe state; don't touch the bus per loop
        }
        try {
            if (writtenRange[i] != loop.heaterRange) {
                heaters[i].setRange(loop.heaterRange);
                writtenRange[i] = loop.heaterRange;
            }
            heaters[i].setOutputWatts(out);
        } catch (BusException ex) {
            e.busFault = true;
            e.busFaultMessage = ex.getMessage();
            writtenRange[i] = -1;
        }
    }

    private void applyCommand(ControlEvent e) {
        Command c = e.command;
        switch (c.getActionCase()) {
            case SET_SETPOINT: {
                HeaterLoop l = find(c.getSetSetpoint().getLoopId(), e);
                double sp = c.getSetSetpoint().getSetpointKelvin();
                if (l == null) {
                    return;
                }
                if (!(sp > 0) || !Double.isFinite(sp) || sp > l.config.setpointLimitKelvin()) {
                    e.outcome.refuse("set_setpoint.setpoint_kelvin " + sp + " outside (0, " + l.config.setpointLimitKelvin() + "] K for loop " + l.loopId());
                    return;
                }
                l.setpointKelvin = sp;
                e.outcome.accept("setpoint " + sp + " K");
                return;
            }
            case SET_MODE: {
                HeaterLoop l = find(c.getSetMode().getLoopId(), e);
                if (l == null) {
                    return;
                }
                LoopMode m = c.getSetMode().getMode();
                if (m != LoopMode.LOOP_MODE_OFF && m != LoopMode.LOOP_MODE_PID && m != LoopMode.LOOP_MODE_OPEN_LOOP
                        && m != LoopMode.LOOP_MODE_MONITOR) {
                    e.outcome.refuse("set_mode.mode " + m + " not supported by loop " + l.loopId() + " (off, pid, open-loop, monitor)");
                    return;
                }
                if (m == LoopMode.LOOP_MODE_PID && l.mode != LoopMode.LOOP_MODE_PID) {
                    l.pid.preset(l.outputWatts); // bumpless
                }
                if (m == LoopMode.LOOP_MODE_OPEN_LOOP && l.mode != LoopMode.LOOP_MODE_OPEN_LOOP) {
                    l.manualOutputWatts = l.outputWatts; // bumpless
                }
                l.mode = m;
                e.outcome.accept("mode " + m);
                return;
            }
            case SET_GAINS: {
                HeaterLoop l = find(c.getSetGains().getLoopId(), e);
                if (l == null) {
                    return;
                }
                var g = c.getSetGains();
                if (!(g.getP() >= 0) || !(g.getI() >= 0) || !(g.getD() >= 0)
                        || !Double.isFinite(g.getP()) || !Double.isFinite(g.getI()) || !Double.isFinite(g.getD())) {
                    e.outcome.refuse("set_gains: p, i, d must be finite and >= 0");
                    return;
                }
                l.pid.setGains(g.getP(), g.getI(), g.getD());
                e.outcome.accept("gains set");
                return;
            }
            case SET_HEATER_RANGE: {
                HeaterLoop l = find(c.getSetHeaterRange().getLoopId(), e);
                if (l == null) {
                    return;
                }
                int r = c.getSetHeaterRange().getHeaterRange();
                if (!HeaterRanges.valid(r)) {
                    e.outcome.refuse("set_heater_range.heater_range " + r + " outside 0.." + HeaterRanges.COUNT);
                    return;
                }
                l.heaterRange = r;
                l.pid.setMaxOutputWatts(l.rangeMaxWatts());
                e.outcome.accept("range " + r);
                return;
            }
            case SET_MANUAL_OUTPUT: {
                HeaterLoop l = find(c.getSetManualOutput().getLoopId(), e);
                if (l == null) {
                    return;
                }
                double w = c.getSetManualOutput().getOutputWatts();
                if (!(w >= 0) || !Double.isFinite(w) || w > l.rangeMaxWatts()) {
                    e.outcome.refuse("set_manual_output.output_watts " + w + " outside [0, " + l.rangeMaxWatts() + "] W of range " + l.heaterRange);
                    return;
                }
                l.manualOutputWatts = w;
                e.outcome.accept("manual output " + w + " W");
                return;
            }
            default:
                // not a loop command; another stage handles it
        }
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
