package cryo.deploy.slot;

/** Lifecycle of a slot: EMPTY -> BAD (being written) -> TRIAL (written, unconfirmed) -> GOOD or BAD. */
public enum SlotState {
    EMPTY, BAD, TRIAL, GOOD;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static SlotState parse(String text) {
        for (SlotState s : values()) {
            if (s.id().equals(text)) {
                return s;
            }
        }
        return null;
    }
}
