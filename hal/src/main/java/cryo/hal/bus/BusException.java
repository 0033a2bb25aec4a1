package cryo.hal.bus;

/** A register transfer failed: transport error, corrupted frame or refusal by the board. */
public class BusException extends Exception {
    public BusException(String message) {
        super(message);
    }

    public BusException(String message, Throwable cause) {
        super(message, cause);
    }
}
