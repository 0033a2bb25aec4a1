package cryo.workstation.cli;

/** A failure the user can fix; its message is the one line printed. */
public final class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }
}
