package cryo.hal.bus;

/** The board did not answer within the transport's timeout (a hung or absent board). */
public class BusTimeoutException extends BusException {
    public BusTimeoutException(String message) {
        super(message);
    }
}
