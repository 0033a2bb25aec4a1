package cryo.deploy.state;

/** A copy of the state record cannot be used (bad CRC, truncated, unknown value). */
public final class StateFormatException extends Exception {
    public StateFormatException(String message) {
        super(message);
    }
}
