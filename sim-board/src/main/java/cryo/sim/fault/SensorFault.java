package cryo.sim.fault;

/** What can be wrong with a thermometer channel; several may hold at once (see {@link BoardFaults}). */
public enum SensorFault {
    NONE, OPEN, SHORT, STUCK, NOISY, DRIFTING, DETACHED, FROZEN, OFFSET
}
