package cryo.sim.fault;

import cryo.hal.device.BoardClock;
import cryo.hal.device.StageId;
import cryo.sim.board.SimulatedBoard;

/**
 * Breaks the simulated hardware on purpose, from a test or a scenario: the one way to change a
 * board's {@link BoardFaults}. Sensor and heater faults name the stage (the board's wiring says
 * which channel that is) or a channel outright (a second thermometer on one stage). {@link #inject}
 * switches a fault on as a step, {@link #ramp} moves its value there over a time, {@link #clear}
 * repairs it at once or ramps it back. Several faults may hold on one channel at once. Plant
 * faults go to the plant's knobs (a plant that cannot model one refuses).
 *
 * <p>Thread contract: any thread; each call takes the board's lock, so it lands between two
 * simulation steps. Times are the board clock's.
 */
public final class FaultInjector {
    private final SimulatedBoard board;

    public FaultInjector(SimulatedBoard board) {
        this.board = board;
    }

    /** Switches a fault on at once, at {@code value} (ignored by faults that take none). */
    public void inject(FaultKind kind, StageId stage, double value) {
        ramp(kind, target(kind, stage), value, 0);
    }

    /** Switches a fault on a thermometer or heater channel (not a stage) on at once. */
    public void injectChannel(FaultKind kind, int channel, double value) {
        ramp(kind, checkChannel(kind, channel), value, 0);
    }

    /**
     * Switches a fault on with its value moving linearly from where it is (its neutral value when
     * it was off) to {@code value} over {@code rampSeconds} of board time; 0 is a step.
     */
    public void ramp(FaultKind kind, StageId stage, double value, double rampSeconds) {
        ramp(kind, target(kind, stage), value, rampSeconds);
    }

    /** As {@link #ramp(FaultKind, StageId, double, double)} on a thermometer or heater channel. */
    public void rampChannel(FaultKind kind, int channel, double value, double rampSeconds) {
        ramp(kind, checkChannel(kind, channel), value, rampSeconds);
    }

    /** Repairs a fault at once. */
    public void clear(FaultKind kind, StageId stage) {
        clear(kind, target(kind, stage), 0);
    }

    /** Repairs a fault by moving its value back to neutral over {@code rampSeconds} (0: at once). */
    public void clear(FaultKind kind, StageId stage, double rampSeconds) {
        clear(kind, target(kind, stage), rampSeconds);
    }

    /** Repairs a fault on a thermometer or heater channel, at once or over {@code rampSeconds}. */
    public void clearChannel(FaultKind kind, int channel, double rampSeconds) {
        clear(kind, checkChannel(kind, channel), rampSeconds);
    }

    /** The thermometer channel wired to a stage (the first, if it has several); refuses a stage with no thermometer. */
    public int thermometerChannel(StageId stage) {
        for (int ch = 0; ch < board.thermometerChannels(); ch++) {
            if (ch < board.wiring().thermometerChannels() && board.wiring().thermometerStage(ch) == stage) {
                return ch;
            }
        }
        throw new IllegalArgumentException("no thermometer on stage '" + (stage == null ? "none" : stage.id()) + "'");
    }

    /** The heater channel wired to a stage; refuses a stage with no heater. */
    public int heaterChannel(StageId stage) {
        for (int h = 0; h < board.heaterChannels(); h++) {
            if (h < board.wiring().heaterChannels() && board.wiring().heaterStage(h) == stage) {
                return h;
            }
        }
        throw new IllegalArgumentException("no heater on stage '" + (stage == null ? "none" : stage.id()) + "'");
    }

    private int target(FaultKind kind, StageId stage) {
        switch (kind.target()) {
            case SENSOR: return thermometerChannel(stage);
            case HEATER: return heaterChannel(stage);
            default: return 0;
        }
    }

    private int checkChannel(FaultKind kind, int channel) {
        switch (kind.target()) {
            case SENSOR:
                if (channel < 0 || channel >= board.wiring().thermometerChannels() || board.wiring().thermometerStage(channel) == null) {
                    throw new IllegalArgumentException(kind.id() + ": no thermometer on channel " + channel);
                }
                return channel;
            case HEATER:
                if (channel < 0 || channel >= board.wiring().heaterChannels() || board.wiring().heaterStage(channel) == null) {
                    throw new IllegalArgumentException(kind.id() + ": no heater on channel " + channel);
                }
                return channel;
            default:
                throw new IllegalArgumentException(kind.id() + " takes no channel");
        }
    }

    private void ramp(FaultKind kind, int target, double value, double rampSeconds) {
        if (!(rampSeconds >= 0) || rampSeconds == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(kind.id() + ": ramp " + rampSeconds + " s must be finite and >= 0");
        }
        if (rampSeconds > 0 && !kind.rampable()) {
            throw new IllegalArgumentException(kind.id() + " cannot ramp (it takes no value, or its value is a time constant)");
        }
        double v = kind.valueUnit() == null ? 0.0 : requireRange(kind, value);
        synchronized (board) {
            BoardFaults f = board.faults();
            double now = BoardClock.toSeconds(board.clock().nowTicks());
            double from = rampSeconds > 0 ? f.value(kind, target, now) : v;
            if (kind == FaultKind.HEATER_STUCK_ON && !f.isOn(kind, target)) {
                f.stickHeater(target, board.heaterPowerWatts(target)); // stays at what it delivered
            }
            f.set(kind, target, from, v, now, now + rampSeconds);
            applyNow(kind, f.value(kind, target, now), true);
        }
    }

    private void clear(FaultKind kind, int target, double rampSeconds) {
        if (!(rampSeconds >= 0) || rampSeconds == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException(kind.id() + ": ramp " + rampSeconds + " s must be finite and >= 0");
        }
        if (rampSeconds > 0 && !kind.rampable()) {
            throw new IllegalArgumentException(kind.id() + " cannot ramp (it takes no value, or its value is a time constant)");
        }
        synchronized (board) {
            BoardFaults f = board.faults();
            double now = BoardClock.toSeconds(board.clock().nowTicks());
            f.release(kind, target, now, now + rampSeconds);
            applyNow(kind, f.value(kind, target, now), f.isOn(kind, target));
        }
    }

    /** What must change at once besides the fault state: plant knobs and heater outputs. */
    private void applyNow(FaultKind kind, double value, boolean on) {
        switch (kind) {
            case PULSE_TUBE_STOP: board.plant().setPulseTubeRunning(!on); break;
            case CIRCULATION_LOSS: case VACUUM_DEGRADATION: BoardFaults.pushToPlant(kind, value, board.plant()); break;
            case HEATER_STUCK_ON: case HEATER_OPEN: case HEATER_SHORT: case HEATER_FORCED_POWER: board.applyHeaters(); break;
            default: break;
        }
    }

    private static double requireRange(FaultKind kind, double value) {
        if (!kind.valueInRange(value)) {
            throw new IllegalArgumentException(kind.id() + ": value " + value + " " + kind.valueUnit() + " outside " + kind.minValue() + ".." + kind.maxValue());
        }
        return value;
    }
}
