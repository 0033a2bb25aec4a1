package cryo.controller.ring;

/** Whether a command was applied, and why not. Written on the ring thread by the owning stage. */
public final class CommandOutcome {
    public boolean handled;
    public boolean accepted;
    public String reason = "";

    public void accept(String note) {
        handled = true;
        accepted = true;
        reason = note;
    }

    public void refuse(String why) {
        handled = true;
        accepted = false;
        reason = why;
    }

    void clear() {
        handled = false;
        accepted = false;
        reason = "";
    }
}
