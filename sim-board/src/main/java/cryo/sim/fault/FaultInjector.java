package cryo.sim.fault;

import cryo.hal.device.StageId;
import cryo.sim.board.SimulatedBoard;

/**
 * Breaks the simulated hardware on purpose, from a test or a scenario. Sensor and heater faults
 * name the stage; the board's wiring says which channel that is. {@link #inject} switches a
 * fault on, {@link #clear} repairs it. Plant faults go to the plant's knobs (a plant that cannot
 * model one refuses).
 */
public final class FaultInjector {
    private final SimulatedBoard board;

    public FaultInjector(SimulatedBoard board) {
        this.board = board;
    }

    public void inject(FaultKind kind, StageId stage, double value) {
        apply(kind, stage, value, true);
    }

    public void clear(FaultKind kind, StageId stage) {
        apply(kind, stage, 0.0, false);
    }

    /** The thermometer channel wired to a stage; refuses a stage with no thermometer. */
    public int thermometerChannel(StageId stage) {
        for (int ch = 0; ch < board.thermometerChannels(); ch++) {
            if (board.wiring().thermometerStage(ch) == stage) {
                return ch;
            }
        }
        throw new IllegalArgumentException("no thermometer on stage '" + (stage == null ? "none" : stage.id()) + "'");
    }

    /** The heater channel wired to a stage; refuses a stage with no heater. */
    public int heaterChannel(StageId stage) {
        for (int h = 0; h < board.heaterChannels(); h++) {
            if (board.wiring().heaterStage(h) == stage) {
                return h;
            }
        }
        throw new IllegalArgumentException("no heater on stage '" + (stage == null ? "none" : stage.id()) + "'");
    }

    private void apply(FaultKind kind, StageId stage, double value, boolean on) {
        synchronized (board) {
            BoardFaults f = board.faults();
            switch (kind) {
                case HEATER_STUCK_ON: board.setHeaterStuckOn(heaterChannel(stage), on); break;
                case HEATER_OPEN: f.heaterOpen[heaterChannel(stage)] = on; break;
                case HEATER_SHORT: f.heaterShort[heaterChannel(stage)] = on; break;
                case SENSOR_OPEN: case SENSOR_SHORT: case SENSOR_STUCK: case SENSOR_NOISY:
                case SENSOR_DRIFTING: case SENSOR_DETACHED:
                    sensor(f, kind, thermometerChannel(stage), value, on);
                    break;
                case PULSE_TUBE_STOP: board.plant().setPulseTubeRunning(!on); break;
                case CIRCULATION_LOSS: board.plant().setCirculationLossFraction(on ? requireRange(kind, value) : 0.0); break;
                case VACUUM_DEGRADATION: board.plant().setVacuumGasPressurePascal(on ? requireRange(kind, value) : 0.0); break;
                case BUS_BIT_ERRORS: f.responseBitErrorRate = on ? requireRange(kind, value) : 0.0; break;
                case BUS_CRC_FAILURES: f.requestCrcErrorRate = on ? requireRange(kind, value) : 0.0; break;
                case BOARD_HANG: board.setHung(on); break;
                case SUPPLY_SAG: f.supplySagVolts = on ? requireRange(kind, value) : 0.0; break;
                case CMOS_OVERHEATING: f.extraCmosWatts = on ? requireRange(kind, value) : 0.0; break;
                default: throw new IllegalStateException(kind.id());
            }
        }
    }

    private void sensor(BoardFaults f, FaultKind kind, int ch, double value, boolean on) {
        SensorFault which;
        switch (kind) {
            case SENSOR_OPEN: which = SensorFault.OPEN; break;
            case SENSOR_SHORT: which = SensorFault.SHORT; break;
            case SENSOR_STUCK: which = SensorFault.STUCK; break;
            case SENSOR_NOISY: which = SensorFault.NOISY; break;
            case SENSOR_DRIFTING: which = SensorFault.DRIFTING; break;
            default: which = SensorFault.DETACHED; break;
        }
        if (!on) {
            if (f.sensorFault[ch] == which) {
                f.sensorFault[ch] = SensorFault.NONE;
            }
            return;
        }
        double now = cryo.hal.device.BoardClock.toSeconds(board.clock().nowTicks());
        switch (which) {
            case NOISY: f.noiseFactor[ch] = requireRange(kind, value); break;
            case DRIFTING:
                f.driftPerSecond[ch] = requireRange(kind, value) / 3600.0;
                f.driftSinceSeconds[ch] = now;
                break;
            case DETACHED:
                f.blockTimeConstantSeconds[ch] = requireRange(kind, value);
                f.blockKelvin[ch] = Double.NaN; // starts at the stage's temperature at the next sample
                break;
            case STUCK: f.stuckUnits[ch] = Double.NaN; break; // freezes at the next sample
            default: break;
        }
        f.sensorFault[ch] = which;
    }

    private static double requireRange(FaultKind kind, double value) {
        if (!kind.valueInRange(value)) {
            throw new IllegalArgumentException(kind.id() + ": value " + value + " " + kind.valueUnit() + " outside " + kind.minValue() + ".." + kind.maxValue());
        }
        return value;
    }
}
