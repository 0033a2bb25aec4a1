package cryo.deploy.cli;

/** A refusal or bad input, reported as one line on stderr with exit code 1. */
public final class UserError extends Exception {
    public UserError(String message) {
        super(message);
    }
}
