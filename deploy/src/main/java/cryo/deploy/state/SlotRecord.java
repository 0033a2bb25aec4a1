package cryo.deploy.state;

import cryo.deploy.slot.SlotState;

/**
 * What the state record says about one slot.
 *
 * @param note why the slot is in its state (e.g. why it was marked bad); free text, one line
 */
public record SlotRecord(SlotState state, String version, int triesLeft, long securityCounter, String note) {

    public static final SlotRecord EMPTY = new SlotRecord(SlotState.EMPTY, "", 0, 0, "");

    public SlotRecord {
        version = oneLine(version);
        note = oneLine(note);
    }

    public SlotRecord withState(SlotState newState, String newNote) {
        return new SlotRecord(newState, version, triesLeft, securityCounter, newNote);
    }

    public SlotRecord withTriesLeft(int tries) {
        return new SlotRecord(state, version, tries, securityCounter, note);
    }

    /** Bootable means the loader may launch it (subject to tries and the security counter). */
    public boolean bootable() {
        return state == SlotState.GOOD || state == SlotState.TRIAL;
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replace('\n', ' ').replace('\r', ' ');
    }
}
