package cryo.hal.bus;

/** A frame arrived whose CRC-16 does not match its contents; its payload must not be used. */
public class CrcMismatchException extends BusException {
    public CrcMismatchException(String message) {
        super(message);
    }
}
