package cryo.sim.fault;

/** What can be wrong with a thermometer channel. */
public enum SensorFault {
    NONE, OPEN, SHORT, STUCK, NOISY, DRIFTING, DETACHED
}
