package cryo.controller.ring;

/** What a ring event carries. */
public enum EventType {
    /** A control tick: the board input stage samples the sensors, then every stage acts. */
    TICK,
    /** An operator command (already parsed off the ring); stages apply what concerns them. */
    COMMAND,
    /** Slot cleared by the last stage. */
    EMPTY
}
